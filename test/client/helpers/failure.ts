// Awaits a promise that must reject with a VcdError, and returns that error for the test to inspect.
import { VcdError } from '../../../src/client';

export async function failure(p: Promise<unknown>): Promise<VcdError> {
  const e = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
  expect(VcdError.isVcdError(e)).toBe(true);
  expect(e).toBeInstanceOf(VcdError);
  return e as VcdError;
}
