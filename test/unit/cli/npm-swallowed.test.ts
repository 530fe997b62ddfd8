// `npm run serve --port 8803` gives --port to npm (npm_config_port), not to kraken-gate.
import { describe, expect, it } from 'vitest';
import { npmSwallowedOptions } from '../../../main/cli/npm-swallowed.js';

const OPTIONS = ['port', 'data-dir', 'approval-timeout'];
const npm = (extra: Record<string, string>) => ({ npm_lifecycle_event: 'serve', npm_command: 'run', ...extra });

describe('options npm kept for itself', () => {
  it('`--port 8803`: npm keeps --port (as true) and passes the loose 8803; the hint gives the command that works', () => {
    expect(npmSwallowedOptions(OPTIONS, ['8803'], npm({ npm_config_port: 'true' }))).toBe(
      "npm kept --port for itself and did not pass it on. Put -- before kraken-gate's options:\n  npm run serve -- --port 8803",
    );
  });

  it('`--port=8803 --data-dir /tmp/x`: both values, in the order of the options', () => {
    expect(npmSwallowedOptions(OPTIONS, ['/tmp/x'], npm({ npm_config_port: '8803', npm_config_data_dir: 'true' }))).toBe(
      "npm kept --port, --data-dir for itself and did not pass them on. Put -- before kraken-gate's options:\n  npm run serve -- --port 8803 --data-dir /tmp/x",
    );
  });

  it('says nothing outside `npm run`, or when the option did reach kraken-gate', () => {
    expect(npmSwallowedOptions(OPTIONS, [], { npm_config_port: '8803' })).toBeUndefined();
    expect(npmSwallowedOptions(OPTIONS, ['--port', '8803'], npm({ npm_config_port: 'true' }))).toBeUndefined();
    expect(npmSwallowedOptions(OPTIONS, ['--port', '8803'], npm({}))).toBeUndefined();
    expect(npmSwallowedOptions(OPTIONS, [], { ...npm({ npm_config_port: '1' }), npm_command: 'exec' })).toBeUndefined();
  });
});
