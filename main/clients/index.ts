// Ready-made MCP client configs for Kraken Gate: pure functions (snippet, merge, default paths)
// that `kraken-gate config` and the desktop app's "Copy client config" share.
export { CLIENTS, CLIENT_IDS, SERVER_NAME, isClientId, type ClientId, type ClientSpec, type ClientTransport, type GatewayTarget, type Launcher, type ServerEntry } from './clients.js';
export { clientSnippet, shellQuote, type ClientSnippet, type SnippetOptions } from './snippet.js';
export { ConfigFileError, mergeServerEntry, type MergeOptions, type MergeResult } from './merge.js';
export { defaultConfigPath, type PlatformInfo } from './locations.js';
export { connectLauncher, currentPlatform, launcherIsBuilt } from './launcher.js';
