// Settings → Phone: approve from Telegram. Three steps a person can follow without the README: make
// a bot with @BotFather, give its token (write-only, never shown again), pair with a one-time code
// sent from their own account. Setting up, pairing and unpairing are riskier: the bridge asks for the
// authenticator's code where one is required.
import { useState } from 'react';
import type { PhoneStatus } from '../../preload/api';
import { getBridge } from '../bridge';
import { useStatus } from '../hooks/gate-store';
import { formatClock } from '../lib/format';

function clock(iso: string | undefined): string {
  return iso ? formatClock(iso) : '';
}

/** The channel's state in one sentence. */
export function phoneStateText(phone: PhoneStatus | undefined): string {
  if (!phone || phone.state === 'off') return 'Off: held orders are asked on this computer only.';
  const bot = phone.bot ?? 'your bot';
  switch (phone.state) {
    case 'not-paired':
      return phone.pairingUntil ? `Waiting for /pair from your phone (the code works until ${clock(phone.pairingUntil)}).` : `${bot} is set up; no phone is paired yet.`;
    case 'connecting':
      return `Paired with ${phone.pairedWith ?? 'your account'}; reaching Telegram…`;
    case 'online':
      return `Paired with ${phone.pairedWith ?? 'your account'} through ${bot}: held orders are sent there too.`;
    case 'offline':
      return `Telegram cannot be reached since ${clock(phone.since)} (${phone.reason ?? 'no reason given'}). Held orders still wait here; the phone catches up by itself.`;
  }
}

export function PhoneSection() {
  const phone = useStatus()?.phone;
  const [token, setToken] = useState('');
  const [apiRoot, setApiRoot] = useState('');
  const [message, setMessage] = useState<string>();
  const [pairing, setPairing] = useState<{ code: string; bot: string; until: string }>();
  const run = async (action: () => Promise<{ ok: boolean; message: string }>) => {
    try {
      const result = await action();
      setMessage(result.message);
      return result.ok;
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
      return false;
    }
  };
  const { api } = getBridge();
  const setUp = async () => {
    if (await run(() => api.phoneSetup({ token: token.trim(), ...(apiRoot.trim() && { apiRoot: apiRoot.trim() }) }))) setToken('');
  };
  const pair = async () => {
    const started = await api.phonePair({}).catch((error: unknown) => ({ ok: false as const, message: error instanceof Error ? error.message : String(error) }));
    if (started.ok) setPairing({ code: started.pairCode, bot: started.bot, until: started.expiresAt });
    setMessage(started.ok ? undefined : started.message);
  };
  const state = phone?.state ?? 'off';
  return (
    <section className="card" aria-labelledby="phone-title" data-testid="phone-settings">
      <h2 id="phone-title">Phone (Telegram)</h2>
      <p data-testid="phone-state">{phoneStateText(phone)}</p>
      {state === 'off' && (
        <form onSubmit={(e) => (e.preventDefault(), void setUp())}>
          <ol className="small">
            <li>
              In Telegram, open a chat with <b>@BotFather</b> and send <code>/newbot</code>; give it a name.
            </li>
            <li>Paste the token it answers with here.</li>
            <li>Pair your phone with the code Kraken Gate shows next.</li>
          </ol>
          <label>
            <span>Bot token</span>
            <input type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} placeholder="123456789:AA…" />
          </label>
          <details>
            <summary className="small">Self-hosted Bot API server</summary>
            <label>
              <span>API root (instead of https://api.telegram.org)</span>
              <input type="url" value={apiRoot} onChange={(e) => setApiRoot(e.target.value)} placeholder="http://127.0.0.1:8081" />
            </label>
          </details>
          <p className="small muted">Write-only: the token is kept with the presence secrets and never shown again.</p>
          <button type="submit" className="primary" disabled={!token.trim()}>
            Save bot
          </button>
        </form>
      )}
      {state === 'not-paired' && !pairing && (
        <button type="button" className="primary" onClick={() => void pair()}>
          Pair your phone
        </button>
      )}
      {pairing && state === 'not-paired' && (
        <div className="pairing" role="status">
          <p>
            From your own Telegram account, send this to {pairing.bot} before {clock(pairing.until)}:
          </p>
          <p className="pair-code">
            <code data-testid="pair-code">/pair {pairing.code}</code>
          </p>
          <p className="small muted">Only the account that sends it will be obeyed.</p>
        </div>
      )}
      {state !== 'off' && (
        <div className="buttons">
          {state !== 'not-paired' && (
            <button type="button" onClick={() => void run(() => api.phoneUnpair({}))}>
              Unpair
            </button>
          )}
          <button type="button" className="danger" onClick={() => void run(() => api.phoneUnpair({ forgetBot: true }))}>
            Remove bot
          </button>
        </div>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}
