// The contract's policy methods: policy.json as the Rules page edits it. The file on disk stays the
// truth: a save writes it (atomically) and applies it the way an outside edit is applied, so both
// paths give the same `policy-changed` event and the same refusal of an invalid text.
import { readFileSync } from 'node:fs';
import type { GateApi, PolicyCheck, PolicyView } from '../../../preload/api.js';
import type { Gate } from '../gate.js';
import type { Channel, Proof } from '../presence/caller.js';
import { compilePolicy, parsePolicyText, policyNeedsMarket, valueOrder, describeWorth } from '../policy/index.js';
import { policyHash } from '../state/policy-file.js';
import { policyChangeLines } from './policy-diff.js';

/** Who saves: the proof a loosening save needs, and the surface to log. */
export interface PolicyCaller {
  prove(code: string | undefined, detail: Record<string, unknown>): Promise<Proof>;
  by: Channel;
}

type PolicyMethods = Pick<GateApi, 'policy' | 'validatePolicy' | 'savePolicy' | 'testCall'>;

export function checkPolicyText(text: string): PolicyCheck {
  const result = parsePolicyText(text);
  return result.ok
    ? { ok: true, errors: [], warnings: result.warnings, policy: result.policy as Record<string, unknown> }
    : { ok: false, errors: result.errors, warnings: [] };
}

function readPolicyText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    // Removed or unreadable: the running rules stay; show an empty editor with why.
    return `// cannot read ${path}: ${(error as Error).message}\n`;
  }
}

export function policyView(gate: Gate): PolicyView {
  const path = gate.policy.path;
  const text = readPolicyText(path);
  const staged = gate.policy.staged;
  return {
    path,
    text,
    check: checkPolicyText(text),
    running: gate.policy.current.policy as Record<string, unknown>,
    ...(staged && { staged: { hash: staged.hash, at: staged.at, loosenings: staged.loosenings } }),
  };
}

export function policyMethods(gate: Gate, caller: PolicyCaller): PolicyMethods {
  return {
    policy: async () => policyView(gate),
    validatePolicy: async ({ text }) => checkPolicyText(text),
    savePolicy: async ({ text, baseText, code }) => {
      const parsed = parsePolicyText(text);
      if (!parsed.ok) return { ok: false, errors: parsed.errors, conflict: false };
      const path = gate.policy.path;
      if (baseText !== undefined && readPolicyText(path) !== baseText) {
        return { ok: false, errors: ['policy.json changed on disk since you opened it; reload it and apply your edit again.'], conflict: true };
      }
      // Tightening applies at once from any surface; loosening needs the person (where required).
      const loosens = gate.policy.loosensInForce(parsed.policy);
      const body = text.endsWith('\n') ? text : `${text}\n`;
      const proof = loosens.length ? await caller.prove(code, { loosenings: loosens }) : undefined;
      const before = gate.policy.text;
      const applied = gate.policy.save(body);
      if (!applied.ok) return { ok: false, errors: applied.errors, conflict: false };
      await gate.recordAction({
        action: 'rules',
        channel: caller.by,
        ...(proof && { proof }),
        detail: { before_sha256: policyHash(before), after_sha256: policyHash(body), loosenings: loosens, changes: policyChangeLines(before, body) },
      });
      return { ok: true, warnings: parsed.warnings, view: policyView(gate) };
    },
    testCall: async ({ tool, arguments: args, text }) => {
      let compiled = gate.policy.current;
      const notes: string[] = [];
      if (text !== undefined) {
        const parsed = parsePolicyText(text);
        if (!parsed.ok) return { ok: false, errors: parsed.errors };
        compiled = compilePolicy(parsed.policy);
        notes.push('Tested against your unsaved draft; rate limits start from zero calls.');
      }
      const call = { tool, arguments: args };
      const { verdict, market } = await gate.dryRun(call, compiled);
      if (policyNeedsMarket(compiled, call)) {
        const worth = valueOrder(call.tool, call.arguments, market, compiled.capCurrency);
        if (worth?.ok) notes.push(`Order worth ${describeWorth(worth)}.`);
        else if (worth) notes.push(`The order could not be valued, so the caps could not be checked: ${worth.reason}.`);
      }
      if (gate.pause.paused) notes.push('Financial tools are paused now.');
      return { ok: true, action: verdict.action, rule: verdict.rule, reason: verdict.reason, ...(verdict.worth !== undefined && { notional: verdict.worth.value }), notes };
    },
  };
}
