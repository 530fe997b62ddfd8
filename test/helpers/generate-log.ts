import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dayOf, hashArguments, logFileName, type CallRecord } from '../../main/gate/calllog/index.js';
import { prng } from './random.js';

const TOOLS = ['ticker', 'ticker', 'ticker', 'account_balance', 'open_orders', 'order_book', 'add_order', 'add_order', 'cancel_order', 'ohlc'];
const PAIRS = ['XBTUSD', 'ETHUSD', 'SOLUSD', 'XBTEUR'];

export interface GeneratedLog {
  count: number;
  /** The records written, oldest first (kept only when asked). */
  records?: CallRecord[];
  /** How many records have this tool, and this decision. */
  byTool: Record<string, number>;
  byDecision: Record<string, number>;
  /** How many records have this tool and this decision: `${tool}/${decision}`. */
  byToolAndDecision: Record<string, number>;
}

/**
 * Writes `count` plausible call records straight into a data dir's call log, spread evenly over the
 * `spanMs` before `end`, as the gateway would have written them (one JSONL file per UTC day). A
 * seeded PRNG makes the same call write the same log.
 */
export function generateCallLog(dataDir: string, count: number, options: { end?: Date; spanMs?: number; seed?: number; keep?: boolean } = {}): GeneratedLog {
  const random = prng(options.seed ?? 12);
  const end = (options.end ?? new Date()).getTime();
  const span = options.spanMs ?? 7 * 86_400_000;
  const dir = join(dataDir, 'calls');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files = new Map<string, string[]>();
  const byTool: Record<string, number> = {};
  const byDecision: Record<string, number> = {};
  const byToolAndDecision: Record<string, number> = {};
  const kept: CallRecord[] = [];
  for (let i = 0; i < count; i++) {
    const ts = new Date(end - span + Math.floor(((i + 0.5) * span) / count));
    const tool = TOOLS[Math.floor(random() * TOOLS.length)]!;
    const pair = PAIRS[Math.floor(random() * PAIRS.length)]!;
    const order = tool === 'add_order';
    const args: Record<string, unknown> = order
      ? { pair, side: random() < 0.5 ? 'buy' : 'sell', ordertype: 'limit', volume: Number((random() * 2).toFixed(4)), price: String(1000 + Math.floor(random() * 60000)), validate: random() < 0.3 }
      : tool === 'cancel_order'
        ? { txid_or_userref: `O${i.toString(36).toUpperCase().padStart(5, '0')}-ABCDE-FGHIJK` }
        : tool === 'ticker' || tool === 'order_book' || tool === 'ohlc'
          ? { pairs: pair }
          : {};
    const held = order && args.validate === false;
    const roll = random();
    const decision = held ? (roll < 0.6 ? 'approved' : roll < 0.8 ? 'rejected' : 'expired') : tool === 'cancel_order' ? (roll < 0.5 ? 'approved' : 'rejected') : roll < 0.93 ? 'allowed' : 'denied';
    const forwarded = decision === 'allowed' || decision === 'approved';
    // Built in the store's key order (what createCallRecord writes) without its per-record
    // validation, which would make 100 000 records take seconds; a test checks the shape.
    const record = withoutUndefined({
      id: `gen-${i}`,
      ts: ts.toISOString(),
      session: `s-${Math.floor(i / 500)}`,
      client: random() < 0.5 ? 'claude-code' : 'cursor',
      tool,
      decision,
      rule: decision === 'denied' ? 'tools.ticker.limits[0]' : held ? 'tools.add_order.approve_if[0]' : `tools.${tool}`,
      decidedBy: decision === 'allowed' || decision === 'denied' ? 'policy' : decision === 'expired' ? 'timeout' : random() < 0.5 ? 'window' : 'cli',
      waitedMs: held || tool === 'cancel_order' ? Math.floor(random() * 60_000) : undefined,
      upstreamMs: forwarded ? Math.floor(random() * 400) : undefined,
      argsHash: hashArguments(args),
      arguments: args,
      outcome: forwarded
        ? { status: 'ok', summary: order ? `{"descr": {"order": "${String(args.side)} ${String(args.volume)} ${pair} @ limit ${String(args.price)}"}, "txid": ["O${i.toString(36).toUpperCase().padStart(5, '0')}-GEN00-XXXXXX"]}` : '{"result": "ok"}' }
        : { status: 'not-forwarded' },
      reason: forwarded ? undefined : decision === 'denied' ? 'Rate limit reached; try again later.' : decision === 'expired' ? 'Approval timed out after 120 s' : 'Denied by the user.',
    } as CallRecord);
    byTool[tool] = (byTool[tool] ?? 0) + 1;
    byDecision[decision] = (byDecision[decision] ?? 0) + 1;
    byToolAndDecision[`${tool}/${decision}`] = (byToolAndDecision[`${tool}/${decision}`] ?? 0) + 1;
    if (options.keep) kept.push(record);
    const day = dayOf(record.ts);
    let lines = files.get(day);
    if (!lines) files.set(day, (lines = []));
    lines.push(JSON.stringify(record));
  }
  for (const [day, lines] of files) writeFileSync(join(dir, logFileName(day)), `${lines.join('\n')}\n`, { mode: 0o600 });
  return { count, byTool, byDecision, byToolAndDecision, ...(options.keep && { records: kept }) };
}

function withoutUndefined(record: CallRecord): CallRecord {
  for (const [key, value] of Object.entries(record)) if (value === undefined) delete (record as unknown as Record<string, unknown>)[key];
  return record;
}
