import { classifyTool } from './catalog.js';
import { Emitter } from './events.js';
import type { GatewayBackend } from './gateway/backend.js';
import { refusal, runToolCall, type CallOutcomeRecord, type PipelineSteps, type Verdict } from './pipeline.js';
import type { CallContext, ToolCall, ToolDefinition, ToolResult } from './types.js';
import { UpstreamClient, type UpstreamOptions, type UpstreamStatus } from './upstream/client.js';

export interface GateOptions {
  upstream: UpstreamOptions;
}

export interface GateStatus {
  upstream: UpstreamStatus;
}

/**
 * The core as one object: the upstream, the rules and the records behind a typed event stream.
 * The headless server, the desktop app and the tests all drive this and only this.
 */
export class Gate implements GatewayBackend {
  readonly upstream: UpstreamClient;
  private readonly recordEmitter = new Emitter<CallOutcomeRecord>();
  readonly onDidRecord = this.recordEmitter.event;
  readonly onDidChangeTools;
  readonly onDidChangeUpstream;
  private readonly steps: PipelineSteps;

  constructor(options: GateOptions) {
    this.upstream = new UpstreamClient(options.upstream);
    this.onDidChangeTools = this.upstream.onDidChangeTools;
    this.onDidChangeUpstream = this.upstream.onDidChangeState;
    this.steps = {
      evaluate: async (call) => this.evaluate(call),
      askHuman: async () => ({ decision: 'rejected', by: 'policy', reason: 'Approvals are not available.', waitedMs: 0, arguments: {} }),
      forward: (call, context) => this.upstream.callTool(call.tool, call.arguments, { signal: context.signal, onProgress: context.onProgress }),
      record: async (record) => this.recordEmitter.fire(record),
    };
  }

  start(): Promise<void> {
    return this.upstream.start();
  }

  async stop(): Promise<void> {
    await this.upstream.stop();
  }

  status(): GateStatus {
    return { upstream: this.upstream.state };
  }

  async listTools(): Promise<ToolDefinition[]> {
    return this.upstream.listTools();
  }

  async callTool(call: ToolCall, context: CallContext): Promise<ToolResult> {
    try {
      return await runToolCall(this.steps, call, context);
    } catch (error) {
      // The record could not be written: the agent must hear that something went wrong.
      return refusal(`Kraken Gate could not complete the call: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private evaluate(call: ToolCall): Verdict {
    const known = this.upstream.tools.some((tool) => tool.name === call.tool);
    if (!known) return { action: 'deny', rule: 'unknown-tool', reason: `Unknown tool: ${call.tool}` };
    if (classifyTool(call.tool) === 'public') return { action: 'allow', rule: 'default', reason: 'Public market data.' };
    return { action: 'deny', rule: 'default', reason: `${call.tool} is not allowed by the policy.` };
  }
}
