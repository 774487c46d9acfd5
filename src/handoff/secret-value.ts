// Handoff accepts secrets either as strings or as wrapper objects with `reveal()` (the client's `Secret`),
// so this folder does not depend on the client's class.

/** A secret as handed to the handoff functions. */
export type SecretInput = string | { reveal(): string };

export function revealSecret(secret: SecretInput): string {
  return typeof secret === 'string' ? secret : secret.reveal();
}
