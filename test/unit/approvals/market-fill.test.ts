import { describe, expect, it } from 'vitest';
import { estimateFill, summarizeCall, withMarketView } from '../../../main/gate/approvals/index.js';

const book = { asks: [[100, 1], [101, 1], [105, 10]] as const, bids: [[99, 2], [98, 5]] as const };

describe("a market order's estimated fill", () => {
  it('walks the book for the volume: average, slippage past the touch, the taker fee', () => {
    expect(estimateFill('buy', 2, book)).toEqual({ average: 100.5, touch: 100, slippagePercent: 0.5, filled: 2, fee: 201 * 0.004 });
    expect(estimateFill('sell', 3, book)).toMatchObject({ average: (2 * 99 + 98) / 3, touch: 99, filled: 3 });
  });

  it('says when the visible book holds less than the order', () => {
    expect(estimateFill('buy', 20, book)).toMatchObject({ filled: 12 });
    expect(estimateFill('buy', 1, { asks: [], bids: [] })).toBeUndefined();
  });

  it('puts bid, ask, spread and the estimate on the card, marked as an estimate', () => {
    const summary = summarizeCall({ tool: 'add_order', arguments: { pair: 'XBTUSD', side: 'buy', ordertype: 'market', volume: 2, validate: false } });
    const fields = withMarketView(summary, 'USD', { bid: 99, ask: 100 }, estimateFill('buy', 20, book), 20).fields;
    expect(fields).toContainEqual({ label: 'Bid / ask', value: '99 / 100 USD, spread 1 (1 %)' });
    expect(fields.find((f) => f.label === 'Estimated fill')?.value).toBe(
      "≈ 104.25 USD average, 4.25 % past the touch; fee ≈ 5 USD (Kraken's 0.40 % taker fee, an estimate); the book shown holds only 12 of it, the rest fills further out",
    );
  });
});
