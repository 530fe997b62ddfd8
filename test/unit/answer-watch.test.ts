import { describe, expect, it } from 'vitest';
import { AnswerWatch } from '../../main/gate/gateway/request-scope.js';
import { AgentGone } from '../../main/gate/types.js';

describe('AnswerWatch (an agent that stops waiting for its answer)', () => {
  it('tells every call on the request once, with the reason, and not the ones that stopped listening', () => {
    const watch = new AnswerWatch();
    const heard: string[] = [];
    watch.onGone((reason) => heard.push(`a: ${reason.message}`));
    const stop = watch.onGone(() => heard.push('b'));
    stop();
    watch.markGone(new AgentGone('request closed'));
    watch.markGone(new AgentGone('closed again'));
    expect(heard).toEqual(['a: request closed']);
  });

  it('tells a call that starts after the request closed at once (a killed agent does not wait for its handler)', () => {
    const watch = new AnswerWatch();
    watch.markGone(new AgentGone('request closed'));
    const heard: string[] = [];
    watch.onGone((reason) => heard.push(reason.message));
    expect(heard).toEqual(['request closed']);
  });
});
