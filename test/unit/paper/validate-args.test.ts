import { describe, expect, it } from 'vitest';
import { KRAKEN_MCP_TOOLS } from '../../../main/kraken-mcp/tools.js';
import { validateArgs } from '../../../main/paper/validate-args.js';

const schemaOf = (name: string) => {
  const tool = KRAKEN_MCP_TOOLS.find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  return tool.inputSchema;
};
const check = (tool: string, args: Record<string, unknown>) => validateArgs(tool, schemaOf(tool), args);
const messageOf = (tool: string, args: Record<string, unknown>) => {
  const outcome = check(tool, args);
  if (outcome.ok) throw new Error('expected a validation error');
  return outcome.message;
};
const argsOf = (tool: string, args: Record<string, unknown>) => {
  const outcome = check(tool, args);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.args;
};

describe('argument validation, pydantic style', () => {
  it('words a bad enum value exactly like the real server', () => {
    expect(messageOf('add_order', { pair: 'XBTUSD', side: 'hold' })).toBe(
      "1 validation error for call[add_order]\nside\n  Input should be 'buy' or 'sell' [type=literal_error, input_value='hold', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.13/v/literal_error",
    );
  });

  it('rejects unknown arguments exactly like the real server', () => {
    expect(messageOf('add_order', { pair: 'XBTUSD', side: 'buy', bogus: 1 })).toBe(
      '1 validation error for call[add_order]\nbogus\n  Unexpected keyword argument [type=unexpected_keyword_argument, input_value=1, input_type=int]\n    For further information visit https://errors.pydantic.dev/2.13/v/unexpected_keyword_argument',
    );
  });

  it('reports every problem at once, parameters first, then unknown arguments', () => {
    const message = messageOf('add_order', { side: 'buy', price: 50000, extra: 'x' });
    expect(message.split('\n').filter((l) => !l.startsWith(' '))).toEqual([
      '3 validation errors for call[add_order]',
      'pair',
      'price',
      'extra',
    ]);
    expect(message).toContain(
      "Missing required argument [type=missing_argument, input_value={'side': 'buy', 'price': 50000, 'extra': 'x'}, input_type=dict]",
    );
    expect(message).toContain('Input should be a valid string [type=string_type, input_value=50000, input_type=int]');
  });

  it('applies the defaults of the schema, including validate=true', () => {
    expect(argsOf('add_order', { pair: 'XBTUSD', side: 'buy' })).toEqual({
      pair: 'XBTUSD',
      side: 'buy',
      ordertype: 'limit',
      volume: 0,
      price: null,
      price2: null,
      timeinforce: null,
      userref: null,
      cl_ord_id: null,
      validate: true,
    });
  });

  it('coerces in lax mode as pydantic does', () => {
    expect(argsOf('add_order', { pair: 'XBTUSD', side: 'buy', volume: '0.5', userref: '12', validate: 'false' })).toMatchObject({
      volume: 0.5,
      userref: 12,
      validate: false,
    });
    expect(argsOf('cancel_all_orders_after', { timeout_seconds: 60.0 })).toEqual({ timeout_seconds: 60 });
  });

  it('accepts null for optional arguments and names the field when the value is wrong', () => {
    expect(argsOf('ticker', { pairs: null })).toEqual({ pairs: null });
    expect(messageOf('add_order', { pair: 'XBTUSD', side: 'buy', timeinforce: 'FOK' })).toContain(
      "timeinforce\n  Input should be 'GTC', 'IOC' or 'GTD' [type=literal_error, input_value='FOK', input_type=str]",
    );
    expect(messageOf('cancel_all_orders_after', { timeout_seconds: 1.5 })).toContain(
      'Input should be a valid integer, got a number with a fractional part [type=int_from_float, input_value=1.5, input_type=float]',
    );
  });

  it('tags each member of a wider union, as pydantic does for int | str', () => {
    const message = messageOf('trades_history', { start: 1.5 });
    expect(message).toMatch(/^2 validation errors for call\[trades_history\]\nstart\.int\n/);
    expect(message).toContain('\nstart.str\n  Input should be a valid string [type=string_type, input_value=1.5, input_type=float]');
    expect(argsOf('trades_history', { start: 'TABCDE-FGHIJ-KLMNOP' })).toMatchObject({ start: 'TABCDE-FGHIJ-KLMNOP' });
  });

  it('prints inputs the Python way and shortens long ones', () => {
    expect(messageOf('ticker', { pairs: true })).toContain('input_value=True, input_type=bool');
    expect(messageOf('ticker', { pairs: 1e-5 })).toContain('input_value=1e-05, input_type=float');
    expect(messageOf('ticker', { pairs: ["it's"] })).toContain(`input_value=["it's"], input_type=list`);
    expect(messageOf('ticker', { pairs: { a: 'x'.repeat(80) } })).toContain(
      `input_value={'a': '${'x'.repeat(18)}...${'x'.repeat(22)}'}, input_type=dict`,
    );
  });
});
