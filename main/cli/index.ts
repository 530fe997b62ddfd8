#!/usr/bin/env node
import { runCli } from './run.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`kraken-gate: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
