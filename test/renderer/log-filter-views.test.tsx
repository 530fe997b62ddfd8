// Saved views of the Call log: saved under a name, picked again, deleted; a name used twice replaces
// the old view only once the person says so; whatever else is in storage is never shown.
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import { SavedViews } from '../../renderer/components/saved-views.js';
import { readViews, VIEWS_KEY } from '../../renderer/lib/log-views.js';

beforeEach(() => localStorage.clear());

/** The Call log's part in it: the filter in force, and the box. */
function Page({ initial }: { initial: string }) {
  const [applied, setApplied] = useState(initial);
  const [draft, setDraft] = useState(initial);
  return (
    <>
      <input aria-label="Filter" value={draft} onChange={(e) => setDraft(e.target.value)} />
      <span data-testid="applied">{applied}</span>
      <SavedViews
        applied={applied}
        draft={draft}
        onPick={(q) => {
          setApplied(q);
          setDraft(q);
        }}
      />
    </>
  );
}

const stored = () => JSON.parse(localStorage.getItem(VIEWS_KEY) ?? 'null') as unknown;

async function saveAs(user: ReturnType<typeof userEvent.setup>, name: string): Promise<void> {
  await user.click(screen.getByRole('button', { name: 'Save view…' }));
  await user.type(screen.getByRole('textbox', { name: 'View name' }), name);
  await user.click(screen.getByRole('button', { name: 'Save' }));
}

describe('saved views of the call log', () => {
  it('saves the filter box under a name, picks it again, and deletes it', async () => {
    const user = userEvent.setup();
    render(<Page initial="" />);
    expect(screen.getByRole('button', { name: 'Save view…' })).toHaveProperty('disabled', true);
    await user.type(screen.getByRole('textbox', { name: 'Filter' }), '-tool:ticker since:24h');
    await saveAs(user, 'No tickers');
    expect(stored()).toEqual([{ name: 'No tickers', query: '-tool:ticker since:24h' }]);
    expect(screen.getByTestId('applied').textContent).toBe('-tool:ticker since:24h');
    expect(screen.getByRole('status').textContent).toBe('Saved the view “No tickers”.');

    await user.clear(screen.getByRole('textbox', { name: 'Filter' }));
    await user.type(screen.getByRole('textbox', { name: 'Filter' }), 'decision:denied');
    await saveAs(user, 'Refusals');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Saved views' }), 'No tickers');
    expect(screen.getByTestId('applied').textContent).toBe('-tool:ticker since:24h');
    expect(screen.getByRole('combobox', { name: 'Saved views' })).toHaveProperty('value', 'No tickers');

    await user.click(screen.getByRole('button', { name: 'Delete view' }));
    expect(stored()).toEqual([{ name: 'Refusals', query: 'decision:denied' }]);
    expect(screen.queryByRole('option', { name: 'No tickers' })).toBeNull();
  });

  it('replaces a view of the same name only after the person confirms', async () => {
    localStorage.setItem(VIEWS_KEY, JSON.stringify([{ name: 'Orders', query: 'tool:add_order' }]));
    const user = userEvent.setup();
    render(<Page initial="tool:add_order -decision:allowed" />);
    await saveAs(user, 'orders');
    const question = screen.getByRole('alertdialog', { name: 'Replace the view “Orders”?' });
    expect(question.textContent).toContain('It holds tool:add_order; it would hold tool:add_order -decision:allowed.');
    // A stray Enter keeps the old one.
    expect(document.activeElement?.textContent).toBe('Keep the old one');
    expect(stored()).toEqual([{ name: 'Orders', query: 'tool:add_order' }]);

    await user.click(screen.getByRole('button', { name: 'Keep the old one' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(stored()).toEqual([{ name: 'Orders', query: 'tool:add_order' }]);

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await user.click(screen.getByRole('button', { name: 'Replace it' }));
    expect(stored()).toEqual([{ name: 'orders', query: 'tool:add_order -decision:allowed' }]);
  });

  it('ignores what it cannot read in storage, and shows only the views that parse', async () => {
    localStorage.setItem(VIEWS_KEY, '{not json');
    expect(readViews()).toEqual([]);
    localStorage.setItem(VIEWS_KEY, JSON.stringify({ name: 'x', query: '' }));
    expect(readViews()).toEqual([]);
    localStorage.setItem(VIEWS_KEY, JSON.stringify([{ name: 'Good', query: 'tool:ticker' }, { name: 5, query: 'x' }, 'x', null, { name: '   ', query: '' }, { name: 'Long', query: 'x'.repeat(5000) }, { name: 'good', query: 'dup' }]));
    expect(readViews()).toEqual([{ name: 'Good', query: 'tool:ticker' }]);
    await act(async () => {
      render(<Page initial="" />);
    });
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Saved views…', 'Good']);
  });
});
