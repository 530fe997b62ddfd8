import type { InProcessServer } from '../gate/upstream/in-process.js';
import { PaperExchange } from './exchange.js';
import { createPaperServer } from './server.js';

/**
 * The paper exchange as an upstream inside the caller's process (the desktop app): each start of
 * the upstream gets a fresh exchange, as a new `kraken-gate paper` process would.
 */
export function paperInProcess(): InProcessServer {
  return {
    label: 'kraken-gate paper (in the app)',
    connect: (transport) => createPaperServer(new PaperExchange()).connect(transport),
  };
}
