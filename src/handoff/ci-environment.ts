// Which CI the process runs in decides how secrets may leave it: GitHub Actions can mask values at runtime
// (`::add-mask::`), GitLab and others cannot, so there a secret is never printed.

export type CiKind = 'github-actions' | 'gitlab' | 'other-ci' | 'none';

export interface CiEnvironment {
  readonly kind: CiKind;
  /** Path of $GITHUB_ENV on GitHub Actions. */
  readonly githubEnvFile?: string;
  /** $RUNNER_TEMP on GitHub Actions (cleaned by the runner after the job). */
  readonly runnerTemp?: string;
}

const truthy = (v: string | undefined) => v !== undefined && /^(1|true|yes)$/i.test(v);

export function detectCi(env: NodeJS.ProcessEnv): CiEnvironment {
  if (truthy(env.GITHUB_ACTIONS)) {
    return { kind: 'github-actions', githubEnvFile: env.GITHUB_ENV || undefined, runnerTemp: env.RUNNER_TEMP || undefined };
  }
  if (truthy(env.GITLAB_CI)) return { kind: 'gitlab' };
  if (truthy(env.CI)) return { kind: 'other-ci' };
  return { kind: 'none' };
}

export function isCi(ci: CiEnvironment): boolean {
  return ci.kind !== 'none';
}
