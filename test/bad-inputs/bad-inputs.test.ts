// The bad-input corpus: every row is a mistake a user makes (a flag, a variable, a config file, a token file, a
// server answer) and must end with the exit code of its kind, a message that names the input and says what to
// do, no stack trace, nothing written and no token left on the server. See ./bad-input-row.ts.
import { useCliEmulator } from '../cli/cli-harness';
import { noBackoffWaits } from '../helpers/no-backoff-waits';
import { runRow, type BadInputRow } from './bad-input-row';
import { CONFIG_ROWS } from './config-rows';
import { ENV_ROWS } from './env-rows';
import { FLAG_ROWS } from './flag-rows';
import { PIPELINE_ROWS } from './pipeline-rows';
import { SERVER_ROWS } from './server-rows';
import { TOKEN_FILE_ROWS } from './token-file-rows';

const ROWS: readonly (readonly [string, BadInputRow])[] = [
  ...FLAG_ROWS.map((r) => [`flag: ${r.input}`, r] as const),
  ...ENV_ROWS.map((r) => [`env: ${r.input}`, r] as const),
  ...CONFIG_ROWS.map((r) => [`config: ${r.input}`, r] as const),
  ...TOKEN_FILE_ROWS.map((r) => [`token file: ${r.input}`, r] as const),
  ...PIPELINE_ROWS.map((r) => [`pipeline: ${r.input}`, r] as const),
  ...SERVER_ROWS.map((r) => [`server: ${r.input}`, r] as const),
];

const fx = useCliEmulator();

noBackoffWaits();

test('the corpus holds at least 100 distinct inputs', () => {
  expect(new Set(ROWS.map(([title]) => title)).size).toBe(ROWS.length);
  expect(ROWS.length).toBeGreaterThanOrEqual(100);
});

test.each(ROWS)('%s', async (_title, row) => {
  await runRow(fx, row);
});
