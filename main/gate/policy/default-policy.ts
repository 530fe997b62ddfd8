// The policy a new install starts with: reading is free, anything that moves money asks a human,
// and whatever kraken-mcp adds later (a withdrawal tool, say) is refused until someone names it.
import { PRIVATE_READ_TOOLS, PUBLIC_TOOLS } from '../catalog.js';
import type { Policy, ToolRules } from './schema.js';

const allowed: ToolRules = {};

export const DEFAULT_POLICY: Policy = {
  version: '1',
  description: 'Kraken Gate default: market data and account reads pass; orders and cancellations need your approval.',
  default: 'deny',
  tools: {
    ...Object.fromEntries([...PUBLIC_TOOLS, ...PRIVATE_READ_TOOLS].map((name) => [name, allowed])),
    add_order: {
      // kraken-mcp only validates an order unless `validate` is false; any value other than
      // (a spelling of) true is treated as a real order, so odd spellings ask rather than pass.
      approve_if: [
        {
          conditions: [
            { path: 'args.validate', op: 'exists', value: true },
            { path: 'args.validate', op: 'neq', value: true },
          ],
          reason: 'Places a real order (validate is false).',
        },
      ],
    },
    cancel_order: { action: 'approve' },
    amend_order: { action: 'approve' },
    cancel_all_orders_after: { action: 'approve' },
  },
};

/** The default policy as the policy.json text written on first start. */
export function defaultPolicyText(): string {
  return `${JSON.stringify(DEFAULT_POLICY, null, 2)}\n`;
}
