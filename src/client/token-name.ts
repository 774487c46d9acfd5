// Per-attempt token names. The register answer is the only place a new token's id appears: when it is lost
// (connection reset, timeout, 5xx), VCD may hold a token whose id nobody knows. Every create therefore
// registers `<name>~<8 hex>`, a name no other attempt uses, so that one lookup by that exact name after a
// failure finds this attempt's token and nothing else, without listing the tokens before every create.
// Tokens are still found by the name the user chose: `<name>` matches `<name>` and `<name>~<suffix>`.
import { randomBytes } from 'node:crypto';

/** VCD's limit on `client_name` (the emulator's; VCD's own is a GAP). */
export const MAX_TOKEN_NAME_LENGTH = 128;

const SUFFIX_SEPARATOR = '~';
const SUFFIX = /~[0-9a-f]{8}$/;

/** Longest name a caller may ask for: the attempt suffix takes the rest. */
export const MAX_REQUESTED_TOKEN_NAME_LENGTH = MAX_TOKEN_NAME_LENGTH - 9;

/** `<name>~<8 random hex digits>`. */
export function attemptTokenName(name: string, random: (bytes: number) => Buffer = randomBytes): string {
  return `${name}${SUFFIX_SEPARATOR}${random(4).toString('hex')}`;
}

/** The name a token was asked for: its VCD name without the attempt suffix (names without one are kept). */
export function requestedTokenName(vcdName: string): string {
  return SUFFIX.test(vcdName) ? vcdName.slice(0, -9) : vcdName;
}

/** Was this VCD token created under `name` (by any attempt, or before attempt suffixes existed)? */
export function isTokenNamed(vcdName: string, name: string): boolean {
  return vcdName === name || requestedTokenName(vcdName) === name;
}
