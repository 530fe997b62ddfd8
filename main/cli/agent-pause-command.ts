// Deny & pause agent from the CLI: `deny ID --pause-agent 15m` denies a held call and pauses its
// agent (one step: the safe direction); `resume --agent NAME` lifts the pause early (riskier: the
// person's code where presence is required).
import type { GateApi } from '../../preload/api.js';
import { inert } from '../gate/text/inert.js';
import type { Colors } from './colour.js';
import { parseSpan } from './durations.js';

type Print = (line: string) => void;

const UNTIL_RESUMED = /^(resumed|until-resumed)$/i;

/** `--pause-agent` in minutes, null for "until resumed"; a span of 1 minute to 7 days. */
export function pauseMinutes(value: string): number | null {
  if (UNTIL_RESUMED.test(value.trim())) return null;
  const span = parseSpan(value);
  const minutes = span === undefined ? undefined : Math.ceil(span / 60_000);
  if (minutes === undefined || minutes < 1 || minutes > 7 * 24 * 60) {
    throw new Error(`--pause-agent takes a time from 1 minute to 7 days (15m, 1h, 2d) or "resumed" (until you resume it), not "${value}".`);
  }
  return minutes;
}

export async function denyAndPauseAgent(api: GateApi, id: string, flags: { json: boolean; reason?: string; pauseAgent: string }, io: { print: Print; error: Print; c: Colors }): Promise<number> {
  const result = await api.denyAndPauseAgent({ id, minutes: pauseMinutes(flags.pauseAgent), ...(flags.reason && { reason: flags.reason }) });
  if (flags.json) io.print(JSON.stringify(result, null, 2));
  else if (result.ok) io.print(`${result.id}: ${io.c.red('denied')}. ${inert(result.message)}`);
  else io.error(`kraken-gate: ${inert(result.message)}`);
  return result.ok ? 0 : 1;
}

export async function resumeAgent(api: GateApi, agent: string, flags: { json: boolean }, io: { print: Print; error: Print }): Promise<number> {
  const result = await api.resumeAgent({ agent });
  if (flags.json) io.print(JSON.stringify(result, null, 2));
  else (result.ok ? io.print : io.error)(inert(result.message));
  return result.ok ? 0 : 1;
}
