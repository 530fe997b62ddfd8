// A rate limit's "sliding" box says what it does where it is (issue 23, part 5): a person who never
// read the engine cannot tell a sliding window from a calendar one by the word alone.
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LimitsEditor } from '../../renderer/components/limits-editor.js';

describe('the rate limits editor', () => {
  it('explains "sliding" as the box\'s description: the last N seconds, not per calendar minute', () => {
    render(<LimitsEditor limits={[{ max: 10, window: 'minute' }, { max: 100, window: 'hour', sliding: true }]} onChange={() => undefined} />);
    const boxes = screen.getAllByRole('checkbox', { name: 'sliding' });
    expect(boxes).toHaveLength(2);
    for (const box of boxes) {
      const help = document.getElementById(box.getAttribute('aria-describedby') ?? '');
      expect(help?.textContent).toMatch(/^Sliding: counts the calls in the last minute \(hour, day, N seconds\) at any moment, not per calendar minute\. /);
      expect(help?.textContent).toContain('Without it the count starts again at each minute, hour or day on the clock (UTC).');
    }
    expect(screen.getAllByTestId('sliding-help')).toHaveLength(1);
  });

  it('shows no help while there is no limit to explain', () => {
    render(<LimitsEditor limits={[]} onChange={() => undefined} />);
    expect(screen.queryByTestId('sliding-help')).toBeNull();
  });
});
