import { describe, expect, it } from 'vitest';
import { summarizeCall, withMoneyLine } from '../../../main/gate/approvals/index.js';

const order = (validate: boolean) => summarizeCall({ tool: 'add_order', arguments: { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000', validate } });
const mode = (s: ReturnType<typeof order>) => s.fields.find((f) => f.label === 'Mode')?.value;

describe('whether money is real, in one line', () => {
  it('names the exchange and what is at stake on a real order', () => {
    expect(mode(withMoneyLine(order(false), 'paper'))).toBe('Real order on the paper exchange (no real money)');
    expect(mode(withMoneyLine(order(false), 'kraken'))).toBe('Real order on Kraken (real money)');
    expect(mode(withMoneyLine(order(false), 'unknown'))).toBe('Real order on a custom upstream (treat it as real money)');
  });

  it('leaves a dry run as it is', () => {
    expect(mode(withMoneyLine(order(true), 'kraken'))).toBe('Validate only (no order placed)');
  });
});
