#!/usr/bin/env node
// `npm start`: runs the main job and exits with vcd-token's exit code for the failure, with a one-line reason.
import './disable-checkpoint'; // first: before anything loads cdktf
import { exitCodeFor } from '../src/cli/exit-codes';
import { neutralizeForDisplay } from '../src/handoff';
import { runMainJob } from './main-job';

runMainJob({ progress: process.stderr.isTTY ? (line) => process.stderr.write(`${line}\n`) : undefined }).then(
  () => {
    process.exitCode = 0;
  },
  (err: unknown) => {
    const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : 'UNEXPECTED';
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`main job failed [${code}]: ${message.split('\n').map((l) => neutralizeForDisplay(l)).join('\n  ')}\n`);
    process.exitCode = exitCodeFor(err);
  },
);
