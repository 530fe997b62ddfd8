import { randomBytes } from 'node:crypto';
import { writeFileAtomic } from './atomic-file.js';
import { Emitter } from '../events.js';
import { loadOrCreateToken } from './token.js';

/**
 * The agent's bearer token, replaceable while the gateway runs. The gateway reads `current` on
 * every request, so after `regenerate()` the old token is refused at once, by open sessions too:
 * the way to cut off an agent (or a leaked config snippet) without a restart.
 */
export class AgentToken {
  private readonly changeEmitter = new Emitter<string>();
  readonly onDidChange = this.changeEmitter.event;
  private value: string;

  constructor(private readonly path: string) {
    this.value = loadOrCreateToken(path);
  }

  get current(): string {
    return this.value;
  }

  regenerate(): string {
    const token = randomBytes(32).toString('base64url');
    writeFileAtomic(this.path, `${token}\n`, 0o600);
    this.value = token;
    this.changeEmitter.fire(token);
    return token;
  }
}
