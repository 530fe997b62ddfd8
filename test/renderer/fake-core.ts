// An in-memory core behind the renderer's bridge, for component tests: policy.json as a string,
// validated, saved and evaluated by the real policy engine, and the tools kraken-mcp really lists
// (test/fixtures/kraken-mcp/tools-list.json). Held calls wait in a real ApprovalQueue, so an
// approval meets the core's own friction (an unusual order needs confirmRisk, a blocked one is
// refused) and edits its own preview. What the window shows comes from the engine itself.
import type { DecideResult, GateApi, GateApiInput, GateEvent, PendingApproval, PolicyView, Status, ToolInfo } from '../../preload/api.js';
import {
  ApprovalQueue,
  approveEdited,
  changesNote,
  notAllowedWords,
  pendingForHumans,
  previewEdit,
  summarizeCall,
  withWorth,
  type CapWorth,
  type DecideResult as QueueDecideResult,
  type Risk,
} from '../../main/gate/approvals/index.js';
import { classifyTool } from '../../main/gate/catalog.js';
import { compilePolicy, defaultPolicyText, evaluatePolicy, indexPairs, parsePolicyText, type MarketFacts } from '../../main/gate/policy/index.js';

/** The market as the gate would have read it: XBT/USD listed, no prices (orders with their own USD limit need none). */
const MARKET: MarketFacts = {
  pairs: indexPairs([{ key: 'XXBTZUSD', altname: 'XBTUSD', name: 'XBT/USD', base: 'XBT', quote: 'USD' }]),
  touches: new Map(),
  source: 'paper exchange ticker',
  at: new Date(),
};
import { ruleGlance } from '../../main/gate/api/rule-glance.js';
import type { Bridge } from '../../renderer/bridge.js';
import toolsList from '../fixtures/kraken-mcp/tools-list.json';
import { paperStatus } from './status-fixture.js';

interface Listed {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

export const KRAKEN_TOOLS = (toolsList as unknown as { result: { tools: Listed[] } }).result.tools;

function check(text: string) {
  const result = parsePolicyText(text);
  return result.ok ? { ok: true, errors: [], warnings: result.warnings, policy: result.policy as Record<string, unknown> } : { ok: false, errors: result.errors, warnings: [] };
}

export interface FakeCore {
  bridge: Bridge;
  /** policy.json as it is "on disk". */
  text: string;
  saves: string[];
  emit(event: GateEvent): void;
  /** Holds a call for a human, as the gate would after its rules and its weighing (`risk`, `worth`). */
  hold(tool: string, args: Record<string, unknown>, options?: { risk?: Risk; worth?: CapWorth }): PendingApproval;
  /** Every approve the window sent, as it sent it. */
  approvals: Array<GateApiInput<'approve'>>;
  queue: ApprovalQueue;
}

/** The paper exchange, ready, not paused, nothing asked of the person's presence. */
export const PAPER_STATUS: Status = paperStatus({ presence: { required: false, why: 'the paper exchange: no real money can move', mode: 'off', configured: false } });

// The core's words for a refused decision (main/gate/api/gate-api.ts), for the ones the window meets here.
function decided(id: string, approve: boolean, result: QueueDecideResult): DecideResult {
  if (result.ok && result.outcome.changes) return { ok: true, id, decision: 'approved-with-changes', note: changesNote(result.outcome.changes) };
  if (result.ok) return { ok: true, id, decision: approve ? 'approved' : 'rejected' };
  const why = result.reason ?? '';
  const message =
    result.error === 'blocked'
      ? `${id} cannot be approved: the account cannot pay it (${why}). Deny it, or approve a smaller order. It is still waiting.`
      : result.error === 'needs-confirmation'
        ? `${id} is unusual: ${why}. Approve it only after typing CONFIRM. It is still waiting.`
        : `${id}: ${result.error} ${why}`.trim();
  return { ok: false, id, error: result.error, message };
}

export function fakeCore(initialText = defaultPolicyText()): FakeCore {
  const listeners = new Set<(e: GateEvent) => void>();
  const core: FakeCore = {
    text: initialText,
    saves: [],
    emit: (event) => listeners.forEach((l) => l(event)),
    bridge: undefined as unknown as Bridge,
    approvals: [],
    queue: new ApprovalQueue({ timeoutMs: 120_000 }),
    hold: (tool, args, { risk, worth } = {}) => {
      const summary = withWorth(summarizeCall({ tool, arguments: args }), worth);
      const held = core.queue.hold({ tool, arguments: args, summary, origin: { sessionId: 's1', clientName: 'claude-code' }, ...(risk && { risk }) });
      const pending = pendingForHumans(core.queue.get(held.id)!);
      core.emit({ type: 'pending-added', pending });
      return pending;
    },
  };
  const settled = (id: string, approve: boolean, result: QueueDecideResult): DecideResult => {
    if (result.ok) core.emit({ type: 'pending-decided', id, decision: result.outcome.decision, by: 'web' });
    return decided(id, approve, result);
  };
  const compile = (text: string) => {
    const parsed = parsePolicyText(text);
    if (!parsed.ok) throw new Error(`fake core: not a valid policy: ${parsed.errors.join('; ')}`);
    return compilePolicy(parsed.policy);
  };
  // As the real PolicyFile: the text on disk runs when it is valid, else the last valid one does.
  let compiled = compile(initialText);
  const running = () => {
    if (parsePolicyText(core.text).ok) compiled = compile(core.text);
    return compiled;
  };
  const view = (): PolicyView => ({ path: '/data/policy.json', text: core.text, check: check(core.text), running: running().policy as Record<string, unknown> });
  const api: Partial<GateApi> = {
    policy: async () => view(),
    validatePolicy: async ({ text }) => check(text),
    savePolicy: async ({ text, baseText }) => {
      const result = check(text);
      if (!result.ok) return { ok: false, errors: result.errors, conflict: false };
      if (baseText !== undefined && baseText !== core.text) return { ok: false, errors: ['policy.json changed on disk since you opened it; reload it and apply your edit again.'], conflict: true };
      core.text = text;
      core.saves.push(text);
      queueMicrotask(() => core.emit({ type: 'policy-changed', ok: true, errors: [], warnings: result.warnings }));
      return { ok: true, warnings: result.warnings, view: view() };
    },
    testCall: async ({ tool, arguments: args, text }) => {
      let compiled = running();
      if (text !== undefined) {
        const parsed = parsePolicyText(text);
        if (!parsed.ok) return { ok: false, errors: parsed.errors };
        compiled = compilePolicy(parsed.policy);
      }
      const verdict = evaluatePolicy(compiled, { tool, arguments: args }, { paused: false, knownTools: undefined, limitCheck: () => undefined, market: MARKET });
      return { ok: true, action: verdict.action, rule: verdict.rule, reason: verdict.reason, notes: [] };
    },
    tools: async () =>
      KRAKEN_TOOLS.map(
        (t): ToolInfo => ({
          name: t.name,
          ...(t.title && { title: t.title }),
          description: t.description ?? '',
          class: classifyTool(t.name),
          inputSchema: t.inputSchema,
          listed: true,
          pin: 'accepted',
          rule: ruleGlance(running(), t.name),
        }),
      ),
    acceptTool: async () => ({ ok: true, message: 'ok' }),
    status: async () => ({ ...PAPER_STATUS, pending: core.queue.pending().length }),
    pending: async () => core.queue.pending().map(pendingForHumans),
    approve: async (input) => {
      core.approvals.push(input);
      const { id, argsHash, changes, allowWorsePrice, confirmRisk } = input;
      const result = changes
        ? approveEdited(core.queue, id, { by: 'web', changes, argsHash, allowWorsePrice, confirmRisk })
        : core.queue.decide(id, { approve: true, by: 'web', argsHash, confirmRisk });
      return settled(id, true, result);
    },
    deny: async ({ id, reason }) => settled(id, false, core.queue.decide(id, { approve: false, by: 'web', reason: reason ?? 'Denied by the user.' })),
    previewChanges: async ({ id, changes, allowWorsePrice }) => {
      const preview = previewEdit(core.queue, id, changes, { allowWorsePrice });
      if (preview.ok) return { ok: true, id, pending: pendingForHumans(preview.edited), changes: preview.changes, note: changesNote(preview.changes) };
      return { ok: false, id, error: preview.error, message: preview.error === 'invalid-changes' ? notAllowedWords(preview.reason) : `${id}: ${preview.error}` };
    },
  };
  core.bridge = {
    api: new Proxy(api, {
      get: (target, name: string) => target[name as keyof GateApi] ?? (async () => { throw new Error(`fake core: ${name} is not faked`); }),
    }) as GateApi,
    onEvent: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    onConnection: () => () => undefined,
    desktop: false,
  };
  return core;
}
