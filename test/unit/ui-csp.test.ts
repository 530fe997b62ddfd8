// The page's CSP is written twice: as a header by `kraken-gate serve` and as a <meta> tag in
// renderer/index.html for the Electron window. They must say the same thing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UI_CSP_DIRECTIVES, UI_CSP_HEADER } from '../../main/headless/ui-csp.js';

describe('the window\'s Content-Security-Policy', () => {
  it('is the same in renderer/index.html as in the header, which adds only frame-ancestors', () => {
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(UI_CSP_DIRECTIVES.join('; '));
    expect(UI_CSP_HEADER).toBe(`${meta}; frame-ancestors 'none'`);
    expect(UI_CSP_HEADER).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });
});
