// Who decided, in words, and the rule that held the call (issue 23, part 4): the log detail and
// Recently decided say it in one sentence (what a person changed included); the rule is a link
// that opens the rule editor on that rule, or says it was changed or removed since. Records are
// built by the core's own record builder and view, the rules checked and saved by the real engine.
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { createCallRecord, type CallRecordInput } from '../../main/gate/calllog/index.js';
import { toLogRecord } from '../../main/gate/calllog/view.js';
import type { GateApi, LogRecord } from '../../preload/api.js';
import { ruleFingerprint } from '../../preload/rule-ref.js';
import { setBridge } from '../../renderer/bridge.js';
import { LogDetail } from '../../renderer/components/log-detail.js';
import { RecentlyDecided } from '../../renderer/components/recently-decided.js';
import { RulesPage } from '../../renderer/pages/rules-page.js';
import { fakeCore, type FakeCore } from './fake-core.js';

const REAL = { id: 'r-real', conditions: [{ path: 'args.validate', op: 'neq', value: true }], reason: 'Places a real order.' };
const BIG = { id: 'r-big', conditions: [{ path: 'args.volume', op: 'gt', value: 1 }], reason: 'Big order.' };
const policyText = (approveIf: unknown[]) => `${JSON.stringify({ version: '1', default: 'deny', tools: { ticker: {}, add_order: { approve_if: approveIf } } }, null, 2)}\n`;
const ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000', validate: false };

/** A held order's record as the pipeline writes it and the core shows it. */
function heldRecord(extra: Partial<CallRecordInput>): LogRecord {
  return toLogRecord(
    createCallRecord({
      session: 's1',
      client: 'claude-code',
      tool: 'add_order',
      arguments: ORDER,
      decision: 'approved',
      rule: 'tools.add_order.approve_if[0]',
      ruleId: 'r-real',
      ruleHash: ruleFingerprint(REAL),
      ruleReason: 'Places a real order.',
      decidedBy: 'window',
      waitedMs: 3_300,
      approvalId: 'a1b2c3',
      outcome: { status: 'ok', summary: "{'txid': ['OABCDE-FGHIJ-KLMNOP']}" },
      ...extra,
    }),
  );
}

function withLog(core: FakeCore, records: LogRecord[]): void {
  const api = new Proxy(core.bridge.api, {
    get: (target, name: string) => (name === 'log' ? async () => ({ ok: true, records }) : target[name as keyof GateApi]),
  });
  setBridge({ ...core.bridge, api });
}

describe('who decided, in words', () => {
  let core: FakeCore;
  beforeEach(() => {
    core = fakeCore(policyText([REAL]));
    window.location.hash = '#/log';
  });

  it('Recently decided keeps "with changes" and says what changed, by whom, after how long', async () => {
    const edited = heldRecord({ arguments: { ...ORDER, volume: 0.05 }, decidedBy: 'web', waitedMs: 2_000, edited: { agentArguments: ORDER, by: 'web', changes: [{ field: 'volume', from: 0.1, to: 0.05 }] } });
    withLog(core, [edited]);
    render(<RecentlyDecided />);
    const row = within(await screen.findByTestId('recently-decided')).getByRole('listitem');
    expect(row.querySelector('.badge')?.textContent).toBe('Approved with changes');
    expect(within(row).getByTestId('who-decided').textContent).toBe(
      'Approved with changes by you (web page) after 2.0 s: volume 0.10 → 0.05; held by rule r-real (Places a real order.)',
    );
  });

  it('the log detail says who approved, and links the rule that held the call', () => {
    withLog(core, []);
    render(<LogDetail record={heldRecord({})} onClose={() => undefined} />);
    const line = screen.getByTestId('detail-decided');
    expect(within(line).getByTestId('who-decided').textContent).toBe('Approved by you (window) after 3.3 s; held by rule r-real (Places a real order.)');
    expect(line.textContent).not.toMatch(/by rule tools\./);
    const link = within(line).getByRole('link', { name: 'r-real' });
    expect(link.getAttribute('href')).toBe(`#/rules?tool=add_order&rule=tools.add_order.approve_if%5B0%5D&id=r-real&hash=${ruleFingerprint(REAL)}`);
  });
});

describe('a record\'s rule link in the rule editor', () => {
  async function openLink(core: FakeCore, record: LogRecord) {
    setBridge(core.bridge);
    render(<LogDetail record={record} onClose={() => undefined} />);
    window.location.hash = within(screen.getByTestId('detail-decided')).getByRole('link').getAttribute('href')!;
    render(<RulesPage />);
    return screen.findByTestId('rule-target');
  }

  it('opens on the rule that held the call, wherever it has moved, and shows its id', async () => {
    const core = fakeCore(policyText([BIG, REAL]));
    const target = await openLink(core, heldRecord({}));
    expect(target.dataset.state).toBe('same');
    expect(target.textContent).toContain('it has moved to tools.add_order.approve_if[1]');
    expect(within(screen.getByTestId('target-rule')).getByText('r-real')).toBeTruthy();
  });

  it('says the rule was changed, or removed, since it decided the call', async () => {
    const changed = await openLink(fakeCore(policyText([{ ...REAL, reason: 'Real money.' }])), heldRecord({}));
    expect(changed.dataset.state).toBe('changed');
    expect(changed.textContent).toBe('Rule r-real was changed since it decided the call: it is marked below as it is now (at tools.add_order.approve_if[0]).');
  });

  it('says so when the rule is gone', async () => {
    const removed = await openLink(fakeCore(policyText([BIG])), heldRecord({}));
    expect(removed.dataset.state).toBe('removed');
    expect(removed.textContent).toBe('Rule r-real was removed since it decided the call (it was at tools.add_order.approve_if[0]).');
  });
});

describe('rule ids in the editor', () => {
  it('names every rule that has none when it saves, and shows each id', async () => {
    const core = fakeCore(policyText([{ conditions: REAL.conditions, reason: REAL.reason }]));
    setBridge(core.bridge);
    window.location.hash = '#/rules?tool=add_order';
    render(<RulesPage />);
    const group = await screen.findByTestId('rules-approve_if');
    expect(within(group).getByText('(no id yet)')).toBeTruthy();
    const user = userEvent.setup();
    await user.click(within(screen.getByTestId('limits')).getByRole('button', { name: 'Add a limit' }));
    await waitFor(() => expect(screen.getByTestId('validity').textContent).toBe('Valid, not saved'));
    await act(() => user.click(screen.getByTestId('save-policy')));
    await waitFor(() => expect(core.saves).toHaveLength(1));
    const saved = JSON.parse(core.saves[0]!) as { tools: { add_order: { approve_if: { id: string }[]; limits: { id: string }[] } } };
    const [ask] = saved.tools.add_order.approve_if;
    const [limit] = saved.tools.add_order.limits;
    expect(ask?.id).toMatch(/^r-[a-z2-9]{4}$/);
    expect(limit?.id).toMatch(/^r-[a-z2-9]{4}$/);
    expect(ask?.id).not.toBe(limit?.id);
    await waitFor(() => expect(within(screen.getByTestId('rules-approve_if')).getByText(ask!.id)).toBeTruthy());
  });
});
