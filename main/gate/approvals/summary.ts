import { INERT_LIMITS, inert } from '../text/inert.js';
import type { ToolCall } from '../types.js';
import { summarizeAddOrder } from './add-order.js';
import { isDisplayable, quoteName, ArgumentReader } from './reader.js';
import { summarizeAmendOrder, summarizeCancelAllOrdersAfter, summarizeCancelOrder } from './order-changes.js';
import type { PriceQuote, Summary, SummaryDraft, SummaryField } from './summary-types.js';

export type { PriceQuote, Summary, SummaryDraft, SummaryField } from './summary-types.js';

interface ToolSummarizer {
  keys: readonly string[];
  summarize(reader: ArgumentReader, price?: PriceQuote): SummaryDraft | undefined;
}

const SUMMARIZERS: Readonly<Record<string, ToolSummarizer>> = {
  add_order: summarizeAddOrder,
  cancel_order: summarizeCancelOrder,
  amend_order: summarizeAmendOrder,
  cancel_all_orders_after: summarizeCancelAllOrdersAfter,
};

/**
 * Pure: the same call (and price) always gives the same summary. Every string in it is inert
 * (inertSummary): what a surface prints cannot move a cursor, reorder a line or hide a character.
 */
export function summarizeCall(call: ToolCall, price?: PriceQuote): Summary {
  return inertSummary(draftSummary(call, price));
}

/**
 * The summary with its headline, labels and values made inert and bounded. Values the summarizers
 * put into words are already shown as they are (they must be displayable); this also covers a
 * tool name in a headline and a summary a caller built itself. Idempotent.
 */
export function inertSummary(summary: Summary): Summary {
  return {
    ...summary,
    headline: inert(summary.headline, INERT_LIMITS.line),
    fields: summary.fields.map((f) => ({ label: inert(f.label, INERT_LIMITS.name), value: inert(f.value, INERT_LIMITS.line) })),
  };
}

function draftSummary(call: ToolCall, price?: PriceQuote): Summary {
  const args: unknown = call.arguments;
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    return unreadable(call.tool, ['the arguments are not an object']);
  }
  const record = args as Readonly<Record<string, unknown>>;
  const summarizer = Object.hasOwn(SUMMARIZERS, call.tool) ? SUMMARIZERS[call.tool] : undefined;
  if (!summarizer) return summarizeGeneric(call.tool, record);
  const reader = new ArgumentReader(record, summarizer.keys);
  const draft = summarizer.summarize(reader, price);
  if (!draft || reader.problems.length > 0) return unreadable(call.tool, reader.problems);
  return { ...draft, readable: true };
}

function summarizeGeneric(tool: string, args: Readonly<Record<string, unknown>>): Summary {
  const problems: string[] = [];
  const fields: SummaryField[] = [];
  if (!isDisplayable(tool)) problems.push(`the tool name ${quoteName(tool)} cannot be shown`);
  for (const [key, value] of Object.entries(args)) {
    if (!isDisplayable(key)) problems.push(`the argument name ${quoteName(key)} cannot be shown`);
    else if (value === null || typeof value === 'boolean') fields.push({ label: key, value: String(value) });
    else if (typeof value === 'number' && Number.isFinite(value)) fields.push({ label: key, value: String(value) });
    else if (typeof value === 'string' && (value === '' || isDisplayable(value))) fields.push({ label: key, value });
    else problems.push(`${quoteName(key)} is not a plain value that can be shown`);
  }
  if (problems.length > 0) return unreadable(tool, problems);
  return { headline: `Call ${tool}`, fields, readable: true };
}

function unreadable(tool: string, problems: readonly string[]): Summary {
  const name = isDisplayable(tool) ? tool : 'a tool with an unprintable name';
  return {
    headline: `Call ${name} — arguments cannot be shown in words; check the raw JSON`,
    fields: (problems.length > 0 ? problems : ['the arguments could not be read']).map((value) => ({ label: 'Unreadable', value })),
    readable: false,
  };
}
