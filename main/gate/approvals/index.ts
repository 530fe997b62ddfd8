// main/gate/approvals/: held calls (the queue: hold, decide, expire, cancel), a call in words, and
// approve with changes. May import the core's vocabulary and text/; other folders import from here.
export * from './queue.js';
export { pendingForHumans, type PendingForHumans } from './for-humans.js';
export { inertSummary, summarizeCall, type Summary, type SummaryField, type PriceQuote } from './summary.js';
export { canonicalJson, hashArguments } from '../text/canonical-json.js';
export { newApprovalId, normalizeApprovalId } from './ids.js';
export { GROUP_SEPARATOR } from './format.js';
export { withWorth, worthUsd, USD_LIKE, type CapWorth } from './worth.js';
export { describeOrderOnBook, withOrderOnBook, type OrderOnBook } from './standing-order.js';
export { isRealOrderLine, withMoneyLine, REAL_ORDER_PREFIX } from './money-line.js';
export { estimateFill, KRAKEN_TAKER_FEE, withMarketView, type BookSide, type MarketFill } from './market-fill.js';
export { assessRisk, DEFAULT_RISK_THRESHOLDS, isRiskConfirmation, orderAmount, RISK_CONFIRMATION, type Risk, type RiskFacts, type RiskThresholds, type RiskTier } from './risk.js';
export { approveEdited, notAllowedWords, previewEdit, type ApproveEditRequest, type EditPreview } from './edit-approval.js';
export { changesNote, describeChanges, editOrder, EDITABLE_FIELDS, isEditableTool, type EditOptions, type OrderChange } from './order-edit.js';
