// `kraken-gate open [--print]`: a fresh one-time login link to the running gateway's window,
// opened in the default browser (or only printed). The link is asked of the gateway with the
// control token, so only someone who can read the data dir gets one.
import { spawn } from 'node:child_process';
import { z } from 'zod';
import { dataFiles } from '../gate/state/data-dir.js';
import { readToken } from '../gate/state/token.js';
import { LOGIN_LINK_PATH } from '../headless/ui-routes.js';
import { ControlError, readRuntime } from './control-client.js';
import { describeUnreachable } from './gateway-identity.js';

export interface OpenOptions {
  print?: boolean;
  /** Opens a URL in the browser; resolves false when it could not (no desktop, no opener). */
  openUrl?: (url: string) => Promise<boolean>;
  out?: (line: string) => void;
}

/** Returns the exit code. */
export async function runOpenCommand(dataDir: string, options: OpenOptions = {}): Promise<number> {
  const out = options.out ?? ((line: string) => console.log(line));
  const url = await requestLoginLink(dataDir);
  if (options.print) {
    out(url);
    return 0;
  }
  if (await (options.openUrl ?? openInBrowser)(url)) {
    out('Opened Kraken Gate in your browser (the link works once).');
    return 0;
  }
  out(`Open this link in a browser on this machine (it works once, for 10 minutes):\n${url}`);
  return 0;
}

export async function requestLoginLink(dataDir: string): Promise<string> {
  const runtime = readRuntime(dataDir);
  const token = readToken(dataFiles.controlToken(dataDir));
  if (!token) throw new ControlError(`No control token in ${dataDir}.`);
  let response: Response;
  try {
    response = await fetch(`http://127.0.0.1:${runtime.port}${LOGIN_LINK_PATH}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new ControlError(describeUnreachable(runtime));
  }
  const body: unknown = await response.json().catch(() => undefined);
  const parsed = z.object({ url: z.string().startsWith('http://127.0.0.1:') }).safeParse(body);
  if (!response.ok || !parsed.success) {
    throw new ControlError((body as { error?: string } | undefined)?.error ?? `The gateway did not give a login link (HTTP ${response.status}); is it an older version without the window?`);
  }
  return parsed.data.url;
}

/**
 * The platform's opener, detached. False when it is missing or exits with an error (xdg-open on
 * a machine without a desktop); an opener still running after a few seconds is taken as working.
 */
export function openInBrowser(url: string): Promise<boolean> {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['rundll32', ['url.dll,FileProtocolHandler', url]] : ['xdg-open', [url]];
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    const timer = setTimeout(() => {
      child.unref();
      resolve(true);
    }, 3000);
    child.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}
