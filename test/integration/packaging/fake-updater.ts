// A recording UpdaterShell: what the app asks of electron-updater, and its events as methods a test calls.
import { Emitter } from '../../../main/gate/events.js';
import type { UpdaterShell } from '../../../main/desktop/updates.js';

export class FakeUpdater implements UpdaterShell {
  checks = 0;
  /** Every installOnExit the app made, in order. */
  readonly exitDecisions: boolean[] = [];
  /** Called with each decision, while the app is still at that point of its exit. */
  onExitDecision: ((enabled: boolean) => void) | undefined;
  /** What the next check does (a found release, a failure, a slow network). */
  nextCheck: () => Promise<void> = async () => undefined;
  private readonly downloadedEmitter = new Emitter<string>();
  private readonly errorEmitter = new Emitter<string>();
  private readonly checkEmitter = new Emitter<number>();
  /** Fires after each check starts, with the count so far. */
  readonly onDidCheck = this.checkEmitter.event;

  check(): Promise<void> {
    this.checks += 1;
    const running = this.nextCheck();
    this.checkEmitter.fire(this.checks);
    return running;
  }
  installOnExit(enabled: boolean): void {
    this.exitDecisions.push(enabled);
    this.onExitDecision?.(enabled);
  }
  onDownloaded(listener: (version: string) => void): void {
    this.downloadedEmitter.event(listener);
  }
  onError(listener: (message: string) => void): void {
    this.errorEmitter.event(listener);
  }
  /** electron-updater finished downloading a release in the background. */
  download(version: string): void {
    this.downloadedEmitter.fire(version);
  }
  fail(message: string): void {
    this.errorEmitter.fire(message);
  }
}
