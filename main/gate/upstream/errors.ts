// Local error codes as string enums (MCP SDK style): callers branch on `code`, people read `message`.
// `refused`: the caller's last check before sending (CallOptions.beforeSend) said no; nothing was sent.
export type UpstreamErrorCode = 'not-ready' | 'cannot-start' | 'exited' | 'timeout' | 'cancelled' | 'failed' | 'refused';

export class UpstreamError extends Error {
  constructor(
    readonly code: UpstreamErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}
