// Sensitive (and by default ephemeral) Terraform variables for credentials, so secrets reach the provider at
// plan/apply time from TF_VAR_<name> and never through synthesized JSON.
import { TerraformStack, TerraformVariable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { duplicateVariableError, invalidVariableNameError } from '../errors';

/** Terraform version that knows `ephemeral = true` on variables (kept out of plan files). */
export const EPHEMERAL_VARIABLES_REQUIRED_TERRAFORM_VERSION = '>= 1.10';

/** The secret variable names of each stack: one name alone (the common case, in thousands of stacks), a Set from the second. */
const NAMES_BY_STACK = new WeakMap<TerraformStack, string | Set<string>>();
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface SecretVariableOptions {
  readonly name: string;
  readonly description: string;
  readonly ephemeral: boolean;
  /** Prop the name came from, for messages. */
  readonly field: string;
}

export function createSecretVariable(scope: Construct, id: string, options: SecretVariableOptions): TerraformVariable {
  const { name, field } = options;
  if (Token.isUnresolved(name) || !VARIABLE_NAME.test(name)) throw invalidVariableNameError(field, name, scope.node.path);
  const stack = TerraformStack.of(scope);
  const names = NAMES_BY_STACK.get(stack);
  if (names === name || (typeof names === 'object' && names.has(name))) throw duplicateVariableError(name, field, scope.node.path);
  if (names === undefined) NAMES_BY_STACK.set(stack, name);
  else if (typeof names === 'string') NAMES_BY_STACK.set(stack, new Set([names, name]));
  else names.add(name);
  const variable = new TerraformVariable(scope, id, {
    type: 'string',
    sensitive: true,
    nullable: false,
    description: options.description,
  });
  variable.overrideLogicalId(name);
  if (options.ephemeral) {
    // CDKTF 0.21 has no ephemeral option; Terraform >= 1.10 then keeps the value out of plan files.
    variable.addOverride('ephemeral', true);
    stack.addOverride('terraform.required_version', EPHEMERAL_VARIABLES_REQUIRED_TERRAFORM_VERSION);
  }
  return variable;
}

/** "name" for the default provider, "name_<alias>" (alias made variable-safe) for an aliased one. */
export function defaultVariableName(base: string, alias: string | undefined): string {
  if (alias === undefined || Token.isUnresolved(alias)) return base;
  return `${base}_${alias.replace(/[^A-Za-z0-9_]/g, '_')}`;
}
