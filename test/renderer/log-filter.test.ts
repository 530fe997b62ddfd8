import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KRAKEN_MCP_TOOLS } from '../../main/kraken-mcp/tools.js';
import type { LogRecord } from '../../preload/api.js';
import { parseQuery, setTerm, termValue } from '../../renderer/lib/log-filter.js';
import { matchesLocal } from '../../renderer/lib/log-match.js';
import { KRAKEN_MCP_TOOL_NAMES, knownToolNames } from '../../renderer/lib/log-tools.js';

const TOOLS = knownToolNames(undefined);

function record(patch: Partial<LogRecord>): LogRecord {
  return { id: 'r1', ts: new Date().toISOString(), session: 's1', client: 'cursor', tool: 'ticker', decision: 'allowed', rule: 'tools.ticker', decidedBy: 'policy', argsHash: 'h', arguments: { pairs: 'XBTUSD' }, outcome: { status: 'ok' }, headline: 'ticker', ...patch };
}

describe('the call log filter words', () => {
  it('"denied" finds every refusal, the person’s own included; "withdrawn" what the agent took back', () => {
    expect(parseQuery('decision:denied').filter.decision).toEqual(['denied', 'rejected']);
    expect(parseQuery('decision:withdrawn').filter.decision).toEqual(['cancelled']);
    expect(parseQuery('decision:denied,expired').filter.decision).toEqual(['denied', 'rejected', 'expired']);
    expect(parseQuery('decision:rejected').filter.decision).toEqual(['rejected']);
  });

  it('an unknown word is an error with the nearest word, never a filter that lets everything through', () => {
    const { problems } = parseQuery('tool:add_order decision:denid');
    expect(problems).toEqual(['No decision is called "denid" (did you mean "denied"?): use allowed, approved, denied, expired, withdrawn.']);
    expect(parseQuery('decision:whatever').problems[0]).toBe('No decision is called "whatever": use allowed, approved, denied, expired, withdrawn.');
  });
});

describe('a minus leaves calls out', () => {
  it('-tool:ticker leaves out the ticker calls, and keeps the other terms', () => {
    const { filter, local, problems } = parseQuery('-tool:ticker decision:allowed since:2h', { tools: TOOLS });
    expect(problems).toEqual([]);
    expect(filter).toEqual({ decision: ['allowed'], since: '2h' });
    expect(local.notTools).toEqual(['ticker']);
    expect(matchesLocal(record({ tool: 'ticker' }), local)).toBe(false);
    expect(matchesLocal(record({ tool: 'add_order' }), local)).toBe(true);
  });

  it('is asked of the core where it can be said exactly: a decision, or a tool out of the tools named', () => {
    expect(parseQuery('-decision:denied').filter.decision).toEqual(['allowed', 'approved', 'expired', 'cancelled']);
    expect(parseQuery('decision:denied,expired -decision:rejected').filter.decision).toEqual(['denied', 'expired']);
    const named = parseQuery('tool:add_order,ticker -tool:ticker', { tools: TOOLS });
    expect(named.filter.tool).toEqual(['add_order']);
    expect(named.local.notTools).toEqual([]);
    // Minus the whole of a time range is the rest of time.
    expect(parseQuery('-since:2h').filter).toEqual({ until: '2h' });
    expect(parseQuery('-until:2026-11-25').filter).toEqual({ since: '2026-11-25' });
  });

  it('says so when nothing is left, instead of asking the core for every call', () => {
    expect(parseQuery('tool:ticker -tool:ticker').problems).toEqual(['No tool is left: -tool: takes out every tool that tool: names.']);
    expect(parseQuery('decision:denied -decision:denied').problems).toEqual(['No decision is left: -decision: takes out every decision that decision: names.']);
    expect(parseQuery('-decision:denid').problems[0]).toMatch(/^No decision is called "denid" \(did you mean "denied"\?\)/);
  });

  it('-client: and client: pick by the agent’s client, a bare -word by what the core’s text search finds', () => {
    const { filter, local } = parseQuery('-client:Cursor -xbtusd limit');
    expect(filter).toEqual({ text: 'limit' });
    expect(matchesLocal(record({ client: 'cursor', arguments: {} }), local)).toBe(false);
    expect(matchesLocal(record({ client: 'claude-code', arguments: { pairs: 'XBTUSD' } }), local)).toBe(false);
    expect(matchesLocal(record({ client: 'claude-code', arguments: { pairs: 'ETHUSD' } }), local)).toBe(true);
    const only = parseQuery('client:claude-code,codex').local;
    expect(matchesLocal(record({ client: 'cursor' }), only)).toBe(false);
    expect(matchesLocal(record({ client: 'Codex' }), only)).toBe(true);
    expect(matchesLocal(record({ client: undefined }), only)).toBe(false);
    // A lone minus is a word like any other.
    expect(parseQuery('-').filter.text).toBe('-');
  });
});

describe('tool names', () => {
  it('a tool that does not exist shows no calls and the nearest real name', () => {
    expect(parseQuery('tool:add_ordr', { tools: TOOLS }).problems).toEqual(['No tool named add_ordr — did you mean add_order?']);
    expect(parseQuery('-tool:tickr', { tools: TOOLS }).problems).toEqual(['No tool named tickr — did you mean ticker?']);
    expect(parseQuery('tool:zzzzzz', { tools: TOOLS }).problems).toEqual(['No tool named zzzzzz: pick one from the Tool list.']);
  });

  it('knows kraken-mcp’s tools, the upstream’s own, and the gateway’s record of a person’s action', () => {
    expect(parseQuery('tool:kraken-gate/pause,kraken-gate/presence-setup', { tools: TOOLS }).problems).toEqual([]);
    expect(parseQuery('tool:my_tool', { tools: knownToolNames([{ name: 'my_tool' }]) }).problems).toEqual([]);
    // Before the core has named its tools, a name is not judged (the core's answer is exact anyway).
    expect(parseQuery('tool:my_tool').problems).toEqual([]);
  });

  it('are kraken-mcp’s, as main/kraken-mcp publishes them', () => {
    expect([...KRAKEN_MCP_TOOL_NAMES].sort()).toEqual(KRAKEN_MCP_TOOLS.map((t) => t.name).sort());
  });
});

describe('the selects beside the filter box', () => {
  it('show the one value of a key and change only that key, keeping minus words and text', () => {
    expect(termValue('tool:ticker -tool:ohlc foo', 'tool')).toBe('ticker');
    expect(termValue('tool:ticker,ohlc', 'tool')).toBe('');
    expect(setTerm('-tool:ticker decision:denied foo', 'decision', 'expired')).toBe('-tool:ticker decision:expired foo');
    expect(setTerm('-tool:ticker foo', 'since', '24h')).toBe('-tool:ticker since:24h foo');
    expect(setTerm('tool:ticker since:2h', 'tool', '')).toBe('since:2h');
  });
});

describe('one edit distance', () => {
  it('is defined once, in preload/, for the core, the CLI and the window', () => {
    // happy-dom's URL does not take file: URLs; the test file's own path does.
    const root = join(dirname(import.meta.filename), '../../');
    const defining = (dir: string): string[] =>
      readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
        .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
        .map((e) => join(e.parentPath, e.name))
        .filter((path) => /function editDistance\b|editDistance\s*=/.test(readFileSync(path, 'utf8')));
    expect([...defining('main'), ...defining('preload'), ...defining('renderer')].map((p) => p.slice(root.length))).toEqual(['preload/edit-distance.ts']);
  });
});
