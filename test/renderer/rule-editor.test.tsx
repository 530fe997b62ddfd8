// The Rules page's editor as a person uses it, in a DOM, on a fake core whose policy checks,
// saves and dry runs are the real engine's: fields from the tool's own schema, the engine's own
// messages as you type, Save only for a valid draft, the JSON tab in sync both ways, Test a call.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EditorView } from 'codemirror';
import { beforeEach, describe, expect, it } from 'vitest';
import { setBridge } from '../../renderer/bridge.js';
import { ConditionRow } from '../../renderer/components/condition-row.js';
import { Header } from '../../renderer/components/header.js';
import { fieldsFromSchema } from '../../renderer/lib/schema-fields.js';
import { RulesPage } from '../../renderer/pages/rules-page.js';
import { fakeCore, KRAKEN_TOOLS, type FakeCore } from './fake-core.js';

const addOrderFields = fieldsFromSchema(KRAKEN_TOOLS.find((t) => t.name === 'add_order')!.inputSchema);

function optionsOf(select: HTMLElement): string[] {
  return within(select).getAllByRole('option').map((o) => o.textContent ?? '');
}

describe('a condition row built from the tool\'s input schema', () => {
  it('offers the tool\'s own arguments, only the operators valid for each type, and an enum\'s values', () => {
    let condition = { path: 'args.side', op: 'eq' as const, value: 'buy' as unknown };
    const { rerender } = render(<ConditionRow condition={condition} fields={addOrderFields} onChange={(c) => (condition = c as typeof condition)} onRemove={() => undefined} />);
    expect(optionsOf(screen.getByTestId('condition-argument'))).toEqual(['pair', 'side', 'ordertype', 'volume', 'price', 'price2', 'timeinforce', 'userref', 'cl_ord_id', 'validate', 'other path…']);
    expect(optionsOf(screen.getByTestId('condition-op'))).toEqual(['is', 'is not', 'is one of', 'is none of', 'is given']);
    expect(optionsOf(screen.getByTestId('condition-value'))).toEqual(['buy', 'sell']);

    // The operator stays when the new argument's type takes it too ("is"), and the value resets.
    fireEvent.change(screen.getByTestId('condition-argument'), { target: { value: 'volume' } });
    expect(condition).toEqual({ path: 'args.volume', op: 'eq', value: 0 });
    rerender(<ConditionRow condition={condition} fields={addOrderFields} onChange={(c) => (condition = c as typeof condition)} onRemove={() => undefined} />);
    expect(optionsOf(screen.getByTestId('condition-op'))).toEqual(['is at most', 'is less than', 'is at least', 'is more than', 'is', 'is not', 'is one of', 'is none of', 'is given']);
    expect(screen.getByTestId('condition-value')).toHaveProperty('type', 'number');

    fireEvent.change(screen.getByTestId('condition-op'), { target: { value: 'lte' } });
    expect(condition).toEqual({ path: 'args.volume', op: 'lte', value: 0 });
    // "at most" is not a question to ask of a boolean: the first operator it takes is chosen.
    fireEvent.change(screen.getByTestId('condition-argument'), { target: { value: 'validate' } });
    expect(condition).toEqual({ path: 'args.validate', op: 'eq', value: false });
    rerender(<ConditionRow condition={condition} fields={addOrderFields} onChange={(c) => (condition = c as typeof condition)} onRemove={() => undefined} />);
    expect(optionsOf(screen.getByTestId('condition-op'))).toEqual(['is', 'is not', 'is given']);
  });
});

describe('the Rules page editor', () => {
  let core: FakeCore;
  beforeEach(() => {
    core = fakeCore();
    setBridge(core.bridge);
    window.location.hash = '#/rules?tool=add_order';
  });

  async function renderPage() {
    render(<RulesPage />);
    await screen.findByTestId('rule-form');
    await waitFor(() => expect(screen.getByTestId('validity').textContent).toBe('Saved'));
  }

  it('shows the engine\'s own error as you type, keeps Save off, and saves nothing', async () => {
    await renderPage();
    const user = userEvent.setup();
    const askRules = screen.getByTestId('rules-approve_if');
    // A pattern is not offered for a boolean argument: turn the first condition onto the pair.
    fireEvent.change(within(askRules).getAllByTestId('condition-argument')[0]!, { target: { value: 'pair' } });
    fireEvent.change(within(askRules).getAllByTestId('condition-op')[0]!, { target: { value: 'regex' } });
    const value = within(askRules).getAllByTestId('condition-value')[0]!;
    await user.clear(value);
    await user.type(value, 'XBT[['); // user-event's escape for a literal [
    const errors = await screen.findByTestId('policy-errors');
    await waitFor(() => expect(errors.textContent).toContain('tools.add_order.approve_if[0].conditions[0].value: invalid regular expression: /XBT[/: Unterminated character class'));
    expect(screen.getByTestId('validity').textContent).toBe('1 problem');
    expect(screen.getByTestId('save-policy')).toHaveProperty('disabled', true);
    fireEvent.keyDown(window, { key: 's', ctrlKey: true });
    expect(core.saves).toEqual([]);

    await user.clear(value);
    await user.type(value, '^XBT');
    await waitFor(() => expect(screen.getByTestId('validity').textContent).toBe('Valid, not saved'));
    expect(screen.queryByTestId('policy-errors')).toBeNull();
    await user.click(screen.getByTestId('save-policy'));
    await waitFor(() => expect(core.saves).toHaveLength(1));
    const saved = JSON.parse(core.saves[0]!) as { tools: { add_order: { approve_if: { conditions: unknown[] }[] } } };
    expect(saved.tools.add_order.approve_if[0]!.conditions[0]).toEqual({ path: 'args.pair', op: 'regex', value: '^XBT' });
    expect((await screen.findByTestId('policy-message')).textContent).toMatch(/^Saved to \/data\/policy\.json\. The next call follows these rules\.$/);
  });

  it('adds a rate limit and an order cap from the form, with the JSON preview following each keystroke', async () => {
    await renderPage();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Add a limit' }));
    const preview = screen.getByTestId('json-preview');
    await waitFor(() => expect(preview.textContent).toContain('"limits": [\n        {\n          "max": 10,\n          "window": "minute"'));
    const cap = screen.getByTestId('max-notional');
    await user.type(cap, '2500');
    await waitFor(() => expect(preview.textContent).toContain('"max_notional": 2500'));
    const max = within(screen.getByTestId('limits')).getByLabelText('Calls');
    await user.clear(max);
    await user.type(max, '-1');
    await waitFor(() => expect(screen.getByTestId('policy-errors').textContent).toContain('tools.add_order.limits[0].max: must be at least 0 (got -1)'));
  });

  it('keeps an unsaved edit when the person goes to another page and back, marks Rules in the header meanwhile, and Discard drops it once asked', async () => {
    await renderPage();
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: /^Deny/ }));
    await waitFor(() => expect(screen.getByTestId('validity').textContent).toBe('Valid, not saved'));
    expect(screen.getByTestId('validity').className).toContain('unsaved');

    // Another page: the Rules page is gone, the header says the rules have unsaved changes.
    const page = screen.getByTestId('rule-form').closest('.rules-page')!;
    act(() => void render(<Header page="log" />, { container: page.parentElement! }));
    expect(screen.queryByTestId('rule-form')).toBeNull();
    expect(screen.getByTestId('rules-unsaved').getAttribute('aria-label')).toBe('unsaved changes');

    // Back: the edit is there, unsaved, and nothing was written.
    await act(async () => void render(<RulesPage />, { container: page.parentElement! }));
    await screen.findByTestId('rule-form');
    expect(screen.getByRole('radio', { name: /^Deny/ })).toHaveProperty('checked', true);
    await waitFor(() => expect(screen.getByTestId('validity').textContent).toBe('Valid, not saved'));
    expect(core.saves).toEqual([]);

    // Discard asks first; "Keep editing" (where the focus is) keeps the draft.
    await user.click(screen.getByRole('button', { name: 'Discard' }));
    const ask = screen.getByRole('alertdialog', { name: 'Discard your unsaved edits to the rules?' });
    expect(document.activeElement).toBe(within(ask).getByRole('button', { name: 'Keep editing' }));
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByTestId('validity').textContent).toBe('Valid, not saved');
    await user.click(screen.getByRole('button', { name: 'Discard' }));
    await user.click(screen.getByRole('button', { name: 'Discard edits' }));
    await waitFor(() => expect(screen.getByTestId('validity').textContent).toBe('Saved'));
    expect(screen.getByRole('radio', { name: /^Deny/ })).toHaveProperty('checked', false);
  });

  it('keeps the form and the JSON tab in sync both ways', async () => {
    await renderPage();
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: /^Deny/ }));
    await user.click(screen.getByTestId('json-tab'));
    const editor = await screen.findByTestId('json-editor');
    const view = await editorIn(editor);
    expect(view.state.doc.toString()).toContain('"add_order": {\n      "approve_if"');
    expect(JSON.parse(view.state.doc.toString()).tools.add_order.action).toBe('deny');

    // Typing in the JSON tab (as CodeMirror applies a keystroke) reaches the form.
    const text = view.state.doc.toString();
    const at = text.indexOf('"action": "deny"');
    act(() => view.dispatch({ changes: { from: at, to: at + '"action": "deny"'.length, insert: '"action": "approve"' } }));
    await waitFor(() => expect(screen.getByTestId('validity').textContent).toBe('Valid, not saved'));
    await user.click(screen.getByRole('tab', { name: 'Form' }));
    expect(screen.getByRole('radio', { name: /^Ask me/ })).toHaveProperty('checked', true);

    // A draft that is not JSON leaves the form waiting for the JSON tab, with the engine's place.
    await user.click(screen.getByTestId('json-tab'));
    const again = await editorIn(await screen.findByTestId('json-editor'));
    act(() => again.dispatch({ changes: { from: 0, insert: 'x' } }));
    await waitFor(() => expect(screen.getByTestId('policy-errors').textContent).toMatch(/^JSON syntax error at line 1, column 1/));
    await user.click(screen.getByRole('tab', { name: 'Form' }));
    expect(screen.getByText(/fix it in the JSON tab first/)).toBeTruthy();
  });

  it('tests a call against the unsaved draft and names the deciding rule', async () => {
    await renderPage();
    const user = userEvent.setup();
    const args = screen.getByTestId('test-call-args');
    fireEvent.change(args, { target: { value: JSON.stringify({ pair: 'XBTUSD', side: 'buy', volume: 1, price: '50000', validate: false }) } });
    await user.click(screen.getByRole('button', { name: 'Test' }));
    expect((await screen.findByTestId('test-call-result')).textContent).toBe('Asks you by tools.add_order.approve_if[0]Places a real order (validate is false).');

    await user.type(screen.getByTestId('max-notional'), '1000');
    await waitFor(() => expect(screen.getByTestId('validity').textContent).toBe('Valid, not saved'));
    await user.click(screen.getByRole('button', { name: 'Test' }));
    await waitFor(() => expect(screen.getByTestId('test-call-result').textContent).toContain('Denied by tools.add_order.max_notional'));
    expect(screen.getByTestId('test-call-result').textContent).toContain('exceeds the cap of 1');
    expect(core.saves).toEqual([]);
  });

  it('shows an edit made outside while nothing is being edited, and warns instead when there are edits', async () => {
    await renderPage();
    const user = userEvent.setup();
    core.text = core.text.replace('"cancel_order": {\n      "action": "approve"', '"cancel_order": {\n      "action": "deny"');
    act(() => core.emit({ type: 'policy-changed', ok: true, errors: [], warnings: [] }));
    await waitFor(() => expect(screen.getByTestId('tool-cancel_order').textContent).toContain('Deny'));

    await user.click(screen.getByRole('radio', { name: /^Hidden/ }));
    core.text = core.text.replace('"description"', '"description" ');
    act(() => core.emit({ type: 'policy-changed', ok: true, errors: [], warnings: [] }));
    expect(await screen.findByText(/policy.json changed on disk while you were editing/)).toBeTruthy();
  });
});

/** The CodeMirror view in the JSON tab. It is made in an effect, which may run after the element is in the document. */
function editorIn(host: HTMLElement): Promise<EditorView> {
  return waitFor(() => {
    const element = host.shadowRoot?.querySelector('.cm-editor');
    const view = element ? EditorView.findFromDOM(element as HTMLElement) : null;
    if (!view) throw new Error('the JSON editor is not mounted yet');
    return view;
  });
}
