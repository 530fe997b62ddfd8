// The Call log's table names the agent that made each call (issue 23): the MCP client's name, as
// the core recorded it, in its own column; a call from a client that gave no name leaves it empty.
import { act, render, screen, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../preload/api.js';
import { LogTable } from '../../renderer/components/log-table.js';

function record(id: string, client: string | undefined): LogRecord {
  return {
    id,
    ts: new Date().toISOString(),
    session: 's-1',
    ...(client !== undefined && { client }),
    tool: 'ticker',
    decision: 'allowed',
    rule: 'tools.ticker',
    decidedBy: 'policy',
    argsHash: 'a'.repeat(64),
    arguments: { pairs: 'XBTUSD' },
    outcome: { status: 'ok' },
    headline: 'ticker: pairs XBTUSD',
  } as LogRecord;
}

// The test DOM lays nothing out: a body 600 px tall lets the virtualizer render its rows.
const height = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight')!;
beforeAll(() => Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 }));
afterAll(() => Object.defineProperty(HTMLElement.prototype, 'clientHeight', height));

describe('the call log table', () => {
  it('has an Agent column with the client that made each call', async () => {
    await act(async () => {
      render(<LogTable records={[record('r1', 'claude-code'), record('r2', undefined)]} selectedId={undefined} onSelect={() => {}} onNearEnd={() => {}} onScrolledDown={() => {}} footer="" />);
    });
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Time', 'Agent', 'Tool', 'Call', 'Decision', 'Decided by', 'To decide', 'Outcome']);
    const rows = screen.getAllByTestId('log-row');
    expect(rows).toHaveLength(2);
    const agent = (row: HTMLElement) => within(row).getAllByRole('gridcell')[1]!;
    expect(agent(rows[0]!).textContent).toBe('claude-code');
    expect(agent(rows[0]!).className).toContain('col-client');
    expect(agent(rows[1]!).textContent).toBe('');
  });
});
