// main/gate/calllog/: the call log, one durable record per tool call, queried, viewed and exported by
// the UI and the CLI. May import the core's vocabulary, text/ and approvals/ (a call in words).
export {
  DECIDERS,
  DECISION_KINDS,
  OUTCOME_STATUSES,
  callOutcomeSchema,
  callRecordSchema,
  canonicalJson,
  createCallRecord,
  hashArguments,
  logJson,
  parseRecordLine,
  type CallOutcome,
  type CallRecord,
  type CallRecordInput,
} from './record.js';
export { REDACTED, looksLikeSecret, redactArguments, redactText } from './redact.js';
export { CallLogStore, DEFAULT_RETENTION, type CallLogStoreOptions, type CallLogUsage, type RetentionOptions } from './store.js';
export { CALL_LOG_FULL_RULE, callLogFullReason, callLogFullWarning } from './full.js';
export { RECORD_LIMITS, RECORD_MAX_BYTES } from './bounds.js';
export { DEFAULT_PAGE_SIZE, queryLog, type CallLogPage, type CallLogQuery } from './query.js';
export { CSV_COLUMNS, toCsv, toJson, type CsvOptions } from './export.js';
export { dayOf, listLogFiles, logFileName, type LogFile } from './files.js';
export { CUT_OFF_MESSAGE, HELD_CUT_OFF_REASON, InflightJournal, type ForwardIntent, type HeldIntent } from './inflight.js';
