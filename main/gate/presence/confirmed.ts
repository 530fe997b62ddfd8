// What a person last confirmed, sealed: the rules in force, whether trading is paused (and which agents), and the
// settings that matter (upstream, approval timeout, notification limit, presence, log retention).
// An HMAC with the vault's seal key binds them, so a hand edit of a file, or a restart after one,
// cannot put anything looser in force: the gateway starts from this record and stages the rest.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_SETTINGS, PRESENCE_MODES, UpstreamSettingSchema, type Settings } from '../../../preload/api.js';
import { AgentPauseSchema } from '../state/agent-pauses.js';
import { writeFileAtomic } from '../state/atomic-file.js';
import { canonicalJson } from '../text/canonical-json.js';

/** The settings a hand edit must not change without the person (presence/settings-risk.ts says which way). */
export const GUARDED_SETTINGS = ['upstream', 'approvalTimeoutSeconds', 'inlineApproveMaxUsd', 'presence', 'logKeepDays', 'touchIdAboveUsd', 'riskThresholds', 'phoneApproveMaxUsd'] as const;
export type GuardedSettings = Pick<Settings, (typeof GUARDED_SETTINGS)[number]>;

const GuardedSettingsSchema = z.object({
  upstream: UpstreamSettingSchema,
  approvalTimeoutSeconds: z.number(),
  inlineApproveMaxUsd: z.number(),
  presence: z.enum(PRESENCE_MODES),
  logKeepDays: z.number(),
  touchIdAboveUsd: z.number().nullable(),
  // Sealed before risk tiers existed: the defaults stood then.
  riskThresholds: z.object({ distancePercent: z.number(), dailyCapPercent: z.number(), balancePercent: z.number() }).default(DEFAULT_SETTINGS.riskThresholds),
  // Sealed before phone approvals existed: the default stood then.
  phoneApproveMaxUsd: z.number().default(DEFAULT_SETTINGS.phoneApproveMaxUsd),
});

export const ConfirmedStateSchema = z.object({
  version: z.literal(1),
  at: z.string(),
  /** policy.json's text as confirmed (applied by a person, or tightening edits). */
  policyText: z.string(),
  paused: z.boolean(),
  settings: GuardedSettingsSchema,
  /** The accepted tool definitions' hashes (tool-pins.json as a person left it). */
  pins: z.record(z.string(), z.string()).optional(),
  /** Agents a person paused (Deny & pause agent) and not resumed: an edit of agent-pauses.json cannot lift them. */
  agentPauses: z.array(AgentPauseSchema).optional(),
});
export type ConfirmedState = z.infer<typeof ConfirmedStateSchema>;

const SealedSchema = ConfirmedStateSchema.extend({ mac: z.string().regex(/^[0-9a-f]{64}$/) });

export function guardedSettings(settings: Settings): GuardedSettings {
  return {
    upstream: settings.upstream,
    approvalTimeoutSeconds: settings.approvalTimeoutSeconds,
    inlineApproveMaxUsd: settings.inlineApproveMaxUsd,
    presence: settings.presence,
    logKeepDays: settings.logKeepDays,
    touchIdAboveUsd: settings.touchIdAboveUsd,
    riskThresholds: settings.riskThresholds,
    phoneApproveMaxUsd: settings.phoneApproveMaxUsd,
  };
}

export type ConfirmedRead = { ok: true; state: ConfirmedState } | { ok: false; problem: 'missing' | 'altered' };

function mac(key: Buffer, state: ConfirmedState): string {
  return createHmac('sha256', key).update(`kraken-gate confirmed state\n${canonicalJson(state)}`).digest('hex');
}

/** confirmed.json in the data dir, checked against the seal key. */
export function readConfirmed(path: string, key: Buffer): ConfirmedRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, problem: 'missing' };
    return { ok: false, problem: 'altered' };
  }
  let sealed: z.infer<typeof SealedSchema>;
  let written: Record<string, unknown>;
  try {
    written = JSON.parse(text) as Record<string, unknown>;
    sealed = SealedSchema.parse(written);
  } catch {
    return { ok: false, problem: 'altered' };
  }
  // The seal covers what was written; a field added since (read with its default) is not in it.
  const { mac: given, ...state } = sealed;
  const { mac: _, ...asWritten } = written;
  const expected = Buffer.from(mac(key, asWritten as ConfirmedState), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(given, 'hex'))) return { ok: false, problem: 'altered' };
  return { ok: true, state };
}

export function writeConfirmed(path: string, key: Buffer, state: ConfirmedState): void {
  const clean = ConfirmedStateSchema.parse(state);
  writeFileAtomic(path, `${JSON.stringify({ ...clean, mac: mac(key, clean) }, null, 2)}\n`, 0o600);
}
