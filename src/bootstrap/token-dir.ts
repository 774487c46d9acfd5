// Default location of token files: $VCD_TOKEN_DIR, else $RUNNER_TEMP/vcd-api-tokens on GitHub Actions
// (cleaned by the runner), else ${XDG_STATE_HOME:-~/.local/state}/vcd-api-tokens. Never the work tree.
import * as os from 'node:os';
import * as path from 'node:path';

/** `cwd` resolves a relative VCD_TOKEN_DIR (the CLI's working directory, which is not always the process's). */
export function defaultTokenDir(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): string {
  if (env.VCD_TOKEN_DIR) return path.resolve(cwd, env.VCD_TOKEN_DIR);
  if (env.GITHUB_ACTIONS === 'true' && env.RUNNER_TEMP) return path.join(env.RUNNER_TEMP, 'vcd-api-tokens');
  const state = env.XDG_STATE_HOME || path.join(env.HOME || os.homedir(), '.local', 'state');
  return path.join(state, 'vcd-api-tokens');
}
