// Which calls the in-flight journal covers: the ones whose lost record would hide something (a call
// that can move money, a call a human decided). A read-only call is not journaled: a crash while it
// is in flight leaves no record, and its agent no answer (docs/reliability.md).
import { describe, expect, it } from 'vitest';
import { runToolCall, type PipelineSteps, type Ruling } from '../../main/gate/pipeline.js';
import type { CallContext, ToolCall } from '../../main/gate/types.js';

function harness(action: Ruling['action']) {
  const journal: string[] = [];
  const records: string[] = [];
  const steps: PipelineSteps = {
    evaluate: async () => ({ action, rule: 'test', reason: 'test' }),
    askHuman: async (call) => ({ decision: 'approved', by: 'window', waitedMs: 5, arguments: call.arguments }),
    forward: async (_call, _context, options) => {
      expect(options.beforeSend()).toBeUndefined();
      return { content: [{ type: 'text', text: 'ok' }] };
    },
    record: async (record) => void records.push(record.tool),
    journal: {
      hold: (intent) => void journal.push(`hold ${intent.tool}`),
      begin: (intent) => void journal.push(`begin ${intent.tool}`),
      end: () => void journal.push('end'),
    },
  };
  const context: CallContext = { origin: { sessionId: 's', clientName: 'c', transport: 'streamable-http' }, signal: new AbortController().signal };
  const run = (call: ToolCall) => runToolCall(steps, call, context);
  return { journal, records, run };
}

describe('the in-flight journal in the pipeline', () => {
  it('skips a read-only call and a dry run allowed by policy', async () => {
    const { journal, records, run } = harness('allow');
    await run({ tool: 'ticker', arguments: { pairs: 'XBTUSD' } });
    await run({ tool: 'add_order', arguments: { pair: 'XBTUSD', volume: '1' } }); // validate defaults to true
    expect(records).toEqual(['ticker', 'add_order']);
    expect(journal.filter((line) => line !== 'end')).toEqual([]);
  });

  it('journals a real order before it is sent', async () => {
    const { journal, run } = harness('allow');
    await run({ tool: 'add_order', arguments: { pair: 'XBTUSD', volume: '1', validate: false } });
    expect(journal).toEqual(['begin add_order', 'end']);
  });

  it('journals a held call while held and when sent, even a read', async () => {
    const { journal, run } = harness('approve');
    await run({ tool: 'ticker', arguments: { pairs: 'XBTUSD' } });
    expect(journal).toEqual(['hold ticker', 'begin ticker', 'end']);
  });
});
