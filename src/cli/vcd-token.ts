#!/usr/bin/env node
// `vcd-token` entry point: runs the dispatcher on the real process and exits with its code.
import { processIo } from './cli-io';
import { runVcdToken } from './run-cli';

void runVcdToken(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
