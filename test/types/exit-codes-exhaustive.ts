// Every error code has an exit code, checked by the type check of the tests (test/types/type-check.test.ts): a code
// added to an area's union, or a whole new area added to ErrorCode, without an entry in EXIT_CODE_BY_ERROR_CODE
// makes `npm test` fail here, whatever the map's own annotation says. The @ts-expect-error lines show the check
// fails for a code the map lacks (tsc reports an unused @ts-expect-error, so they cannot pass vacuously).
import type { EXIT_CODE_BY_ERROR_CODE } from '../../src/cli';
import type { ErrorCode } from '../../src/errors/error-code';

/** `true` when every code of `Codes` is a key of `Map`, else the codes it lacks. */
type CodesWithoutExitCode<Map, Codes extends string> = [Exclude<Codes, keyof Map>] extends [never] ? true : Exclude<Codes, keyof Map>;

export const everyErrorCodeHasAnExitCode: CodesWithoutExitCode<typeof EXIT_CODE_BY_ERROR_CODE, ErrorCode> = true;

// @ts-expect-error a code added to an area's union without an exit code
export const newCodeInAnArea: CodesWithoutExitCode<typeof EXIT_CODE_BY_ERROR_CODE, ErrorCode | 'VCD_SOMETHING_NEW'> = true;

// @ts-expect-error a new area of codes without exit codes
export const newArea: CodesWithoutExitCode<typeof EXIT_CODE_BY_ERROR_CODE, ErrorCode | 'NEWAREA_FAILED' | 'NEWAREA_REFUSED'> = true;
