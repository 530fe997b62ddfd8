// The contract's connection methods for Settings: the agent token (copy, regenerate), ready
// client configs, and "Test connection" for an upstream setting.
import type { ClientConfig, GateApi, UpstreamSetting } from '../../../preload/api.js';
import { CLIENT_IDS, CLIENTS, clientSnippet, connectLauncher } from '../../clients/index.js';
import { AgentToken } from '../state/agent-token.js';
import { dataFiles } from '../state/data-dir.js';
import type { Gate } from '../gate.js';
import { upstreamCommand } from '../upstream/command.js';
import { probeUpstream, type ProbeCommand } from '../upstream/probe.js';

type ConnectMethods = Pick<GateApi, 'agentToken' | 'regenerateAgentToken' | 'clientConfigs' | 'testUpstream'>;

export interface ConnectHost {
  /**
   * The agent's token as the gateway checks it on every request, so a regenerated one applies at
   * once. Without it the token file is read and replaced, and takes effect at the next start.
   */
  agentToken?: AgentToken;
  /** How this host starts an upstream setting; the default runs the paper exchange from this install. */
  upstreamCommand?: (setting: UpstreamSetting) => ProbeCommand;
}

export function connectMethods(gate: Gate, host: ConnectHost): ConnectMethods {
  const agentToken = host.agentToken ?? new AgentToken(dataFiles.gatewayToken(gate.dataDir));
  const resolve = host.upstreamCommand ?? upstreamCommand;
  const token = () => ({ token: agentToken.current, endpoint: gate.endpoint });
  return {
    agentToken: async () => token(),
    regenerateAgentToken: async () => {
      agentToken.regenerate();
      return token();
    },
    clientConfigs: async () => {
      const target = { url: gate.endpoint, token: agentToken.current, launcher: connectLauncher({ dataDir: gate.dataDir }) };
      const configs: ClientConfig[] = [];
      for (const id of CLIENT_IDS) {
        for (const transport of CLIENTS[id].transports) {
          const s = clientSnippet(id, target, { transport });
          configs.push({ client: s.client, title: s.title, transport: s.transport, json: s.json, embedsToken: s.embedsToken, notes: s.notes, ...(s.command && { command: s.command }) });
        }
      }
      return configs;
    },
    testUpstream: async ({ upstream }) => probeUpstream(resolve(upstream)),
  };
}
