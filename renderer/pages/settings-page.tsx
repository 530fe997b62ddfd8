import { useState, type ChangeEvent, type FormEvent } from 'react';
import { describeKeys, type ClientConfig, type Exchange, type KeysStatus, type Settings, type SettingsView, type UpstreamSetting } from '../../preload/api';
import { getBridge } from '../bridge';
import { CopyButton } from '../components/copy-button';
import { ModeOption } from '../components/mode-option';
import { PhoneSection } from '../components/phone-settings';
import { useStatus } from '../hooks/gate-store';
import { useFetch } from '../hooks/use-fetch';

const fetchSettings = () => getBridge().api.settings({});
const fetchKeys = () => getBridge().api.keys({});
const fetchToken = () => getBridge().api.agentToken({});
const fetchConfigs = () => getBridge().api.clientConfigs({});

export function SettingsPage() {
  const fetched = useFetch(fetchSettings);
  const [saved, setView] = useState<SettingsView>();
  const view = saved ?? fetched.value;
  const error = fetched.error;
  if (!view) return <p className="muted">{error ?? 'Loading settings…'}</p>;
  return (
    <div className="settings-page">
      <div className="page-title">
        <h1>Settings</h1>
        <span className="muted small">Saved in {view.path}</span>
      </div>
      {view.problem && <p className="warning">{view.problem}</p>}
      {view.restartRequired.length > 0 && <p className="notice">Saved; {view.restartRequired.join(', ')} applies after Kraken Gate restarts.</p>}
      <div className="settings-grid">
        <PresenceSection settings={view.settings} onSaved={setView} />
        <UpstreamSection settings={view.settings} onSaved={setView} />
        <KeysSection />
        <PhoneSection />
        <AgentTokenSection />
        <GatewaySection settings={view.settings} onSaved={setView} />
        <ClientConfigsSection />
      </div>
    </div>
  );
}

/** The desktop app on a Mac: approvals from this much up also ask for Touch ID (empty: never). */
function TouchIdField({ value, onSave }: { value: number | null; onSave(value: number | null): Promise<void> }) {
  const [text, setText] = useState(value === null ? '' : String(value));
  const parsed = text.trim() === '' ? null : Number(text);
  const valid = parsed === null || (Number.isFinite(parsed) && parsed >= 0);
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) void onSave(parsed);
      }}
    >
      <label>
        <span>Touch ID for approvals from (USD, Mac only; empty: never)</span>
        <input type="number" min={0} step="any" value={text} onChange={(event) => setText(event.target.value)} aria-invalid={!valid} data-testid="touch-id-above" />
      </label>
      <button type="submit" disabled={!valid}>
        Save
      </button>
    </form>
  );
}

async function saveSettings(changes: Partial<Settings>): Promise<{ view?: SettingsView; message: string }> {
  try {
    const result = await getBridge().api.updateSettings({ changes });
    return result.ok ? { view: result.view, message: 'Saved.' } : { message: result.message };
  } catch (error) {
    // A riskier change the person did not confirm with their code, or a gateway that is gone.
    return { message: `Not saved: ${error instanceof Error ? error.message : String(error)}` };
  }
}

const PRESENCE_MODES: ReadonlyArray<[Settings['presence'], string, string]> = [
  ['auto', 'On a real exchange', 'Approvals, resume, looser rules and riskier settings need you: a click here, or a code.'],
  ['always', 'Always', 'The same on the paper exchange too.'],
  ['off', 'Never', 'Anything that can reach this gateway can approve. Not for real money.'],
];

/** Who may take riskier actions: the presence requirement, and the authenticator app behind the codes. */
function PresenceSection({ settings, onSaved }: { settings: Settings; onSaved(view: SettingsView): void }) {
  const status = useStatus();
  const [message, setMessage] = useState<string>();
  const [shown, setShown] = useState<{ qrSvg: string; secret: string; otpauthUri: string }>();
  const presence = status?.presence;
  const setMode = async (mode: Settings['presence']) => {
    const result = await saveSettings({ presence: mode });
    if (result.view) onSaved(result.view);
    setMessage(result.message);
  };
  const setup = async () => {
    setMessage(undefined);
    try {
      const result = await getBridge().api.setupPresence({});
      if (result.ok) setShown(result);
      else setMessage(result.message);
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <section className="card presence-setup" aria-labelledby="presence-title-settings" data-testid="presence-settings">
      <h2 id="presence-title-settings">Presence</h2>
      {presence && (
        <p className="small" data-testid="presence-now">
          {presence.required ? <strong>Required now</strong> : <strong>Not required now</strong>} ({presence.why}).{' '}
          {presence.configured ? 'An authenticator app is set up.' : 'No authenticator app is set up yet.'}
        </p>
      )}
      <p className="small muted">
        An agent with a shell on this computer can run any command you can. Riskier actions therefore need a proof that you are here: a click in the
        Kraken Gate app, or the code from your authenticator app (the command line and this page served by kraken-gate serve).
      </p>
      <fieldset className="modes">
        <legend>Ask for presence</legend>
        {PRESENCE_MODES.map(([mode, label, hint]) => (
          <ModeOption key={mode} name="presence-mode" checked={settings.presence === mode} onChange={() => void setMode(mode)} label={label} hint={hint} />
        ))}
      </fieldset>
      {getBridge().desktop && <TouchIdField value={settings.touchIdAboveUsd} onSave={async (touchIdAboveUsd) => {
        const result = await saveSettings({ touchIdAboveUsd });
        if (result.view) onSaved(result.view);
        setMessage(result.message);
      }} />}
      <div className="buttons">
        <button type="button" onClick={() => void setup()} data-testid="presence-setup">
          {presence?.configured ? 'Replace the authenticator…' : 'Set up an authenticator app…'}
        </button>
      </div>
      {message && <p className="small" role="status">{message}</p>}
      {shown && (
        <div className="notice" data-testid="presence-secret">
          <p>Scan this with your authenticator app (Google Authenticator, Authy, 1Password, Aegis…). It is shown once.</p>
          <img src={`data:image/svg+xml;base64,${btoa(shown.qrSvg)}`} alt="QR code of the authenticator key" />
          <p className="small">
            Or type the key: <code>{shown.secret}</code> <CopyButton text={shown.secret} label="Copy key" />
          </p>
          <button type="button" onClick={() => setShown(undefined)}>
            Done, hide it
          </button>
        </div>
      )}
    </section>
  );
}

function UpstreamSection({ settings, onSaved }: { settings: Settings; onSaved(view: SettingsView): void }) {
  const [upstream, setUpstream] = useState<UpstreamSetting>(settings.upstream);
  const [test, setTest] = useState<{ ok: boolean; message: string }>();
  const [status, setStatus] = useState<string>();
  const [testing, setTesting] = useState(false);
  const runTest = async () => {
    setTesting(true);
    setTest(undefined);
    try {
      setTest(await getBridge().api.testUpstream({ upstream }));
    } catch (e) {
      setTest({ ok: false, message: e instanceof Error ? e.message : String(e) });
    } finally {
      setTesting(false);
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await saveSettings({ upstream });
    if (result.view) onSaved(result.view);
    setStatus(result.message);
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="upstream-title">
      <h2 id="upstream-title">Upstream</h2>
      <p className="small muted">
        The MCP server behind the gateway that talks to Kraken.
        {!getBridge().desktop && ' The running gateway shows its current one in the header; kraken-gate serve takes it from its command line (-- CMD…).'}
      </p>
      <fieldset className="modes">
        <legend className="sr-only">Kind</legend>
        {(
          [
            ['paper', 'Paper exchange', 'Built in; fake balances, nothing touches a real account.'],
            ['kraken-mcp', 'kraken-mcp', 'The real server (Python); your API keys go to it only.'],
            ['command', 'Another command', 'Any MCP server over stdio.'],
          ] as const
        ).map(([kind, label, hint]) => (
          <ModeOption
            key={kind}
            name="upstream-kind"
            checked={upstream.kind === kind}
            onChange={() => setUpstream(kind === 'paper' ? { kind } : kind === 'kraken-mcp' ? { kind, python: 'python3', script: '' } : { kind, command: '', args: [] })}
            label={label}
            hint={hint}
          />
        ))}
      </fieldset>
      {upstream.kind === 'kraken-mcp' && (
        <>
          <label>
            <span>Python</span>
            <input type="text" value={upstream.python} onChange={(e) => setUpstream({ ...upstream, python: e.target.value })} />
          </label>
          <label>
            <span>kraken-server.py</span>
            <input type="text" value={upstream.script} placeholder="/path/to/kraken-mcp/kraken-server.py" onChange={(e) => setUpstream({ ...upstream, script: e.target.value })} />
          </label>
        </>
      )}
      {upstream.kind === 'command' && (
        <>
          <label>
            <span>Command</span>
            <input type="text" value={upstream.command} onChange={(e) => setUpstream({ ...upstream, command: e.target.value })} />
          </label>
          <label>
            <span>Arguments (one per line)</span>
            <textarea rows={3} value={upstream.args.join('\n')} onChange={(e) => setUpstream({ ...upstream, args: e.target.value.split('\n').filter(Boolean) })} />
          </label>
        </>
      )}
      <div className="buttons">
        <button type="button" onClick={() => void runTest()} disabled={testing}>
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" className="primary">
          Save
        </button>
      </div>
      {test && (
        <p className={test.ok ? 'notice' : 'error'} role="status">
          {test.message}
        </p>
      )}
      {status && <p role="status">{status}</p>}
    </form>
  );
}

/** Where the keys the upstream will use come from (the keychain, the environment, its own .env); never the keys. */
function keysState(keys: KeysStatus, exchange: Exchange | undefined): string {
  const { state, where } = describeKeys(keys);
  if (state === 'set') return `Keys are set (${where}).`;
  if (state === 'incomplete') return `Keys are incomplete (${where}): private tools (balance, orders) will fail.`;
  if (state === 'unknown') return `Keys: ${where}.`;
  if (exchange === 'paper' && !keys.upstreamDotEnv) return 'No keys are set. The paper exchange needs none; kraken-mcp needs them for private tools (balance, orders).';
  return `No keys are set${keys.upstreamDotEnv ? ` (${where})` : ''}: private tools (balance, orders) will fail.`;
}

function KeysSection() {
  const { value: keys, reload } = useFetch(fetchKeys);
  const exchange = useStatus()?.upstream.exchange;
  const [apiKey, setApiKey] = useState('');
  const [apiSecret, setApiSecret] = useState('');
  const [message, setMessage] = useState<string>();
  const act = async (set: boolean) => {
    const { api } = getBridge();
    const result = set ? await api.setKeys({ apiKey, apiSecret }) : await api.clearKeys({});
    setMessage(result.message);
    if (result.ok) {
      setApiKey('');
      setApiSecret('');
    }
    reload();
  };
  return (
    <section className="card" aria-labelledby="keys-title">
      <h2 id="keys-title">Kraken API key</h2>
      <p data-testid="keys-state">{keys === undefined ? 'Checking…' : keysState(keys, exchange)}</p>
      {keys?.canSet ? (
        <form onSubmit={(e) => (e.preventDefault(), void act(true))}>
          <label>
            <span>API key</span>
            <input type="password" autoComplete="off" value={apiKey} onChange={(e) => setApiKey(e.target.value)} />
          </label>
          <label>
            <span>API secret</span>
            <input type="password" autoComplete="off" value={apiSecret} onChange={(e) => setApiSecret(e.target.value)} />
          </label>
          <p className="small muted">Write-only: the keys are never shown again, only replaced or removed.</p>
          <div className="buttons">
            <button type="submit" className="primary" disabled={!apiKey.trim() || !apiSecret.trim()}>
              Save keys
            </button>
            {keys.hasKeys && (
              <button type="button" className="danger" onClick={() => void act(false)}>
                Remove keys
              </button>
            )}
          </div>
        </form>
      ) : (
        <p className="small muted">
          The headless gateway takes its keys from <code>KRAKEN_API_KEY</code> and <code>KRAKEN_API_SECRET</code> in its environment, or kraken-mcp from the <code>.env</code> beside <code>kraken-server.py</code>; set them there and restart <code>kraken-gate serve</code>.
        </p>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}

function AgentTokenSection() {
  const fetched = useFetch(fetchToken);
  const [regenerated, setToken] = useState<{ token: string; endpoint: string }>();
  const token = regenerated ?? fetched.value;
  const [shown, setShown] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const regenerate = async () => {
    setToken(await getBridge().api.regenerateAgentToken({}));
    setConfirming(false);
  };
  return (
    <section className="card" aria-labelledby="token-title">
      <h2 id="token-title">Agent token</h2>
      <p className="small muted">
        What agents send to reach <code>{token?.endpoint ?? '…'}</code>. It lets them call tools, never approve.
      </p>
      <div className="token-row">
        <code className="token" data-testid="agent-token">
          {token ? (shown ? token.token : '•'.repeat(24)) : '…'}
        </code>
        <button type="button" onClick={() => setShown(!shown)} aria-pressed={shown}>
          {shown ? 'Hide' : 'Show'}
        </button>
        {token && <CopyButton text={token.token} />}
      </div>
      {confirming ? (
        <div className="buttons">
          <span>Every connected agent will need the new token.</span>
          <button type="button" className="danger" onClick={() => void regenerate()}>
            Regenerate now
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          Regenerate…
        </button>
      )}
    </section>
  );
}

function GatewaySection({ settings, onSaved }: { settings: Settings; onSaved(view: SettingsView): void }) {
  const [form, setForm] = useState(settings);
  const [message, setMessage] = useState<string>();
  const { desktop } = getBridge();
  // The port this run actually listens on (a --port flag wins over the setting).
  const status = useStatus();
  const endpoint = status?.endpoint;
  const runningTimeout = status?.approvalTimeoutSeconds;
  const runningPort = endpoint ? Number(new URL(endpoint).port) || undefined : undefined;
  const num = (key: keyof Settings) => (e: ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: Number(e.target.value) });
  const threshold = (key: keyof Settings['riskThresholds']) => (e: ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, riskThresholds: { ...form.riskThresholds, [key]: Number(e.target.value) } });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { upstream: _upstream, ...rest } = form;
    const result = await saveSettings(rest);
    if (result.view) onSaved(result.view);
    setMessage(result.message);
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="gateway-title">
      <h2 id="gateway-title">Gateway</h2>
      <label>
        <span>Port{runningPort !== undefined && runningPort !== form.port ? ` (this run listens on ${runningPort}: a --port flag or a change not applied yet)` : ''}</span>
        <input type="number" min={1} max={65535} value={form.port} onChange={num('port')} />
      </label>
      <label>
        <span>
          Approval timeout (seconds before a held call is denied)
          {runningTimeout !== undefined && runningTimeout !== form.approvalTimeoutSeconds ? ` (this run uses ${runningTimeout} s: an --approval-timeout flag or a change not applied yet)` : ''}
        </span>
        <input type="number" min={10} max={3600} value={form.approvalTimeoutSeconds} onChange={num('approvalTimeoutSeconds')} />
      </label>
      <fieldset className="risk-thresholds">
        <legend>An order is unusual (approved only after typing CONFIRM) from</legend>
        <label>
          <span>a limit this far past the market (%)</span>
          <input type="number" min={0} max={1000} step="any" value={form.riskThresholds.distancePercent} onChange={threshold('distancePercent')} data-testid="risk-distance" />
        </label>
        <label>
          <span>this share of the daily cap (%)</span>
          <input type="number" min={0} max={100} step="any" value={form.riskThresholds.dailyCapPercent} onChange={threshold('dailyCapPercent')} />
        </label>
        <label>
          <span>this share of the balance (%)</span>
          <input type="number" min={0} max={100} step="any" value={form.riskThresholds.balancePercent} onChange={threshold('balancePercent')} />
        </label>
      </fieldset>
      <label>
        <span>Approve from the notification only below (USD)</span>
        <input type="number" min={0} step="any" value={form.inlineApproveMaxUsd} onChange={num('inlineApproveMaxUsd')} />
      </label>
      <label>
        <span>Approve from the phone (Telegram) only below (USD)</span>
        <input type="number" min={0} step="any" value={form.phoneApproveMaxUsd} onChange={num('phoneApproveMaxUsd')} data-testid="phone-limit" />
      </label>
      <label>
        <span>Keep the call log (days)</span>
        <input type="number" min={1} value={form.logKeepDays} onChange={num('logKeepDays')} />
      </label>
      <label>
        <span>…and at most (MB)</span>
        <input type="number" min={16} value={form.logMaxMb} onChange={num('logMaxMb')} />
      </label>
      <label className="check">
        <input type="checkbox" checked={form.startAtLogin} disabled={!desktop} onChange={(e) => setForm({ ...form, startAtLogin: e.target.checked })} />
        Start at login {!desktop && <span className="small muted">(desktop app only)</span>}
      </label>
      <button type="submit" className="primary">
        Save
      </button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}

function ClientConfigsSection() {
  // Snippets embed the agent token, so they follow a regenerated one on the next visit.
  const { value: configs } = useFetch<ClientConfig[]>(fetchConfigs);
  const [chosen, setChosen] = useState(0);
  const config = configs?.[chosen];
  return (
    <section className="card wide" aria-labelledby="clients-title">
      <h2 id="clients-title">Connect an agent</h2>
      <label>
        <span>Client</span>
        <select value={chosen} onChange={(e) => setChosen(Number(e.target.value))}>
          {(configs ?? []).map((c, i) => (
            <option key={`${c.client}-${c.transport}`} value={i}>
              {c.title} ({c.transport === 'http' ? 'HTTP' : 'stdio'})
            </option>
          ))}
        </select>
      </label>
      {config && (
        <>
          {config.command && (
            <div className="snippet">
              <pre>{config.command}</pre>
              <CopyButton text={config.command} label="Copy command" />
            </div>
          )}
          <div className="snippet">
            <pre data-testid="client-snippet">{config.json}</pre>
            <CopyButton text={config.json} label="Copy config" />
          </div>
          {config.notes.map((n) => (
            <p key={n} className={`small ${config.embedsToken && n.includes('token') ? 'warning' : 'muted'}`}>
              {n}
            </p>
          ))}
        </>
      )}
    </section>
  );
}
