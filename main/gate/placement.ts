// Did a call that can move money take effect? The caps are charged by the answer: only a call that
// certainly did not reach the exchange gives its budget back; one whose fate cannot be known counts
// as placed, and the human is told to look.
import { classifyTool } from './catalog.js';
import { isRealOrder } from './policy/index.js';
import type { ToolResult } from './types.js';

/** Calls that can move money: the financial tools (and unknown ones), except an add_order that only validates. */
export function changesState(tool: string, args: unknown): boolean {
  if (classifyTool(tool) !== 'financial') return false;
  return tool !== 'add_order' || isRealOrder(tool, args);
}

/** Said wherever a call's outcome is unknown: the agent's answer, the log, the recovered record. */
export function mayHaveTakenEffect(tool: string): string {
  return tool === 'add_order'
    ? 'The order may have been placed — check open orders before retrying.'
    : `The ${tool} call may have taken effect — check open orders before retrying.`;
}

// Kraken says it cannot tell whether these requests were carried out (docs: "the status of the
// request is unknown" on EService:Unavailable / EService:Busy / EGeneral:Internal error), and a
// timeout or a bare 5xx between kraken-mcp and Kraken means the same.
const UNSURE = /EService:(Unavailable|Busy)|EGeneral:Internal error|time(d)?[ -]?out|\b50[234]\b|Bad Gateway|Service Unavailable/i;
// Answers that prove the request was refused before anything happened: Kraken's own error codes
// ("Error calling tool 'add_order': EOrder:Insufficient funds"), kraken-mcp's argument validation
// ("1 validation error for call[add_order]") and its own checks, an unknown tool.
const REFUSED = [
  /^Error calling tool '[^']*': E[A-Z][A-Za-z]*:/,
  /^\d+ validation errors? for /,
  /^Error calling tool 'amend_order': Provide at least one field to amend/,
  /^Unknown tool: /,
];

/** An error answer from the upstream that shows the call did nothing (so its budget can be given back). */
export function provesNothingHappened(result: ToolResult): boolean {
  if (!result.isError) return false;
  const text = result.content.map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : '')).join('\n').trim();
  return !UNSURE.test(text) && REFUSED.some((pattern) => pattern.test(text));
}
