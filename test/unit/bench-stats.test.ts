import { describe, expect, it } from 'vitest';
import { groupedMedianInterval, medianInterval, percentile } from '../bench/stats.js';

describe('benchmark statistics', () => {
  it('gives an interval around the median that narrows with more rounds, the same on every run', () => {
    // Ratios as a noisy machine gives them: a centre of 1.10 with a wide spread.
    const rounds = (n: number) => Array.from({ length: n }, (_, i) => 1.1 + 0.15 * Math.sin(i * 2.399) * Math.cos(i * 0.7));
    const few = rounds(24);
    const many = rounds(200);
    const [fewLow, fewHigh] = medianInterval(few);
    const [manyLow, manyHigh] = medianInterval(many);
    const median = percentile([...many].sort((a, b) => a - b), 50);
    expect(manyLow).toBeLessThanOrEqual(median);
    expect(manyHigh).toBeGreaterThanOrEqual(median);
    expect(manyHigh - manyLow).toBeLessThan(fewHigh - fewLow);
    expect(medianInterval(many)).toEqual([manyLow, manyHigh]);
  });

  it('collapses to the value when every round agrees', () => {
    expect(medianInterval([1.2, 1.2, 1.2, 1.2])).toEqual([1.2, 1.2]);
    expect(groupedMedianInterval([[1.2, 1.2], [1.2, 1.2, 1.2]])).toEqual([1.2, 1.2]);
  });

  it('widens the interval when groups of rounds disagree, as separate runs of the benchmark do', () => {
    const noise = (n: number, centre: number) => Array.from({ length: n }, (_, i) => centre + 0.05 * Math.sin(i * 2.399));
    const agreeing = [noise(34, 1.1), noise(33, 1.1), noise(33, 1.1)];
    const disagreeing = [noise(34, 1.02), noise(33, 1.1), noise(33, 1.18)];
    const width = ([low, high]: [number, number]) => high - low;
    // Pooled as if one group, the disagreeing rounds look about as certain as the agreeing ones.
    expect(width(medianInterval(disagreeing.flat()))).toBeLessThan(width(groupedMedianInterval(disagreeing)) / 2);
    expect(width(groupedMedianInterval(disagreeing))).toBeGreaterThan(2 * width(groupedMedianInterval(agreeing)));
    const [low, high] = groupedMedianInterval(disagreeing);
    expect(low).toBeLessThan(1.1);
    expect(high).toBeGreaterThan(1.1);
  });
});
