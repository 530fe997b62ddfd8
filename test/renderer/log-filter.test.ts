import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../renderer/lib/log-filter.js';

describe('the call log filter words', () => {
  it('"denied" finds every refusal, the person’s own included; "withdrawn" what the agent took back', () => {
    expect(parseQuery('decision:denied').filter.decision).toEqual(['denied', 'rejected']);
    expect(parseQuery('decision:withdrawn').filter.decision).toEqual(['cancelled']);
    expect(parseQuery('decision:denied,expired').filter.decision).toEqual(['denied', 'rejected', 'expired']);
    expect(parseQuery('decision:rejected').filter.decision).toEqual(['rejected']);
  });

  it('an unknown word is an error with the nearest word, never a filter that lets everything through', () => {
    const { problems } = parseQuery('tool:add_order decision:denid');
    expect(problems).toEqual(['No decision is called "denid" (did you mean "denied"?): use allowed, approved, denied, expired, withdrawn.']);
    expect(parseQuery('decision:whatever').problems[0]).toBe('No decision is called "whatever": use allowed, approved, denied, expired, withdrawn.');
  });
});
