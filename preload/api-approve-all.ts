// Approve all (design rule 10) in the contract: the ids and argument hashes a surface showed, one
// presence proof for the batch, all or nothing. Part of the contract in api.ts; zod only.
import { z } from 'zod';

const CodeSchema = z.string().trim().min(1).max(16);

export const approveAllMethods = {
  /**
   * Riskier (one proof for the batch): approves exactly these calls, each bound to the hash shown,
   * only when every one is still waiting unchanged and may be approved together (approve-all.ts);
   * otherwise none, and `blockers` say which and why. Calls that arrived since stay waiting.
   */
  approveAll: {
    input: z
      .object({
        calls: z
          .array(z.object({ id: z.string().min(1).max(64), argsHash: z.string().min(1).max(128) }).strict())
          .min(1)
          .max(100),
        code: CodeSchema.optional(),
      })
      .strict(),
    output: z.discriminatedUnion('ok', [
      z.object({
        ok: z.literal(true),
        approved: z.array(z.string()),
        /** Calls waiting that were not in the batch (they arrived after the person looked): left waiting. */
        stillWaiting: z.array(z.string()),
        message: z.string(),
      }),
      z.object({ ok: z.literal(false), blockers: z.array(z.object({ id: z.string(), reason: z.string() })), message: z.string() }),
    ]),
  },
} as const;
