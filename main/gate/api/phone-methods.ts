// The contract's phone methods over the host's phone channel (main/phone implements PhoneControl):
// setting up the bot, pairing and unpairing are riskier (whoever pairs decides orders from their
// phone), so each needs the caller's presence proof and is recorded with it.
import type { GateApi, PhoneStatus } from '../../../preload/api.js';
import type { Gate } from '../gate.js';
import type { Channel, Proof } from '../presence/caller.js';

export type PairStart = { ok: true; pairCode: string; expiresAt: string; bot: string; message: string } | { ok: false; message: string };

/** What a host's phone channel offers the contract. The token goes in and never comes back. */
export interface PhoneControl {
  status(): PhoneStatus;
  /** Checks the token with Telegram (getMe) before keeping it; a new bot ends the old pairing. */
  setup(token: string, apiRoot: string | undefined): Promise<{ ok: boolean; message: string }>;
  pair(): Promise<PairStart>;
  unpair(forgetBot: boolean): Promise<{ ok: boolean; message: string }>;
}

type PhoneApi = Pick<GateApi, 'phoneSetup' | 'phonePair' | 'phoneUnpair'>;

const NO_PHONE = 'This Kraken Gate runs no phone channel.';

export function phoneMethods(gate: Gate, phone: PhoneControl | undefined, by: Channel, prove: (action: string, what: string, code: string | undefined) => Promise<Proof>): PhoneApi {
  return {
    phoneSetup: async ({ token, apiRoot, code }) => {
      if (!phone) return { ok: false, message: NO_PHONE };
      const proof = await prove('phone-setup', 'setting up the Telegram bot', code);
      const result = await phone.setup(token, apiRoot);
      // Never the token: only where approvals will be asked.
      if (result.ok) await gate.recordAction({ action: 'phone-setup', channel: by, proof, detail: { apiRoot: apiRoot ?? 'https://api.telegram.org', bot: phone.status().bot } });
      return result;
    },
    phonePair: async ({ code }) => {
      if (!phone) return { ok: false, message: NO_PHONE };
      const proof = await prove('phone-pair', 'pairing a phone', code);
      const result = await phone.pair();
      if (result.ok) await gate.recordAction({ action: 'phone-pair', channel: by, proof, detail: { bot: result.bot, expiresAt: result.expiresAt } });
      return result;
    },
    phoneUnpair: async ({ forgetBot, code }) => {
      if (!phone) return { ok: false, message: NO_PHONE };
      const proof = await prove('phone-unpair', forgetBot ? 'removing the Telegram bot' : 'unpairing the phone', code);
      const result = await phone.unpair(forgetBot === true);
      if (result.ok) await gate.recordAction({ action: 'phone-unpair', channel: by, proof, detail: { forgetBot: forgetBot === true } });
      return result;
    },
  };
}
