import { describe, expect, it, vi } from 'vitest';
import { Emitter } from '../../main/gate/events.js';

describe('Emitter', () => {
  it('delivers each fired value to every listener, in subscription order', () => {
    const emitter = new Emitter<number>();
    const seen: string[] = [];
    emitter.event((n) => seen.push(`a${n}`));
    emitter.event((n) => seen.push(`b${n}`));
    emitter.fire(1);
    expect(seen).toEqual(['a1', 'b1']);
  });

  it('stops delivering to a listener once its disposer is called, even twice', () => {
    const emitter = new Emitter<number>();
    const listener = vi.fn();
    const dispose = emitter.event(listener);
    emitter.fire(1);
    dispose();
    dispose();
    emitter.fire(2);
    expect(listener.mock.calls).toEqual([[1]]);
  });

  it('lets the same function subscribe twice and unsubscribe each separately', () => {
    const emitter = new Emitter<number>();
    const listener = vi.fn();
    const first = emitter.event(listener);
    emitter.event(listener);
    first();
    emitter.fire(1);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('skips a listener that an earlier listener unsubscribed during the same fire', () => {
    const emitter = new Emitter<number>();
    const later = vi.fn();
    emitter.event(() => disposeLater());
    const disposeLater = emitter.event(later);
    emitter.fire(1);
    expect(later).not.toHaveBeenCalled();
  });

  it('reports a throwing listener and still delivers to the others', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<number>((error) => errors.push(error));
    const after = vi.fn();
    emitter.event(() => {
      throw new Error('boom');
    });
    emitter.event(after);
    emitter.fire(1);
    expect(after).toHaveBeenCalledWith(1);
    expect(errors).toHaveLength(1);
  });
});
