import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { setBridge } from '../../renderer/bridge.js';
import { setPolicyDraft } from '../../renderer/hooks/policy-draft-store.js';

afterEach(() => {
  cleanup();
  setBridge(undefined);
  // The Rules page's draft outlives the page on purpose (policy-draft-store.ts); not a test.
  setPolicyDraft(undefined);
  window.location.hash = '';
});
