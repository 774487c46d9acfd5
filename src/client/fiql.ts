// FIQL filters for cloudapi collections (docs/vcd-protocol.md#filters-and-paging). Values with FIQL syntax
// characters, spaces, `+` or `*` break VCD's parser, so they are refused instead of being sent half-escaped.
import { VcdError } from './errors';

const UNSAFE = /[,;()=!<>*+\s"'\\]/;

/** The characters a FIQL filter value may hold, for messages. */
export const FIQL_SAFE_CHARACTERS = 'letters, digits, ".", "_", "-", ":", "@" and "~"';

/** Whether `value` can be sent as a FIQL filter value as is. */
export function isFiqlSafe(value: string): boolean {
  return value !== '' && !UNSAFE.test(value) && !/[\u0000-\u001f\u007f]/.test(value);
}

export function assertFiqlValue(what: string, value: string): void {
  if (typeof value !== 'string' || value === '') {
    throw new VcdError('VCD_INVALID_ARGUMENT', `The ${what} filter value is empty.`);
  }
  if (!isFiqlSafe(value)) {
    throw new VcdError(
      'VCD_INVALID_ARGUMENT',
      `The ${what} "${value}" contains characters VCD's FIQL filter cannot carry (, ; ( ) = ! < > * + quotes, backslash or spaces). Use letters, digits, ".", "_", "-", ":" or "@".`,
    );
  }
}

/** `(a==1;b==2;(type==X,type==Y))`; a single clause is not wrapped. */
export function buildTokenFilter(filter: { name?: string; owner?: string; types: readonly string[] }): string {
  const clauses: string[] = [];
  if (filter.name !== undefined) {
    assertFiqlValue('token name', filter.name);
    clauses.push(`name==${filter.name}`);
  }
  if (filter.owner !== undefined) {
    assertFiqlValue('owner name', filter.owner);
    clauses.push(`owner.name==${filter.owner}`);
  }
  if (filter.types.length > 0) {
    for (const t of filter.types) assertFiqlValue('token type', t);
    clauses.push(filter.types.length === 1 ? `type==${filter.types[0]}` : `(${filter.types.map((t) => `type==${t}`).join(',')})`);
  }
  if (clauses.length === 0) return '';
  return clauses.length === 1 ? (clauses[0] as string) : `(${clauses.join(';')})`;
}
