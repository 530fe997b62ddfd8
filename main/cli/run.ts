import { parseArgs } from 'node:util';
import { dataFiles, resolveDataDir } from '../gate/data-dir.js';
import { PortInUseError } from '../gate/gateway/server.js';
import { readToken } from '../gate/token.js';
import { startHeadless, type ServeOptions } from '../headless/serve.js';
import { checkPolicyFile } from '../gate/policy/index.js';
import { runControlCommand } from './control-commands.js';
import { runLogCommand } from './log-command.js';
import { runConfigCommand } from './client-config-command.js';
import { runConnect } from './connect.js';
import { controlClient } from './control-client.js';
import { paperCommand } from '../paper/command.js';
import { VERSION } from '../version.js';

const USAGE = `kraken-gate ${VERSION}: a human-in-the-loop gateway between AI agents and kraken-mcp

Usage:
  kraken-gate serve [--port 8787] [--data-dir DIR] [--approval-timeout 120]
                   [--log-keep-days 90] [--log-max-mb 1024] [-- UPSTREAM COMMAND...]
      Run the gateway headless. Without an upstream command it runs the built-in paper
      exchange; e.g. kraken-gate serve -- python3 /path/to/kraken-server.py
      KRAKEN_API_KEY / KRAKEN_API_SECRET are passed to the upstream only.
  kraken-gate paper        Run the paper exchange alone (MCP over stdio).
  kraken-gate token        Print the agent's bearer token.
  kraken-gate status [--json]          Upstream state, pause, pending approvals.
  kraken-gate pending [--json]         Calls waiting for your decision.
  kraken-gate approve ID               Let a held call through.
  kraken-gate deny ID [--reason TEXT]  Refuse a held call; the agent sees the reason.
  kraken-gate pause | resume           Refuse every financial tool (orders, cancels) / lift it.
  kraken-gate log [--json|--csv] [--since 2h] [--until T] [--tool T] [--decision D] [--text S] [--limit N]
                                       Recorded calls, newest first (works while the gateway runs).
  kraken-gate policy check FILE        Validate a policy file; errors name the path.
  kraken-gate tools accept NAME        Accept an upstream tool's changed definition.
  kraken-gate connect      A stdio MCP server that forwards to the running gateway, for clients
                           that only launch local servers (Claude Desktop, …). Exits 1 if none runs.
  kraken-gate config claude-desktop|claude-code|cursor|vscode|gemini [--stdio] [--json]
                                       Print that client's config snippet (it may hold the token).
  kraken-gate config CLIENT --write [--file PATH]
                                       Merge it into the client's config file, after a backup.
  kraken-gate help         This text.

Data dir: --data-dir, else KRAKEN_GATE_DATA_DIR, else the OS convention (~/.config/kraken-gate).`;

export async function runCli(argv: string[]): Promise<number | undefined> {
  const split = argv.indexOf('--');
  const ours = split === -1 ? argv : argv.slice(0, split);
  const upstreamArgv = split === -1 ? [] : argv.slice(split + 1);
  const { values, positionals } = parseArgs({
    args: ours,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
      json: { type: 'boolean' },
      reason: { type: 'string' },
      csv: { type: 'boolean' },
      since: { type: 'string' },
      until: { type: 'string' },
      tool: { type: 'string' },
      decision: { type: 'string' },
      text: { type: 'string' },
      limit: { type: 'string' },
      write: { type: 'boolean' },
      file: { type: 'string' },
      stdio: { type: 'boolean' },
      'approval-timeout': { type: 'string' },
      'log-keep-days': { type: 'string' },
      'log-max-mb': { type: 'string' },
    },
  });
  const [command = 'help'] = positionals;
  if (values.version) return void console.log(VERSION);
  if (values.help || command === 'help') return void console.log(USAGE);
  const dataDir = resolveDataDir(values['data-dir']);

  switch (command) {
    case 'paper': {
      const { runPaperServer } = await import('../paper/server.js');
      await runPaperServer();
      return undefined;
    }
    case 'token': {
      const token = readToken(dataFiles.gatewayToken(dataDir));
      if (!token) {
        console.error(`kraken-gate: no token in ${dataDir} yet; \`kraken-gate serve\` creates it on first run.`);
        return 1;
      }
      console.log(token);
      return 0;
    }
    case 'serve':
      return serve(dataDir, parsePort(values.port), upstreamArgv, {
        approvalTimeoutMs: optionalPositive('--approval-timeout', values['approval-timeout'], 1000),
        retention: {
          maxAgeDays: optionalPositive('--log-keep-days', values['log-keep-days'], 1),
          maxTotalBytes: optionalPositive('--log-max-mb', values['log-max-mb'], 1024 * 1024),
        },
      });
    case 'policy':
      return policyCommand(positionals.slice(1));
    case 'log':
      return runLogCommand(dataDir, values);
    case 'tools':
      return toolsCommand(positionals.slice(1), dataDir);
    case 'connect':
      return runConnect(dataDir);
    case 'config':
      return runConfigCommand(positionals.slice(1), dataDir, { write: values.write, file: values.file, stdio: values.stdio, json: values.json, port: values.port });
    case 'status':
    case 'pending':
    case 'approve':
    case 'deny':
    case 'pause':
    case 'resume':
      return runControlCommand(command, positionals.slice(1), dataDir, { json: values.json ?? false, reason: values.reason });
    default:
      console.error(`kraken-gate: unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

async function policyCommand(args: string[]): Promise<number> {
  const [sub, file] = args;
  if (sub !== 'check' || !file) {
    console.error('Usage: kraken-gate policy check FILE');
    return 2;
  }
  const result = await checkPolicyFile(file);
  for (const line of result.lines) (result.ok ? console.log : console.error)(line);
  return result.ok ? 0 : 1;
}

async function toolsCommand(args: string[], dataDir: string): Promise<number> {
  const [sub, name] = args;
  if (sub !== 'accept' || !name) {
    console.error('Usage: kraken-gate tools accept NAME');
    return 2;
  }
  const result = await controlClient(dataDir).acceptTool({ name });
  (result.ok ? console.log : console.error)(result.message);
  return result.ok ? 0 : 1;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 8787;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${value}".`);
  return port;
}

/** A positive number given in a flag's unit, returned times `scale`; undefined when not given. */
function optionalPositive(flag: string, value: string | undefined, scale: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number, not "${value}".`);
  return n * scale;
}

type ServeTuning = Pick<ServeOptions, 'approvalTimeoutMs' | 'retention'>;

async function serve(dataDir: string, port: number, upstreamArgv: string[], tuning: ServeTuning): Promise<number | undefined> {
  const [command, ...args] = upstreamArgv;
  const upstream = command ? { command, args } : paperCommand();
  const upstreamEnv = Object.fromEntries(
    ['KRAKEN_API_KEY', 'KRAKEN_API_SECRET'].flatMap((key) => (process.env[key] ? [[key, process.env[key]]] : [])),
  ) as Record<string, string>;
  // From here on only the upstream's environment holds the keys, not ours (nor future children's).
  delete process.env.KRAKEN_API_KEY;
  delete process.env.KRAKEN_API_SECRET;
  let running;
  try {
    running = await startHeadless({ dataDir, port, upstream, upstreamEnv, ...tuning });
  } catch (error) {
    if (error instanceof PortInUseError) {
      console.error(`kraken-gate: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const shutdown = (signal: string): void => {
    console.log(`\n${signal}: closing sessions and stopping the upstream…`);
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('kraken-gate: shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  return undefined;
}
