// What a start stands on: the state a person last confirmed (confirmed.json, sealed), or, on the
// very first start with presence, the files as they are (trusted once, and sealed then). When the
// record is missing or altered although the vault exists, the safe defaults stand in for it: the
// paper exchange, the shipped rules, trading paused. Riskier differences on disk are staged.
import { DEFAULT_SETTINGS, type Exchange, type Settings } from '../../../preload/api.js';
import { defaultPolicyText } from '../policy/index.js';
import { dataFiles } from '../state/data-dir.js';
import { canonicalJson } from '../text/canonical-json.js';
import { readSettingsFile } from '../state/settings.js';
import type { AgentPause } from '../state/agent-pauses.js';
import { GUARDED_SETTINGS, guardedSettings, readConfirmed, type ConfirmedState, type GuardedSettings } from './confirmed.js';
import type { Presence } from './presence.js';
import { changeRequirement, riskierSettings } from './settings-risk.js';

export type BaselineSource = 'sealed' | 'first-start' | 'missing' | 'altered';

export interface Baseline {
  source: BaselineSource;
  /** The guarded settings a start measures settings.json against (the files' own on a first start). */
  settings: GuardedSettings;
  /**
   * What a person confirmed (sealed), or the safe defaults standing in for a missing or altered
   * record; undefined on a first start, where the rules and the pause are the files' own.
   */
  confirmed?: ConfirmedState;
  /** Set for missing/altered: what happened, and what is in force instead. */
  problem?: string;
}

/** What is in force, as a state to seal. */
export function stateOf(policyText: string, paused: boolean, settings: Settings, pins?: Readonly<Record<string, string>>, agentPauses: readonly AgentPause[] = []): ConfirmedState {
  return { version: 1, at: new Date().toISOString(), policyText, paused, settings: guardedSettings(settings), ...(pins && { pins: { ...pins } }), ...(agentPauses.length && { agentPauses: [...agentPauses] }) };
}

/**
 * Reads the baseline without writing anything (a host calls this before it holds the data dir's
 * lock, to choose the upstream). `fileSettings`: settings.json as it is now.
 */
export function readBaseline(presence: Presence, confirmedPath: string, fileSettings: Settings): Baseline {
  if (!presence.hasSealed) return { source: 'first-start', settings: guardedSettings(fileSettings) };
  const read = readConfirmed(confirmedPath, presence.sealKey());
  if (read.ok) return { source: 'sealed', settings: read.state.settings, confirmed: read.state };
  const what = read.problem === 'missing' ? 'is missing' : 'was altered';
  const standIn = { ...stateOf(defaultPolicyText(), true, DEFAULT_SETTINGS), at: new Date(0).toISOString() };
  return {
    source: read.problem,
    settings: standIn.settings,
    confirmed: standIn,
    problem: `The record of what you confirmed (${confirmedPath}) ${what}: Kraken Gate starts paused, on the paper exchange, with the shipped rules, until you confirm the files' rules and settings (kraken-gate rules diff).`,
  };
}

/**
 * The settings in force: the file's, except each guarded setting whose change from the baseline
 * is riskier and needs a proof (those keep the baseline's value and are staged). `running`: the
 * exchange the gateway runs on when not the settings' own (`serve -- CMD`): its needs count too.
 */
export function effectiveSettings(file: Settings, baseline: GuardedSettings, running?: Exchange): { settings: Settings; staged: string[] } {
  // The common case: the file holds what was confirmed.
  if (canonicalJson(guardedSettings(file)) === canonicalJson(baseline)) return { settings: file, staged: [] };
  const settings: Settings = { ...file };
  const staged: string[] = [];
  for (const key of GUARDED_SETTINGS) {
    const candidate = { ...baseline, [key]: file[key] } as GuardedSettings;
    const lines = riskierSettings(baseline, candidate);
    if (lines.length && changeRequirement(baseline, candidate, running).required) {
      (settings as Record<string, unknown>)[key] = baseline[key];
      staged.push(...lines);
    }
  }
  return { settings, staged };
}

/**
 * settings.json as a host starts from it (the upstream to run, the approval timeout): riskier hand
 * edits since the person last confirmed are held back. Writes nothing, so a host may call it
 * before it holds the data dir's lock.
 */
export function startSettings(dataDir: string, presence: Presence, running?: Exchange): Settings {
  const file = readSettingsFile(dataDir);
  return effectiveSettings(file, readBaseline(presence, dataFiles.confirmed(dataDir), file).settings, running).settings;
}
