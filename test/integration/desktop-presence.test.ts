// The desktop app proves a person by the click itself: its window, tray and notifications are
// handled in its main process, so an approval from them needs no code. The same approval over the
// app's HTTP control API (the command line, or a program that read the token file) needs one.
// Presence is asked for on every exchange here (settings: always), so the paper exchange will do.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchTestApp, trayIn } from '../helpers/desktop.js';
import { nextPending, nextRecord } from '../helpers/gateway.js';
import { kgInProcess } from '../helpers/cli-in-process.js';

const REAL_ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.01, price: '1000', validate: false };

describe('the desktop app: a click is presence, HTTP is not', { timeout: 60_000 }, () => {
  it('a window click approves without a code; the same approval from the command line is refused and logged', async () => {
    const t = await launchTestApp({ platform: 'linux', settings: { presence: 'always' }, hidden: false });
    try {
      const gate = t.app.running!.gate;
      expect(gate.status().presence).toMatchObject({ required: true, why: 'Settings ask for it on every exchange' });
      const agent = await t.connect();

      const first = nextPending(gate, 'add_order');
      const one = agent.callTool({ name: 'add_order', arguments: REAL_ORDER });
      const { id } = await first;
      const refused = await kgInProcess('approve', id, '--data-dir', t.dataDir);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`Approving ${id} needs a code from an authenticator app`);
      expect(gate.status().refusedAttempts).toEqual([expect.objectContaining({ action: 'approve', channel: 'cli', count: 1 })]);
      // Nor can the command line set up an authenticator of its own: the first one comes from the window.
      const setup = await kgInProcess('presence', 'setup', '--data-dir', t.dataDir);
      expect(setup.code).toBe(1);
      expect(setup.stderr).toContain('Set up the authenticator in the Kraken Gate window');

      const recorded = nextRecord(gate, (r) => r.tool === 'add_order');
      expect(await t.shell.invoke('gate:approve', { id }, t.shell.windowSender())).toMatchObject({ ok: true, decision: 'approved' });
      expect(await recorded).toMatchObject({ decision: 'approved', decidedBy: 'window', presence: 'click' });
      await one;

      // The tray is the app's own too.
      const second = nextPending(gate, 'add_order');
      const two = agent.callTool({ name: 'add_order', arguments: { ...REAL_ORDER, volume: 0.02 } });
      await second;
      await trayIn(t.shell, 'pending');
      const fromTray = nextRecord(gate, (r) => r.tool === 'add_order');
      t.shell.trays.at(-1)!.click(/^Buy 0\.02/, 'Approve');
      expect(await fromTray).toMatchObject({ decision: 'approved', decidedBy: 'tray', presence: 'click' });
      await two;

      // New API keys over HTTP are riskier too (a program that read the control token): refused.
      const token = readFileSync(join(t.dataDir, 'control-token'), 'utf8').trim();
      const setKeys = await fetch(`http://127.0.0.1:${t.app.running!.gateway.port}/api/setKeys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ apiKey: 'K-agent', apiSecret: 'S-agent' }),
      });
      expect(setKeys.status).toBe(403);
      expect(await t.shell.invoke('gate:keys', {}, t.shell.windowSender())).toMatchObject({ hasKeys: false });

      // And the window sets up the authenticator: the key comes back once, with its QR code.
      const made = (await t.shell.invoke('gate:setupPresence', {}, t.shell.windowSender())) as { ok: boolean; qrSvg: string; otpauthUri: string };
      expect(made).toMatchObject({ ok: true, replaced: false });
      expect(made.qrSvg).toMatch(/^<svg/);
      expect(made.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    } finally {
      await t.close();
    }
  });

  it('on a Mac with Touch ID, an approval from the window at or above the threshold also asks for a fingerprint', async () => {
    const t = await launchTestApp({ platform: 'darwin', touchId: true, settings: { touchIdAboveUsd: 100 }, hidden: false });
    try {
      const gate = t.app.running!.gate;
      const agent = await t.connect();
      const approve = async (volume: number) => {
        const held = nextPending(gate, 'add_order');
        const call = agent.callTool({ name: 'add_order', arguments: { ...REAL_ORDER, volume } });
        const { id } = await held;
        return { id, call };
      };
      // 10 USD: below the threshold, a click is enough.
      const small = await approve(0.01);
      expect(await t.shell.invoke('gate:approve', { id: small.id }, t.shell.windowSender())).toMatchObject({ ok: true });
      await small.call;
      expect(t.shell.touchIdPrompts).toEqual([]);

      // 200 USD: the fingerprint is asked for; a cancel leaves the call waiting, a confirm approves.
      const large = await approve(0.2);
      t.shell.touchIdAnswers.push(false);
      await expect(t.shell.invoke('gate:approve', { id: large.id }, t.shell.windowSender())).rejects.toThrow(/needs Touch ID above your limit/);
      expect(gate.approvals.get(large.id)).toBeDefined();
      t.shell.touchIdAnswers.push(true);
      const recorded = nextRecord(gate, (r) => r.tool === 'add_order');
      expect(await t.shell.invoke('gate:approve', { id: large.id }, t.shell.windowSender())).toMatchObject({ ok: true, decision: 'approved' });
      expect(await recorded).toMatchObject({ decidedBy: 'window', presence: 'touch-id' });
      await large.call;
      expect(t.shell.touchIdPrompts).toEqual([expect.stringMatching(/^approve: Buy 0\.20 XBT\/USD/), expect.stringMatching(/^approve: Buy 0\.20 XBT\/USD/)]);
    } finally {
      await t.close();
    }
  });
});
