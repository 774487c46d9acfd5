// Default location of token files: $VCD_TOKEN_DIR, else $RUNNER_TEMP/vcd-api-tokens on GitHub Actions
// (cleaned by the runner), else ${XDG_STATE_HOME:-~/.local/state}/vcd-api-tokens. Never the work tree.
import * as os from 'node:os';
import * as path from 'node:path';

export function defaultTokenDir(env: NodeJS.ProcessEnv): string {
  if (env.VCD_TOKEN_DIR) return path.resolve(env.VCD_TOKEN_DIR);
  if (env.GITHUB_ACTIONS === 'true' && env.RUNNER_TEMP) return path.join(env.RUNNER_TEMP, 'vcd-api-tokens');
  const state = env.XDG_STATE_HOME || path.join(env.HOME || os.homedir(), '.local', 'state');
  return path.join(state, 'vcd-api-tokens');
}
