// Pausing and resuming trading from the window (the header's switch, the paused banner): the kill
// switch never fails silently, so each answers with what did not happen and how to do it anyway.
import type { PendingApproval } from '../../preload/api';
import { getBridge } from '../bridge';
import { describeFailure, type ActionFailure } from './action-failure';
import { plural } from './format';

/** Resolves with nothing once paused, or with the failure to show. */
export async function pauseTrading(): Promise<ActionFailure | undefined> {
  try {
    await getBridge().api.pause({});
    return undefined;
  } catch (error) {
    return describeFailure('Pausing failed: trading is still ACTIVE.', error, 'Run `kraken-gate pause` in a terminal now: it works even when this page cannot.');
  }
}

export async function resumeTrading(): Promise<ActionFailure | undefined> {
  try {
    await getBridge().api.resume({});
    return undefined;
  } catch (error) {
    return describeFailure('Resuming failed: trading is still PAUSED.', error, 'Try again, or run `kraken-gate resume` in a terminal.');
  }
}

/** The waiting calls a pause would refuse: the core marks each (stoppedByPause); unmarked counts, to ask rather than surprise. */
export function refusedByPause(pending: readonly PendingApproval[]): PendingApproval[] {
  return pending.filter((p) => p.stoppedByPause !== false);
}

/** "3 waiting orders will be refused. Pause?": orders when every one is an order, calls otherwise. */
export function pauseQuestion(refused: readonly PendingApproval[]): string {
  const noun = refused.every((p) => p.tool === 'add_order') ? 'waiting order' : 'waiting call';
  return `${plural(refused.length, noun)} will be refused. Pause?`;
}
