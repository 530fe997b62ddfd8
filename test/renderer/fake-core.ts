// An in-memory core behind the renderer's bridge, for component tests: policy.json as a string,
// validated, saved and evaluated by the real policy engine, and the tools kraken-mcp really lists
// (test/fixtures/kraken-mcp/tools-list.json). What the window shows comes from the engine itself.
import type { GateApi, GateEvent, PolicyView, ToolInfo } from '../../preload/api.js';
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
}

export function fakeCore(initialText = defaultPolicyText()): FakeCore {
  const listeners = new Set<(e: GateEvent) => void>();
  const core: FakeCore = {
    text: initialText,
    saves: [],
    emit: (event) => listeners.forEach((l) => l(event)),
    bridge: undefined as unknown as Bridge,
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
