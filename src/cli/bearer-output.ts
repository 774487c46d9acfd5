// --reveal for bearer tokens (exchange): the same CI refusal and masking rules as for API tokens.
import { addMaskCommand, CiEnvironment, detectCi, HandoffError, isCi } from '../handoff';
import { booleanOption, ParsedArguments } from './arguments';
import type { CliIo, CliOutput } from './cli-io';

export function planTokenOutputForBearer(values: ParsedArguments['values'], io: CliIo): { ci: CiEnvironment } {
  const ci = detectCi(io.env);
  if (booleanOption(values, 'reveal') && isCi(ci) && !booleanOption(values, 'force')) {
    throw new HandoffError('HANDOFF_REVEAL_REFUSED', `--reveal is refused in CI (${ci.kind}): CI logs keep stdout. Add --force if you really must.`);
  }
  return { ci };
}

export function maskSecret(plan: { ci: CiEnvironment }, out: CliOutput, secret: string): void {
  if (plan.ci.kind === 'github-actions') out.raw(addMaskCommand(secret));
}
