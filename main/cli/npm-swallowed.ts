/**
 * `npm run serve --port 8803` hands `--port` to npm, not to the script: npm keeps it as its own
 * setting (npm_config_port=true, or =8803 with `--port=8803`) and passes only the loose "8803"
 * on. Detected from npm's environment, so the person learns to put `--` first instead of getting
 * a gateway on the default port or a puzzling "too many arguments".
 */
export function npmSwallowedOptions(optionNames: readonly string[], given: readonly string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  const script = env.npm_lifecycle_event;
  if (!script || (env.npm_command !== 'run' && env.npm_command !== 'run-script')) return undefined;
  const loose = given.filter((arg) => !arg.startsWith('-'));
  const words: string[] = [];
  for (const name of optionNames) {
    const value = env[`npm_config_${name.replace(/-/g, '_')}`];
    if (value === undefined || given.includes(`--${name}`)) continue;
    words.push(`--${name}`);
    if (value !== 'true' && value !== '') words.push(value);
    else if (loose.length > 0) words.push(loose.shift()!);
  }
  const kept = words.filter((w) => w.startsWith('--'));
  if (kept.length === 0) return undefined;
  return `npm kept ${kept.join(', ')} for itself and did not pass ${kept.length > 1 ? 'them' : 'it'} on. Put -- before kraken-gate's options:\n  npm run ${script} -- ${words.join(' ')}`;
}
