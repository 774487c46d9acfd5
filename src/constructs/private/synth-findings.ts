// How constructs report problems that must fail synth without stopping construction: every construct of every
// environment is built, and synth then lists all findings instead of only the first.
import { Annotations } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * Reports findings on `scope` through both channels cdktf has: validations (app.synth() and
 * Testing.synth(stack, true) list them) and error annotations (which still fail app.synth() when the App skips
 * validations).
 */
export function reportSynthFindings(scope: IConstruct, findings: readonly string[]): void {
  if (findings.length === 0) return;
  for (const finding of findings) Annotations.of(scope).addError(finding);
  const reported = [...findings];
  scope.node.addValidation({ validate: () => reported });
}
