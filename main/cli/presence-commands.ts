// `kraken-gate presence setup|status`, `rules diff|apply`, `settings apply`: the person's side of
// presence. Setup shows the authenticator's secret once (a QR code in the terminal and an otpauth://
// URI); the rest show and apply what an edit on disk staged, with the person's code.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import QRCode from 'qrcode';
import type { GateApi } from '../../preload/api.js';
import { dataDirPresence, type Presence } from '../gate/presence/presence.js';
import { PRESENCE_VAULT_FILE } from '../gate/presence/vault.js';
import { inert } from '../gate/text/inert.js';
import { cliCommandFor } from './cli-command.js';
import { stdoutColors } from './colour.js';
import { controlClient, ControlError, endOnPresenceRefusal, PresenceError, type ControlClientOptions } from './control-client.js';
import { whileStopped } from './pause-offline.js';
import { codeOptions, withCodeHint } from './prompt.js';

type Print = (line: string) => void;

export interface PresenceFlags {
  json: boolean;
  code?: string;
}

export async function runPresenceCommand(command: 'setup' | 'status' | 'rules diff' | 'rules apply' | 'settings apply', dataDir: string, flags: PresenceFlags, print: Print = console.log, error: Print = (line) => console.error(line)): Promise<number> {
  const cli = cliCommandFor(dataDir);
  const options = codeOptions(flags.code, cli(...command.split(' ')));
  try {
    switch (command) {
      case 'setup':
        return await setup(dataDir, flags, options, print, error);
      case 'status':
        return await status(controlClient(dataDir, options), flags, print);
      case 'rules diff':
        return await diff(controlClient(dataDir, options), flags, print);
      case 'rules apply':
      case 'settings apply':
        return await apply(controlClient(dataDir, options), command === 'rules apply' ? 'rules' : 'settings', flags, print, error);
    }
  } catch (failure) {
    return endOnPresenceRefusal(failure, flags.json, print, error);
  }
}

/** Through the running gateway when there is one (it holds the vault), else in the data dir, under its lock. */
async function setup(dataDir: string, flags: PresenceFlags, options: ControlClientOptions, print: Print, error: Print): Promise<number> {
  let result: { ok: true; otpauthUri: string; secret: string; replaced: boolean } | { ok: false; message: string } | undefined;
  try {
    result = await controlClient(dataDir, options).setupPresence({ ...(flags.code !== undefined && { code: flags.code }) });
  } catch (failure) {
    if (!(failure instanceof ControlError) || failure instanceof PresenceError) throw failure;
    result = setupWhileStopped(dataDir, flags.code);
    if (result === undefined) throw failure;
  }
  if (!result.ok) {
    if (flags.json) print(JSON.stringify(result, null, 2));
    else error(`kraken-gate: ${result.message}${/current code/.test(result.message) ? ` (${withCodeHint(cliCommandFor(dataDir)('presence', 'setup'))})` : ''}`);
    return 1;
  }
  if (flags.json) {
    print(JSON.stringify({ otpauthUri: result.otpauthUri }, null, 2));
    return 0;
  }
  const c = stdoutColors();
  print(await QRCode.toString(result.otpauthUri, { type: 'terminal', small: true }));
  print(`Scan this with your authenticator app (Google Authenticator, Authy, 1Password, Aegis…), or enter the key by hand:`);
  print(`  key: ${c.bold(result.secret)}`);
  print(`  uri: ${result.otpauthUri}`);
  print('');
  print(`${result.replaced ? 'Replaced the authenticator' : 'Set up'}: approvals, resume and looser rules now take the code it shows (--code, or asked at a terminal).`);
  print(c.dim('This key is shown once. Clear your terminal scrollback if others can read it.'));
  return 0;
}

function setupWhileStopped(dataDir: string, code: string | undefined): ReturnType<Presence['setup']> | undefined {
  // The desktop app keeps its vault in the OS keychain: a file written here would not be its.
  if (existsSync(join(dataDir, PRESENCE_VAULT_FILE))) {
    return { ok: false, reason: 'needs-code', message: 'This data dir is the desktop app’s: set up the authenticator in its window (Settings → Presence).' };
  }
  return whileStopped(dataDir, () => dataDirPresence(dataDir).setup({ present: false, ...(code !== undefined && { code }) }, `Kraken Gate (${dataDir})`));
}

async function status(api: GateApi, flags: PresenceFlags, print: Print): Promise<number> {
  const { presence } = await api.status({});
  if (flags.json) print(JSON.stringify(presence, null, 2));
  else {
    print(`presence:      ${presence.required ? 'required' : 'not required'} (${presence.why}); setting: ${presence.mode}`);
    print(`authenticator: ${presence.configured ? 'set up' : 'not set up (kraken-gate presence setup)'}`);
  }
  return 0;
}

async function diff(api: GateApi, flags: PresenceFlags, print: Print): Promise<number> {
  const [view, status] = await Promise.all([api.policy({}), api.status({})]);
  if (flags.json) {
    print(JSON.stringify({ rules: view.staged ?? null, settings: status.staged.settings ?? null, confirmationProblem: status.confirmationProblem ?? null }, null, 2));
    return 0;
  }
  if (status.confirmationProblem) print(`${inert(status.confirmationProblem)}\n`);
  if (!view.staged && !status.staged.settings) {
    print('Nothing is waiting: the files on disk are what is in force.');
    return 0;
  }
  if (view.staged) {
    print(`policy.json was edited (${view.staged.at}) in ways that let more through; the rules in force stay until you apply it:`);
    for (const line of view.staged.loosenings) print(`  - ${inert(line)}`);
    const running = `${JSON.stringify(view.running, null, 2)}\n`;
    const edited = view.check.policy ? `${JSON.stringify(view.check.policy, null, 2)}\n` : view.text;
    print(createTwoFilesPatch('in force', 'policy.json', running, edited, '', '', { context: 2 }).split('\n').slice(1).map((line) => inert(line)).join('\n'));
    print(`Apply it: kraken-gate rules apply`);
  }
  if (status.staged.settings) {
    print(`settings.json was edited; these changes wait for you (the confirmed values are in force):`);
    for (const line of status.staged.settings.changes) print(`  - ${inert(line)}`);
    print(`Apply them: kraken-gate settings apply`);
  }
  return 0;
}

async function apply(api: GateApi, what: 'rules' | 'settings', flags: PresenceFlags, print: Print, error: Print): Promise<number> {
  const staged = (await api.status({})).staged[what];
  if (!staged) {
    (flags.json ? print : error)(flags.json ? JSON.stringify({ ok: false, message: 'Nothing is waiting.' }) : `kraken-gate: no edit of ${what === 'rules' ? 'policy.json' : 'settings.json'} is waiting.`);
    return 1;
  }
  if (!flags.json) {
    print(`Applying ${what === 'rules' ? 'policy.json' : 'settings.json'}:`);
    for (const line of 'loosenings' in staged ? staged.loosenings : staged.changes) print(`  - ${inert(line)}`);
  }
  const result = await api.applyStaged({ what, hash: staged.hash });
  if (flags.json) print(JSON.stringify(result, null, 2));
  else (result.ok ? print : error)(result.ok ? result.message : `kraken-gate: ${result.message}`);
  return result.ok ? 0 : 1;
}
