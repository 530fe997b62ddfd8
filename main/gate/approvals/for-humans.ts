// The one place a held call becomes what surfaces show (the CLI, `serve`'s console, the control
// API and its events, notifications, the tray, the window): every string that came from the agent
// or the upstream is made inert here, so no surface has to remember to. A client name with
// terminal escapes or a right-to-left override can no longer rewrite the approval a person reads.
import type { PendingApproval as PendingForHumans } from '../../../preload/api.js';
import { pauseStops } from '../catalog.js';
import { INERT_LIMITS, inert, inertJson } from '../text/inert.js';
import type { PendingApproval } from './queue.js';
import { inertSummary } from './summary.js';

export type { PendingForHumans };

export function pendingForHumans(pending: PendingApproval): PendingForHumans {
  const client = pending.origin?.clientName;
  return {
    id: pending.id,
    tool: inert(pending.tool, INERT_LIMITS.name),
    // Exact, because the approval is bound to their hash; never printed as they are.
    arguments: { ...pending.arguments },
    argumentsText: inertJson(pending.arguments),
    argsHash: pending.argsHash,
    summary: inertSummary(pending.summary),
    createdAt: pending.createdAt,
    expiresAt: pending.expiresAt,
    ...(client !== undefined && { client: inert(client, INERT_LIMITS.name) }),
    ...(pending.rule && { rule: { ...pending.rule } }),
    ...(pending.price && { price: { ...pending.price } }),
    ...(pending.risk && { risk: { tier: pending.risk.tier, reasons: pending.risk.reasons.map((r) => inert(r, INERT_LIMITS.line)) } }),
    stoppedByPause: pauseStops(pending.tool, pending.arguments),
  };
}
