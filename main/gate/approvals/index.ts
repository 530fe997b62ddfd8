export * from './queue.js';
export { pendingForHumans, type PendingForHumans } from './for-humans.js';
export { inertSummary, summarizeCall, type Summary, type SummaryField, type PriceQuote } from './summary.js';
export { canonicalJson, hashArguments } from '../canonical-json.js';
export { newApprovalId, normalizeApprovalId } from './ids.js';
export { GROUP_SEPARATOR } from './format.js';
export { approveEdited, previewEdit, type ApproveEditRequest, type EditPreview } from './edit-approval.js';
export { changesNote, describeChanges, editOrder, EDITABLE_FIELDS, isEditableTool, type EditOptions, type OrderChange } from './order-edit.js';
