// The phone channel as surfaces see it: a Telegram bot the gateway reaches by long polling, paired
// with one Telegram account whose taps decide held calls (main/phone). Part of the contract in
// api.ts; runtime-neutral (zod only). The bot token goes in and never comes back out.
import { z } from 'zod';

const CodeSchema = z.string().trim().min(1).max(16);

/** A Telegram bot token as @BotFather gives it: "123456789:AA…". */
export const BotTokenSchema = z
  .string()
  .trim()
  .regex(/^\d{1,20}:[A-Za-z0-9_-]{20,200}$/, 'a bot token looks like 123456789:AAE… (from @BotFather)');

export const PHONE_STATES = ['off', 'not-paired', 'connecting', 'online', 'offline'] as const;

export const PhoneStatusSchema = z.object({
  /** off: no bot set up; not-paired: a bot, no account yet; connecting/online/offline: paired, Telegram not asked yet, reachable or not. */
  state: z.enum(PHONE_STATES),
  /** The bot's @username, once Telegram said it. */
  bot: z.string().optional(),
  /** The Telegram account obeyed: "Alice (@alice)". */
  pairedWith: z.string().optional(),
  /** A pairing code is waiting to be sent to the bot (not the code: only who asked for it sees that). */
  pairingUntil: z.string().optional(),
  /** ISO time the state began (offline since …). */
  since: z.string().optional(),
  /** Why it is offline, in words, never with the token in it. */
  reason: z.string().optional(),
  /** A self-hosted Bot API server, when one is used instead of api.telegram.org. */
  apiRoot: z.string().optional(),
});
export type PhoneStatus = z.infer<typeof PhoneStatusSchema>;

const ResultSchema = z.object({ ok: z.boolean(), message: z.string() });

export const phoneMethods = {
  /** Riskier: a new bot (or API server) decides where approvals are asked; the old pairing ends. */
  phoneSetup: {
    input: z.object({ token: BotTokenSchema, apiRoot: z.string().trim().url().max(1024).optional(), code: CodeSchema.optional() }).strict(),
    output: ResultSchema,
  },
  /**
   * Riskier: a one-time code (10 minutes) for the person to send to the bot as `/pair CODE` from
   * their own Telegram account; only that account is obeyed from then on.
   */
  phonePair: {
    input: z.object({ code: CodeSchema.optional() }).strict(),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), pairCode: z.string(), expiresAt: z.string(), bot: z.string(), message: z.string() }),
      z.object({ ok: z.literal(false), message: z.string() }),
    ]),
  },
  /** Riskier: forgets the paired account (and with `forgetBot`, the bot's token too). */
  phoneUnpair: {
    input: z.object({ forgetBot: z.boolean().optional(), code: CodeSchema.optional() }).strict(),
    output: ResultSchema,
  },
} as const;
