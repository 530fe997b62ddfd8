// When the window cannot reach Kraken Gate (stopped, restarted, login expired), an empty list must
// not read as "nothing to decide": the Approvals page and the header say the list is not known.
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { GateApi } from '../../preload/api.js';
import { setBridge, type Bridge } from '../../renderer/bridge.js';
import { Header } from '../../renderer/components/header.js';
import { GateCallError } from '../../renderer/http-bridge.js';
import { ApprovalsPage } from '../../renderer/pages/approvals-page.js';
import { paperStatus } from './status-fixture.js';

const STATUS = paperStatus();

/** A bridge whose every call answers with `answer` (or fails with its error), the event stream up or down. */
function bridge(answer: (method: string) => unknown, connected: boolean): Bridge {
  const api = new Proxy({}, { get: (_target, method: string) => async () => answer(method) }) as GateApi;
  return {
    api,
    onEvent: () => () => undefined,
    onConnection: (listener) => {
      queueMicrotask(() => listener(connected));
      return () => undefined;
    },
    desktop: false,
  };
}

async function show(): Promise<void> {
  await act(async () => {
    render(
      <>
        <Header page="approvals" />
        <ApprovalsPage />
      </>,
    );
  });
}

describe('the Approvals page when Kraken Gate does not answer', () => {
  it('says so, with what to check, instead of "Nothing is waiting for you"; the header does not claim 0 pending', async () => {
    setBridge(
      bridge(() => {
        throw new Error('Failed to fetch');
      }, false),
    );
    await show();
    const banner = await screen.findByTestId('gate-unreachable');
    expect(banner.textContent).toMatch(/^Kraken Gate is not answering this page: Failed to fetch\. Calls waiting for you may be missing here/);
    expect(banner.textContent).toContain('kraken-gate status');
    expect(screen.queryByTestId('no-pending')).toBeNull();
    expect(screen.getByTestId('pending-count').textContent).toBe('pending unknown');
  });

  it('answering and with nothing held: the empty state and 0 pending, no warning', async () => {
    setBridge(bridge((method) => (method === 'status' ? STATUS : method === 'queryLog' ? { records: [], total: 0 } : []), true));
    await show();
    await screen.findByTestId('no-pending');
    expect(screen.queryByTestId('gate-unreachable')).toBeNull();
    expect(screen.getByTestId('pending-count').textContent).toBe('0 pending');
    expect(document.title).toBe('Kraken Gate');
  });

  it('the tab title shows how many calls wait', async () => {
    const held = { id: 'AB12CD34', tool: 'cancel_order', arguments: { txid_or_userref: 'O1' }, argumentsText: '{}', argsHash: 'f'.repeat(64), summary: { headline: 'Cancel order O1', fields: [], readable: true }, createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 60_000).toISOString() };
    setBridge(bridge((method) => (method === 'status' ? { ...STATUS, pending: 2 } : method === 'pending' ? [held, { ...held, id: 'EF56GH78' }] : []), true));
    await show();
    await screen.findByText('2 pending');
    expect(document.title).toBe('(2) Kraken Gate');
  });
});

describe('the kill switch never fails silently', () => {
  /** Status and lists answer; pause fails with `failure`. */
  function pauseFails(failure: Error): Bridge {
    return bridge((method) => {
      if (method === 'pause') throw failure;
      return method === 'status' ? STATUS : method === 'queryLog' ? { records: [], total: 0 } : [];
    }, true);
  }

  it('a failed pause is a red banner saying trading is still active and how to stop it anyway', async () => {
    setBridge(pauseFails(new Error('connect ECONNREFUSED 127.0.0.1:8787')));
    await show();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('switch', { name: 'Trading' }));
    const banner = await screen.findByTestId('pause-failure');
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toContain('Pausing failed: trading is still ACTIVE.');
    expect(banner.textContent).toContain('Run `kraken-gate pause` in a terminal now: it works even when this page cannot.');
    expect(banner.textContent).toContain('connect ECONNREFUSED 127.0.0.1:8787');
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('pause-failure')).toBeNull();
  });

  it('a 401 (the login session ended) says to log in again, and how', async () => {
    setBridge(pauseFails(new GateCallError('login session is not valid', 401)));
    await show();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('switch', { name: 'Trading' }));
    const banner = await screen.findByTestId('pause-failure');
    expect(banner.textContent).toContain("This page's login session has ended. Run `kraken-gate open` in a terminal to log in again.");
    expect(screen.getByRole('button', { name: 'I logged in again: reload' })).toBeTruthy();
  });

  it('a list the window cannot load says so, never "No decisions yet"', async () => {
    setBridge(
      bridge((method) => {
        if (method === 'log') throw new Error('login session is not valid');
        return method === 'status' ? STATUS : [];
      }, true),
    );
    await show();
    expect((await screen.findByTestId('recent-error')).textContent).toBe('Could not load the recent decisions: login session is not valid');
    expect(screen.queryByText('No decisions yet.')).toBeNull();
  });

  it('the header says "not connected" alone while the event stream is down, never "Paper exchange connected" beside it', async () => {
    setBridge(bridge((method) => (method === 'status' ? STATUS : method === 'queryLog' ? { records: [], total: 0 } : []), false));
    await show();
    expect((await screen.findByTestId('connection-state')).textContent).toBe('Not connected to Kraken Gate: reconnecting…');
    expect(screen.queryByTestId('upstream-state')).toBeNull();
  });
});
