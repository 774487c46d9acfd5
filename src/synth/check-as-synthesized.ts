// The offline schema check on the documents cdktf is about to write, not on the files read back: each stack's
// toTerraform() result is checked when the synthesizer asks for it, and only the findings are kept, so the check
// costs no file reads, no second JSON parse, and no document outlives its stack's synthesis.
import type { TerraformStack } from 'cdktf';
import { checkStackDocument, type ProviderSchemaIndex, type SchemaFinding } from './schema-check';

export interface SchemaCheckDuringSynth {
  /** Findings of every stack synthesized so far, in synthesis order. */
  readonly findings: readonly SchemaFinding[];
  /** Gives every stack its own toTerraform back. */
  restore(): void;
}

/** Wraps toTerraform() of each stack (for the duration of one synth) so its document is checked as it is made. */
export function checkStacksDuringSynth(stacks: readonly TerraformStack[], schema: ProviderSchemaIndex): SchemaCheckDuringSynth {
  const findings: SchemaFinding[] = [];
  const wrapped: TerraformStack[] = [];
  // One wrapper for every stack of this synth (not a closure per stack): the stack's own toTerraform is the one
  // its prototype chain has, since stacks that already have one on the instance are not wrapped.
  const checkedToTerraform = function checkedToTerraform(this: TerraformStack): ReturnType<TerraformStack['toTerraform']> {
    const doc = (Object.getPrototypeOf(this) as TerraformStack).toTerraform.call(this);
    findings.push(...checkStackDocument(doc, this.node.id, schema));
    return doc;
  };
  for (const stack of stacks) {
    const own = Object.prototype.hasOwnProperty.call(stack, 'toTerraform');
    if (own) continue; // someone else replaced it on this instance: leave it alone (the stack goes unchecked)
    Object.defineProperty(stack, 'toTerraform', { configurable: true, writable: true, value: checkedToTerraform });
    wrapped.push(stack);
  }
  return {
    findings,
    restore: () => {
      for (const stack of wrapped) delete (stack as unknown as { toTerraform?: unknown }).toTerraform;
    },
  };
}
