import { describe, expect, it } from 'vitest';
import { MASKED, SecretMask, secretEnvValues } from '../../../main/gate/text/secret-mask.js';

const KEY = 'aB3+dE6/gH9=jK2+mN5/pQ8=sT1+vW4/yZ7=cF0+iL3/oR6=uX9+';
const SECRET = 'kRaKeN/SeCrEt+88/chars==';

describe('SecretMask', () => {
  it('masks each value as it is, JSON-escaped and URL-encoded', () => {
    const mask = new SecretMask([KEY, 'pass"word\\1']);
    expect(mask.apply(`key=${KEY}; url=?k=${encodeURIComponent(KEY)}; json={"p":"pass\\"word\\\\1"} raw pass"word\\1`)).toBe(
      `key=${MASKED}; url=?k=${MASKED}; json={"p":"${MASKED}"} raw ${MASKED}`,
    );
  });

  it('masks a long value anywhere, a short one (an otp) only as a whole token', () => {
    const mask = new SecretMask([KEY, '123456']);
    expect(mask.apply(`x${KEY}y`)).toBe(`x${MASKED}y`);
    expect(mask.apply("input_value='123456' order 1234567 ref O123456 otp 123456")).toBe(`input_value='${MASKED}' order 1234567 ref O123456 otp ${MASKED}`);
  });

  it('tells how much of an unfinished text can be shown without the start of a secret', () => {
    const mask = new SecretMask([SECRET]);
    expect(mask.safeEnd(`trace: ${SECRET.slice(0, 10)}`)).toBe('trace: '.length);
    expect(mask.safeEnd('trace: nothing secret')).toBe('trace: nothing secret'.length);
    expect(SecretMask.none.apply(SECRET)).toBe(SECRET);
  });

  it('takes the credentials among the variables given to the upstream', () => {
    expect(secretEnvValues({ KRAKEN_API_KEY: 'k', KRAKEN_API_SECRET: 's', PYTHONUNBUFFERED: '1', EMPTY_TOKEN: '' })).toEqual(['k', 's']);
    expect(secretEnvValues(undefined)).toEqual([]);
  });
});
