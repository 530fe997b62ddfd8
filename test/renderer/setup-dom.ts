import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { setBridge } from '../../renderer/bridge.js';

afterEach(() => {
  cleanup();
  setBridge(undefined);
  window.location.hash = '';
});
