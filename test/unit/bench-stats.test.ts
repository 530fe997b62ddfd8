import { describe, expect, it } from 'vitest';
import { medianInterval, percentile } from '../bench/stats.js';

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
  });
});
