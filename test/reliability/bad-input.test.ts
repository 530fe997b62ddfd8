// Bad input on every HTTP surface of a real gateway: the agent endpoint (/mcp, and the legacy
// /sse + /messages) and the control API (/api/*). Each case must get a clear JSON-RPC error or HTTP
// status; after each, the gateway must still serve, and the counting upstream (which writes down
// every tools/call it receives) must have seen nothing but the health checks. The call log must
// hold exactly the health checks plus the calls the pipeline itself refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryLog, type CallRecord } from '../../main/gate/calllog/index.js';
import { countingUpstream, receivedCalls } from '../fixtures/counting.js';
import { startTestGateway, textOf, type TestGateway } from '../helpers/gateway.js';
import { INITIALIZE, jsonRpcError, jsonRpcMessages, openRawSession, openRawSseSession, raw, type RawRequest, type RawResponse, type RawSseSession } from './http.js';

const MIB = 1024 * 1024;

type Expect =
  /** A JSON-RPC error object (plain JSON or one SSE event) with this HTTP status and one of these codes. */
  | { rpc: number | readonly number[]; status: number; message?: RegExp }
  /** A plain `{ error }` body (the control API, the non-MCP paths). */
  | { error: RegExp; status: number }
  /** A tools/call result the gate refused itself (recorded as denied, never forwarded). */
  | { refused: RegExp };

interface Case {
  name: string;
  /** Which headers: none (just the token), an open Streamable HTTP session, the control token. */
  as: 'no-session' | 'session' | 'sse' | 'control';
  request: RawRequest;
  expect: Expect;
}

const call = (name: unknown, args: unknown, id: unknown = 10) => JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const withBytes = (before: string, bytes: number[], after: string) => Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
const manyKeys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));

const PARSE = { rpc: -32700, status: 400 } as const;
const NOT_JSONRPC = { rpc: [-32700, -32600], status: 400 } as const;

const CASES: Case[] = [
  // Malformed JSON
  { name: 'malformed JSON, no session', as: 'no-session', request: { body: '{"jsonrpc":' }, expect: { ...PARSE, message: /not valid JSON/ } },
  { name: 'malformed JSON in a session', as: 'session', request: { body: '{"jsonrpc":' }, expect: { ...PARSE, message: /not valid JSON/ } },
  { name: 'a tools/call cut in half', as: 'session', request: { body: call('ticker', { pairs: 'XBTUSD' }).slice(0, 40) }, expect: PARSE },
  { name: 'valid JSON followed by junk', as: 'session', request: { body: `${call('ticker', { pairs: 'XBTUSD' })}xyz` }, expect: PARSE },
  { name: 'single quotes and a trailing comma', as: 'session', request: { body: "{'jsonrpc':'2.0','id':1,'method':'tools/list',}" }, expect: PARSE },
  { name: 'an empty body', as: 'session', request: { body: '' }, expect: PARSE },
  { name: 'NaN as an id', as: 'session', request: { body: '{"jsonrpc":"2.0","id":NaN,"method":"tools/list"}' }, expect: PARSE },
  // Wrong JSON-RPC shapes
  { name: 'tools/list before initialize (no session)', as: 'no-session', request: { body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' }, expect: { rpc: -32000, status: 400, message: /no session/ } },
  { name: 'tools/call without a session', as: 'no-session', request: { body: call('ticker', { pairs: 'XBTUSD' }) }, expect: { rpc: -32000, status: 400 } },
  { name: '{}', as: 'session', request: { body: '{}' }, expect: NOT_JSONRPC },
  { name: 'an empty batch []', as: 'session', request: { body: '[]' }, expect: { rpc: -32600, status: 400 } },
  { name: 'a batch of non-messages', as: 'session', request: { body: '[1,2,{"x":1}]' }, expect: NOT_JSONRPC },
  { name: 'null', as: 'session', request: { body: 'null' }, expect: NOT_JSONRPC },
  { name: 'a number', as: 'session', request: { body: '42' }, expect: NOT_JSONRPC },
  { name: 'a string', as: 'session', request: { body: '"tools/call"' }, expect: NOT_JSONRPC },
  { name: 'jsonrpc "1.0"', as: 'session', request: { body: '{"jsonrpc":"1.0","id":3,"method":"tools/list"}' }, expect: NOT_JSONRPC },
  { name: 'no jsonrpc member', as: 'session', request: { body: '{"id":3,"method":"tools/list"}' }, expect: NOT_JSONRPC },
  { name: 'method is a number', as: 'session', request: { body: '{"jsonrpc":"2.0","id":3,"method":5}' }, expect: NOT_JSONRPC },
  { name: 'id is an object', as: 'session', request: { body: '{"jsonrpc":"2.0","id":{"a":1},"method":"tools/list"}' }, expect: NOT_JSONRPC },
  { name: 'tools/call without params', as: 'session', request: { body: '{"jsonrpc":"2.0","id":5,"method":"tools/call"}' }, expect: { rpc: [-32602, -32603], status: 200, message: /params/ } },
  { name: 'tools/call without a name', as: 'session', request: { body: '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"arguments":{}}}' }, expect: { rpc: [-32602, -32603], status: 200, message: /name/ } },
  { name: 'tools/call with a numeric name', as: 'session', request: { body: call(7, {}) }, expect: { rpc: [-32602, -32603], status: 200, message: /name/ } },
  { name: 'tools/call with string arguments', as: 'session', request: { body: call('ticker', 'XBTUSD') }, expect: { rpc: [-32602, -32603], status: 200, message: /arguments/ } },
  { name: 'tools/call with array arguments', as: 'session', request: { body: call('ticker', ['XBTUSD']) }, expect: { rpc: [-32602, -32603], status: 200, message: /arguments/ } },
  { name: 'tools/call with null arguments', as: 'session', request: { body: call('ticker', null) }, expect: { rpc: [-32602, -32603], status: 200, message: /arguments/ } },
  // Unknown methods and tools
  { name: 'an unknown method', as: 'session', request: { body: '{"jsonrpc":"2.0","id":4,"method":"foo/bar"}' }, expect: { rpc: -32601, status: 200 } },
  { name: 'resources/list (not offered)', as: 'session', request: { body: '{"jsonrpc":"2.0","id":4,"method":"resources/list"}' }, expect: { rpc: -32601, status: 200 } },
  { name: 'prompts/get (not offered)', as: 'session', request: { body: '{"jsonrpc":"2.0","id":4,"method":"prompts/get","params":{"name":"x"}}' }, expect: { rpc: -32601, status: 200 } },
  { name: 'a tool the upstream does not have', as: 'session', request: { body: call('withdraw_funds', { amount: 1 }) }, expect: { refused: /^Unknown tool: withdraw_funds$/ } },
  { name: 'a tool name with control characters', as: 'session', request: { body: call('tick\u0000er\n', {}) }, expect: { refused: /^Unknown tool/ } },
  // Content types and HTTP framing
  { name: 'Content-Type text/plain', as: 'session', request: { headers: { 'content-type': 'text/plain' }, body: '{"jsonrpc":"2.0","id":4,"method":"tools/list"}' }, expect: { rpc: -32600, status: 415 } },
  { name: 'no Content-Type', as: 'session', request: { headers: { 'content-type': undefined }, body: '{"jsonrpc":"2.0","id":4,"method":"tools/list"}' }, expect: { rpc: -32600, status: 415 } },
  { name: 'a form post', as: 'session', request: { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'jsonrpc=2.0&method=tools%2Flist' }, expect: { rpc: -32600, status: 415 } },
  { name: 'multipart/form-data', as: 'session', request: { headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\n\r\n{}\r\n--x--' }, expect: { rpc: -32600, status: 415 } },
  { name: 'Accept: text/html only', as: 'session', request: { headers: { accept: 'text/html' }, body: '{"jsonrpc":"2.0","id":4,"method":"tools/list"}' }, expect: { rpc: -32000, status: 406 } },
  { name: 'an unsupported protocol version', as: 'session', request: { headers: { 'mcp-protocol-version': '1999-01-01' }, body: '{"jsonrpc":"2.0","id":4,"method":"tools/list"}' }, expect: { rpc: -32000, status: 400, message: /protocol version/ } },
  { name: 'PUT /mcp', as: 'session', request: { method: 'PUT', body: '{}' }, expect: { rpc: -32000, status: 405 } },
  { name: 'GET /mcp without a session', as: 'no-session', request: { method: 'GET' }, expect: { rpc: -32000, status: 400 } },
  { name: 'an unknown session id', as: 'session', request: { headers: { 'mcp-session-id': 'not-a-session' }, body: '{"jsonrpc":"2.0","id":4,"method":"tools/list"}' }, expect: { rpc: -32001, status: 404 } },
  { name: 'an unknown path', as: 'no-session', request: { method: 'GET', path: '/admin' }, expect: { error: /Not found/, status: 404 } },
  // Oversized bodies and huge argument objects
  { name: 'a 2 MiB body (Content-Length)', as: 'session', request: { body: call('ticker', { pairs: 'x'.repeat(2 * MIB) }) }, expect: { rpc: -32600, status: 413, message: /over 1048576 bytes/ } },
  { name: 'a 2 MiB body (chunked, no Content-Length)', as: 'session', request: { body: call('ticker', { pairs: 'x'.repeat(2 * MIB) }), chunked: 64 * 1024 }, expect: { rpc: -32600, status: 413 } },
  { name: 'a 64 MiB body (chunked)', as: 'session', request: { body: Buffer.alloc(64 * MIB, 0x20), chunked: MIB }, expect: { rpc: -32600, status: 413 } },
  { name: 'an argument object of 100 000 keys (over the limit)', as: 'session', request: { body: call('ticker', manyKeys(100_000)) }, expect: { rpc: -32600, status: 413 } },
  { name: 'an oversized initialize', as: 'no-session', request: { body: JSON.stringify({ ...INITIALIZE, params: { ...INITIALIZE.params, pad: 'x'.repeat(2 * MIB) } }) }, expect: { rpc: -32600, status: 413 } },
  { name: 'an argument object of 40 000 keys (under the limit) for an unknown tool', as: 'session', request: { body: call('withdraw_funds', manyKeys(40_000)) }, expect: { refused: /^Unknown tool/ } },
  // Deeply nested JSON
  { name: 'arguments nested 100 000 deep', as: 'session', request: { body: call('ticker', { pairs: 'XBTUSD', x: 0 }).replace('"x":0', `"x":${nested(100_000)}`) }, expect: { ...PARSE, message: /nested deeper than 64/ } },
  { name: 'arguments nested 65 deep', as: 'session', request: { body: call('ticker', { x: 0 }).replace('"x":0', `"x":${nested(62)}`) }, expect: { ...PARSE, message: /nested deeper/ } },
  { name: 'objects nested 10 000 deep', as: 'session', request: { body: call('ticker', { x: 0 }).replace('"x":0', `"x":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`) }, expect: PARSE },
  { name: 'an initialize nested 50 000 deep', as: 'no-session', request: { body: JSON.stringify(INITIALIZE).replace('"capabilities":{}', `"capabilities":${nested(50_000)}`) }, expect: PARSE },
  { name: 'nesting exactly at the limit (64), for an unknown tool', as: 'session', request: { body: call('withdraw_funds', { x: 0 }).replace('"x":0', `"x":${nested(61)}`) }, expect: { refused: /^Unknown tool/ } },
  { name: 'brackets inside a string do not count as nesting', as: 'session', request: { body: call('withdraw_funds', { note: '['.repeat(10_000) }) }, expect: { refused: /^Unknown tool/ } },
  // Invalid UTF-8
  { name: 'an invalid UTF-8 sequence in an argument', as: 'session', request: { body: withBytes('{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"ticker","arguments":{"pairs":"', [0xc3, 0x28], '"}}}') }, expect: { ...PARSE, message: /UTF-8/ } },
  { name: 'an overlong encoding of "/"', as: 'session', request: { body: withBytes('{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"ticker","arguments":{"pairs":"', [0xc0, 0xaf], '"}}}') }, expect: { ...PARSE, message: /UTF-8/ } },
  { name: 'a UTF-8-encoded lone surrogate', as: 'session', request: { body: withBytes('{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"ticker","arguments":{"pairs":"', [0xed, 0xa0, 0x80], '"}}}') }, expect: { ...PARSE, message: /UTF-8/ } },
  { name: 'bytes 0xFF 0xFE in a method name', as: 'session', request: { body: withBytes('{"jsonrpc":"2.0","id":6,"method":"tools/', [0xff, 0xfe], '"}') }, expect: { ...PARSE, message: /UTF-8/ } },
  { name: 'a multi-byte character cut at the end', as: 'session', request: { body: withBytes('{"jsonrpc":"2.0","id":6,"method":"tools/list"}', [0xe2, 0x82], '') }, expect: { ...PARSE, message: /UTF-8/ } },
  { name: 'invalid UTF-8 in an initialize', as: 'no-session', request: { body: withBytes(JSON.stringify(INITIALIZE).slice(0, -2), [0xff], '"}') }, expect: { ...PARSE, message: /UTF-8/ } },
  // The legacy SSE transport's POST endpoint
  { name: 'SSE: malformed JSON', as: 'sse', request: { body: '{"jsonrpc":' }, expect: PARSE },
  { name: 'SSE: invalid UTF-8', as: 'sse', request: { body: withBytes('{"jsonrpc":"2.0","id":1,"method":"', [0xff], '"}') }, expect: PARSE },
  { name: 'SSE: nested 100 000 deep', as: 'sse', request: { body: `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":${nested(100_000)}}` }, expect: PARSE },
  { name: 'SSE: a 2 MiB body', as: 'sse', request: { body: call('ticker', { pairs: 'x'.repeat(2 * MIB) }) }, expect: { rpc: -32600, status: 413 } },
  { name: 'SSE: Content-Type text/plain', as: 'sse', request: { headers: { 'content-type': 'text/plain' }, body: '{}' }, expect: { rpc: -32600, status: 415 } },
  { name: 'SSE: an unknown sessionId', as: 'no-session', request: { path: '/messages?sessionId=nope', body: '{}' }, expect: { error: /SSE session not found/, status: 404 } },
  // The control API
  { name: 'control: malformed JSON', as: 'control', request: { path: '/api/approve', body: '{"id":' }, expect: { error: /not valid JSON/, status: 400 } },
  { name: 'control: the wrong type for id', as: 'control', request: { path: '/api/approve', body: '{"id":5}' }, expect: { error: /Invalid input for approve: id/, status: 400 } },
  { name: 'control: an unknown field', as: 'control', request: { path: '/api/pause', body: '{"via":"cli","everything":true}' }, expect: { error: /Invalid input for pause/, status: 400 } },
  // Who decides comes from the transport: a request that names a surface itself is refused.
  { name: 'control: a caller-supplied surface', as: 'control', request: { path: '/api/approve', body: '{"id":"abc","via":"notification"}' }, expect: { error: /Invalid input for approve: .*"via"/, status: 400 } },
  { name: 'control: an id of 10 000 characters', as: 'control', request: { path: '/api/deny', body: JSON.stringify({ id: 'x'.repeat(10_000) }) }, expect: { error: /Invalid input for deny: id/, status: 400 } },
  { name: 'control: an unknown method', as: 'control', request: { path: '/api/withdraw', body: '{}' }, expect: { error: /Unknown control method/, status: 404 } },
  { name: 'control: GET instead of POST', as: 'control', request: { method: 'GET', path: '/api/status' }, expect: { error: /Use POST/, status: 405 } },
  { name: 'control: Content-Type text/plain', as: 'control', request: { path: '/api/status', headers: { 'content-type': 'text/plain' }, body: '{}' }, expect: { error: /Content-Type/, status: 415 } },
  { name: 'control: a 1 MiB body', as: 'control', request: { path: '/api/deny', body: JSON.stringify({ id: 'a', reason: 'x'.repeat(MIB) }) }, expect: { error: /over 65536 bytes/, status: 413 } },
  { name: 'control: nested 1 000 deep', as: 'control', request: { path: '/api/status', body: nested(1000) }, expect: { error: /nested deeper/, status: 400 } },
  { name: 'control: invalid UTF-8', as: 'control', request: { path: '/api/deny', body: withBytes('{"id":"a","reason":"', [0xff, 0xc3], '"}') }, expect: { error: /UTF-8/, status: 400 } },
];

describe('bad input: every case answered clearly, the gateway keeps serving, nothing reaches the upstream', () => {
  let gw: TestGateway;
  let dir: string;
  let recordFile: string;
  let agent: Client;
  let session: Record<string, string>;
  let sse: RawSseSession;
  const healthMarkers: string[] = [];
  /** Calls the pipeline refused itself: each one must be in the log, none upstream. */
  const refusedByGate = () => recorded.filter((r) => r.outcome.status === 'not-forwarded').length;
  let expectedRefusals = 0;
  let tried = 0;
  let fuzzed = 0;
  /** Every record the log made durable, as the gate announces it (compared with the file below). */
  const recorded: CallRecord[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kraken-gate-bad-input-'));
    recordFile = join(dir, 'upstream-calls.jsonl');
    gw = await startTestGateway({ upstream: countingUpstream(recordFile), policy: { version: '1', default: 'deny', tools: { ticker: {} } } });
    gw.gate.onDidRecord((record) => recorded.push(record));
    agent = await gw.connect({ name: 'health-check' });
    session = await openRawSession(gw.port, gw.token);
    sse = await openRawSseSession(gw.port, gw.token);
  });
  afterAll(async () => {
    sse?.close();
    await gw?.close();
    rmSync(dir, { recursive: true, force: true });
    console.log(`[reliability] bad input: ${tried} requests (${CASES.length} named cases + ${fuzzed} fuzzed), ${refusedByGate()} refused in the pipeline and logged (${expectedRefusals} named, the rest fuzzed), ${healthMarkers.length} health calls; upstream saw only the health calls`);
  });

  function headersFor(as: Case['as']): Record<string, string> {
    const agentHeaders = { authorization: `Bearer ${gw.token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    if (as === 'session') return session;
    if (as === 'control') return { authorization: `Bearer ${gw.controlToken}`, 'content-type': 'application/json' };
    return agentHeaders;
  }

  function send(c: Pick<Case, 'as' | 'request'>): Promise<RawResponse> {
    const headers = { ...headersFor(c.as), ...c.request.headers };
    const path = c.request.path ?? (c.as === 'sse' ? sse.postPath : c.as === 'control' ? '/api/status' : '/mcp');
    tried++;
    return raw(gw.port, { ...c.request, path, headers });
  }

  /** The gateway still answers a real call, and the upstream has seen nothing but these checks. */
  async function expectStillServing(): Promise<void> {
    const marker = `health-${healthMarkers.length}`;
    healthMarkers.push(marker);
    const result = await agent.callTool({ name: 'ticker', arguments: { pairs: 'XBTUSD', marker } });
    expect(result.isError, textOf(result as never)).toBeFalsy();
    expect(receivedCalls(recordFile).map((c) => c.marker)).toEqual(healthMarkers);
    // The log holds the health calls, forwarded, and the calls the pipeline refused, not forwarded;
    // the file and the gate's own announcements agree.
    const { records } = await queryLog(join(gw.dataDir, 'calls'), { limit: Infinity });
    expect(records).toHaveLength(recorded.length);
    const forwarded = records.filter((r) => r.outcome.status !== 'not-forwarded');
    expect(forwarded.map((r) => r.arguments.marker).sort()).toEqual([...healthMarkers].sort());
    expect(records.length - forwarded.length).toBe(refusedByGate());
    expect(records.filter((r) => r.outcome.status === 'not-forwarded').every((r) => r.decision === 'denied')).toBe(true);
  }

  it.each(CASES)('$name', async (c) => {
    const response = await send(c);
    const expected = c.expect;
    if ('refused' in expected) {
      expectedRefusals++;
      expect(response.status).toBe(200);
      const [message] = jsonRpcMessages(response);
      const result = message?.result as { isError?: boolean; content: Array<{ type: string; text?: string }> };
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(expected.refused);
    } else if ('rpc' in expected) {
      expect(response.status, response.text.slice(0, 200)).toBe(expected.status);
      const { error } = jsonRpcError(response);
      expect([expected.rpc].flat()).toContain(error.code);
      if (expected.message) expect(error.message).toMatch(expected.message);
    } else {
      expect(response.status, response.text.slice(0, 200)).toBe(expected.status);
      expect((JSON.parse(response.text) as { error: string }).error).toMatch(expected.error);
    }
    await expectStillServing();
  });

  it('fuzzed bodies (random bytes, random JSON, mutated tools/call messages) never reach the upstream', async () => {
    // Near-valid tools/call messages: each member is usually right and sometimes anything at all,
    // so many reach the pipeline (and are refused there), many fail one check or another.
    const sometimes = <T,>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: fc.jsonValue() });
    const refusedTools = fc.constantFrom('withdraw_funds', 'add_order', 'cancel_order', 'cancel_all_orders_after', 'account_balance', '', 'TICKER', 'ticker ', '../ticker');
    const methods = fc.oneof(
      { weight: 6, arbitrary: fc.constant('tools/call') },
      { weight: 1, arbitrary: fc.constantFrom('tools/list', 'initialize', 'ping', 'notifications/cancelled', 'resources/read', 'logging/setLevel') },
    );
    const mutatedCall = fc
      .record(
        {
          jsonrpc: sometimes(fc.constant('2.0')),
          id: sometimes(fc.oneof(fc.integer(), fc.string())),
          method: sometimes(methods),
          params: sometimes(fc.record({ name: sometimes(refusedTools), arguments: sometimes(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 }))) })),
        },
      )
      // A well-formed call of the one allowed tool would rightly be forwarded: not bad input.
      .filter((m) => !(typeof m.params === 'object' && m.params !== null && (m.params as { name?: unknown }).name === 'ticker'))
      .map((m) => Buffer.from(JSON.stringify(m)));
    // The allowed tool with arguments that are never an object: always refused before the pipeline.
    const badTickerCall = fc
      .oneof(fc.string(), fc.integer(), fc.array(fc.jsonValue()), fc.constant(null), fc.boolean())
      .map((args) => Buffer.from(call('ticker', args)));
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)),
      fc.jsonValue({ maxDepth: 6 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
      fc.string({ unit: 'binary', maxLength: 256 }).map((s) => Buffer.from(s)),
      mutatedCall,
      mutatedCall,
      badTickerCall,
    );
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom<Case['as']>('session', 'session', 'sse', 'no-session'), async (bytes, as) => {
        runs++;
        fuzzed++;
        const response = await send({ as, request: { body: bytes } });
        expect(response.status).toBeLessThan(500);
        // The legacy SSE endpoint answers POSTs with 202 "Accepted" or the SDK's plain-text 400.
        if (as !== 'sse') {
          if (response.status >= 400) jsonRpcError(response);
          for (const message of jsonRpcMessages(response)) expect(message.jsonrpc).toBe('2.0');
        }
        // A fuzzed tools/call that reaches the pipeline is refused there and logged; none is forwarded.
        expect(receivedCalls(recordFile)).toHaveLength(healthMarkers.length);
      }),
      { numRuns: 400, seed: 20_260_501 },
    );
    expect(runs).toBe(400);
    await expectStillServing();
  });
});
