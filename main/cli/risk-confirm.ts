// An unusual order is approved from the CLI only after the person types CONFIRM (or the order's
// amount, as the window takes it: preload/risk-confirmation.ts), having read why
// (design rule 4: the friction follows the risk; the gateway enforces it, this asks). A script
// that has shown the reasons passes --confirm-risk; without a terminal and without it, the
// gateway's refusal says what to do.
import type { GateApi, PendingApproval } from '../../preload/api.js';
import { normalizeApprovalId } from '../gate/approvals/ids.js';
import { isRiskConfirmation, orderAmount, RISK_CONFIRMATION } from '../gate/approvals/risk.js';
import { inert } from '../gate/text/inert.js';
import type { Colors } from './colour.js';
import { askLine, canAsk } from './prompt.js';

/** What approve sends: true from --confirm-risk, else what the person typed (the gateway checks it again). */
export type RiskAnswer = { confirmRisk: boolean | string } | { declined: string };

/** Whether to send confirmRisk with an approval of `id`: asked at a terminal when the order is unusual. */
export async function confirmRiskFor(api: Pick<GateApi, 'pending'>, id: string, given: boolean, c: Colors, ask: (question: string) => Promise<string> = askLine): Promise<RiskAnswer> {
  if (given) return { confirmRisk: true };
  const held = (await api.pending({})).find((p: PendingApproval) => p.id === normalizeApprovalId(id));
  if (held?.risk?.tier !== 'unusual' || (ask === askLine && !canAsk())) return { confirmRisk: false };
  const reasons = held.risk.reasons.map((r) => `  - ${inert(r)}`).join('\n');
  const amount = orderAmount(held);
  const words = amount === undefined ? RISK_CONFIRMATION : `${RISK_CONFIRMATION} (or the amount, ${amount})`;
  const answer = await ask(`${c.bold(c.yellow(`${held.id} is unusual:`))}\n${reasons}\nType ${words} to approve it anyway: `);
  return isRiskConfirmation(answer, held) ? { confirmRisk: answer.trim() } : { declined: `Not approved: you did not type ${words}; ${held.id} is still waiting (kraken-gate approve, deny).` };
}
