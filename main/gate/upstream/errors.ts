// Local error codes as string enums (MCP SDK style): callers branch on `code`, people read `message`.
export type UpstreamErrorCode = 'not-ready' | 'cannot-start' | 'exited' | 'timeout' | 'cancelled' | 'failed';

export class UpstreamError extends Error {
  constructor(
    readonly code: UpstreamErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}
