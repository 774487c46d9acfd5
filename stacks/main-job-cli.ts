#!/usr/bin/env node
// `npm start`: runs the main job and exits with vcd-token's exit code for the failure, with a one-line reason.
import './disable-checkpoint'; // first: before anything loads cdktf
import { unconfirmedRevokes } from '../src/bootstrap';
import { EXIT_CODES, exitCodeFor } from '../src/cli/exit-codes';
import { neutralizeForDisplay } from '../src/handoff/neutralize';
import { runMainJob } from './main-job';

runMainJob({ progress: process.stderr.isTTY ? (line) => process.stderr.write(`${line}\n`) : undefined }).then(
  (result) => {
    // A replaced token whose revoke VCD did not confirm may still be live: listed in the summary, exit 7.
    const unconfirmed = unconfirmedRevokes(result.bootstrap.results);
    for (const u of unconfirmed) process.stderr.write(`main job: ${u.env}/${u.tenant}: revoke of ${u.id ?? `leftovers of ${u.name}`} NOT confirmed: ${neutralizeForDisplay(u.reason ?? u.code ?? '')}\n`);
    process.exitCode = unconfirmed.length > 0 ? EXIT_CODES.REVOKE_UNCONFIRMED : EXIT_CODES.OK;
  },
  (err: unknown) => {
    const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : 'UNEXPECTED';
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`main job failed [${code}]: ${message.split('\n').map((l) => neutralizeForDisplay(l)).join('\n  ')}\n`);
    process.exitCode = exitCodeFor(err);
  },
);
