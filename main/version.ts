// Kept in code rather than read from package.json at run time: the built CLI, the paper server and
// (later) the packaged app each sit at a different depth below it. A test keeps the two equal.
export const VERSION = '0.1.0';
export const PRODUCT = 'Kraken Gate';
