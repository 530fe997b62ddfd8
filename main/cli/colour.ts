import picocolors from 'picocolors';

export type Colors = ReturnType<typeof picocolors.createColors>;

/**
 * Colour for one output stream: on for a terminal, off when the output is piped or redirected
 * (a file or another program must not receive escape codes) or when NO_COLOR is set
 * (no-color.org); FORCE_COLOR turns it on anyway. Decided per call, not at import, so a test or a
 * redirected stream sees the state it runs in.
 */
export function colorsFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Colors {
  return picocolors.createColors(colorEnabled(stream, env));
}

export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export const stdoutColors = (): Colors => colorsFor(process.stdout);
export const stderrColors = (): Colors => colorsFor(process.stderr);

/** A call's decision as a person scans for it: what went through green, what did not red. */
export function decisionColor(c: Colors, decision: string): (text: string) => string {
  switch (decision) {
    case 'allowed':
    case 'approved':
      return c.green;
    case 'denied':
    case 'rejected':
      return c.red;
    case 'expired':
    case 'cancelled':
      return c.yellow;
    default:
      return (text) => text;
  }
}
