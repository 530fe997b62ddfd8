import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Exchange, GateApi, GateApiInput, GateApiMethod, GateApiOutput, PresenceMode } from '../../preload/api.js';
import type { Presence } from '../../main/gate/presence/presence.js';
import type { PendingApproval } from '../../main/gate/approvals/index.js';
import type { CallRecord } from '../../main/gate/calllog/index.js';
import type { Event } from '../../main/gate/events.js';
import type { Gate } from '../../main/gate/gate.js';
import type { SessionLimits } from '../../main/gate/gateway/server.js';
import { startGateway, type RunningGateway, type StartGatewayOptions } from '../../main/host/start-gateway.js';
import { paperCommand } from '../../main/paper/command.js';

export interface TestGateway extends RunningGateway {
  /** The contract as the command line gets it (the control token over HTTP: no presence of its own). */
  api: GateApi;
  dataDir: string;
  token: string;
  /** The token of the control API (approve, deny, pause …), which the agent never gets. */
  controlToken: string;
  url: string;
  port: number;
  connect(options?: { name?: string; transport?: 'streamable-http' | 'sse' }): Promise<Client>;
  /** `POST /api/<method>` over real HTTP, with the control token unless another is given. */
  control<M extends GateApiMethod>(method: M, input: GateApiInput<M>, options?: { token?: string }): Promise<ControlResponse<GateApiOutput<M>>>;
  /** Closes its clients and stops the gateway; removes the data dir unless it was handed in. */
  close(): Promise<void>;
}

export interface ControlResponse<T> {
  status: number;
  /** The parsed JSON body: the method's output when status is 200, `{ error }` otherwise. */
  body: T;
}

/** A real headless gateway on an ephemeral port, with its own data dir, and the real paper upstream. */
export interface TestGatewayOptions {
  /** A command to spawn, or (with inProcess) a server in this process the test can reach into. */
  upstream?: StartGatewayOptions['upstream'];
  /** Written as policy.json before the gateway starts; the shipped default otherwise. */
  policy?: unknown;
  approvalTimeoutMs?: number;
  progressIntervalMs?: number;
  /** Written to policy.json verbatim (a PolicyLayer file as is); wins over `policy`. */
  policyText?: string;
  /** Start on this existing data dir (a restart); close() then leaves it in place. */
  dataDir?: string;
  /** UpstreamOptions.startTimeoutMs: how long calls wait for a (re)starting upstream. */
  upstreamStartTimeoutMs?: number;
  /** UpstreamOptions.callTimeoutMs: how long a forwarded call may take. */
  upstreamCallTimeoutMs?: number;
  /** Resolve as soon as the gateway listens, without waiting for the upstream (default true: wait). */
  waitForUpstream?: boolean;
  /** Session limits of the agent endpoint (defaults in SessionLimits). */
  sessions?: SessionLimits;
  /** Call log retention (StartGatewayOptions.retention). */
  retention?: StartGatewayOptions['retention'];
  /** Added to the upstream's environment (StartGatewayOptions.upstreamEnv). */
  upstreamEnv?: Record<string, string>;
  /** Receives what `serve` prints to its console (default: nothing). */
  log?: (line: string) => void;
  /**
   * settings.json's presence mode, written before a first start (which trusts the files as they
   * are). A custom upstream is a real exchange as far as the gate knows ('auto' then asks for a
   * code); tests of other things on such an upstream say 'off'.
   */
  presence?: PresenceMode;
  /** The gateway's presence checks (a test authenticator on the test's clock, test/helpers/presence.ts). */
  withPresence?: Presence;
  /** What the upstream trades on; a custom upstream is 'unknown' (treated as real) unless said. */
  exchange?: Exchange;
  /** Listen on this port (a restart where an open page must find the gateway again); ephemeral when not given. */
  port?: number;
  /** The phone channel's timing and clock (StartGatewayOptions.phone). */
  phone?: StartGatewayOptions['phone'];
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kraken-gate-test-'));
  if (options.policyText !== undefined) writeFileSync(join(dataDir, 'policy.json'), options.policyText);
  else if (options.policy !== undefined) writeFileSync(join(dataDir, 'policy.json'), JSON.stringify(options.policy, null, 2));
  if (options.presence !== undefined) writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ presence: options.presence }));
  const running = await startGateway({
    dataDir,
    port: options.port ?? 0,
    upstream: options.upstream ?? paperCommand(),
    exchange: options.exchange ?? (options.upstream ? 'unknown' : 'paper'),
    presence: options.withPresence,
    approvalTimeoutMs: options.approvalTimeoutMs,
    progressIntervalMs: options.progressIntervalMs,
    upstreamStartTimeoutMs: options.upstreamStartTimeoutMs,
    upstreamCallTimeoutMs: options.upstreamCallTimeoutMs,
    sessions: options.sessions,
    retention: options.retention,
    upstreamEnv: options.upstreamEnv,
    log: options.log ?? (() => undefined),
    phone: options.phone,
  });
  if (options.waitForUpstream !== false) await running.gate.upstream.whenReady();
  const token = readFileSync(join(dataDir, 'gateway-token'), 'utf8').trim();
  const controlToken = readFileSync(join(dataDir, 'control-token'), 'utf8').trim();
  const clients: Client[] = [];
  const url = running.gateway.url;
  return {
    ...running,
    api: running.apiFor({ channel: 'cli', present: false }),
    dataDir,
    token,
    controlToken,
    url,
    port: running.gateway.port,
    async connect({ name = 'test-agent', transport = 'streamable-http' } = {}) {
      const client = new Client({ name, version: '1.0.0' });
      const headers = { Authorization: `Bearer ${token}` };
      const t =
        transport === 'sse'
          ? new SSEClientTransport(new URL(url.replace(/\/mcp$/, '/sse')), { requestInit: { headers }, eventSourceInit: { fetch: (u, init) => fetch(u, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } }) } })
          : new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
      await client.connect(t);
      clients.push(client);
      return client;
    },
    async control(method, input, { token: bearer = controlToken } = {}) {
      const response = await fetch(`http://127.0.0.1:${running.gateway.port}/api/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      return { status: response.status, body: (await response.json()) as never };
    },
    async close() {
      await Promise.allSettled(clients.map((c) => c.close()));
      await running.stop();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Calls a tool without the SDK's outputSchema validation, as a gateway-agnostic agent would see it. */
/** The paper account's balances, as an agent reads them. */
export async function balance(client: Client): Promise<Record<string, string>> {
  return (await client.callTool({ name: 'account_balance', arguments: {} })).structuredContent as Record<string, string>;
}

/** The paper account's open orders by txid, as an agent reads them. */
export async function openOrders(client: Client): Promise<Record<string, unknown>> {
  return ((await client.callTool({ name: 'open_orders', arguments: {} })).structuredContent as { open: Record<string, unknown> }).open;
}

export async function callTool(client: Client, name: string, args: Record<string, unknown> = {}, options: Parameters<Client['request']>[2] = {}) {
  const { CallToolResultSchema } = await import('@modelcontextprotocol/sdk/types.js');
  return client.request({ method: 'tools/call', params: { name, arguments: args } }, CallToolResultSchema, options);
}

export function textOf(result: { content: Array<{ type: string; text?: string }> }): string {
  return result.content.map((part) => part.text ?? '').join('\n');
}

/** The first value `event` fires that passes `test`; subscribe before causing it. */
export function nextEvent<T>(event: Event<T>, test: (value: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const dispose = event((value) => {
      if (!test(value)) return;
      dispose();
      resolve(value);
    });
  });
}

/** The next call the gate holds for a human. */
export function nextPending(gate: Gate, tool?: string): Promise<PendingApproval> {
  return nextEvent(gate.approvals.onDidAdd, (p) => tool === undefined || p.tool === tool);
}

/** The next call-log record (durable by then) that passes `test`. */
export function nextRecord(gate: Gate, test: (record: CallRecord) => boolean = () => true): Promise<CallRecord> {
  return nextEvent(gate.onDidRecord, test);
}
