// Retry backoff is full jitter: a random share of a growing ceiling. Tests that fail a server on every try want
// the attempts, not seconds of waiting between them, so for each test of the calling file that share is zero.
// Retry-After waits are unaffected. The backoff itself is tested in test/client/retry.test.ts.
export function noBackoffWaits(): void {
  beforeEach(() => jest.spyOn(Math, 'random').mockReturnValue(0));
  afterEach(() => jest.restoreAllMocks());
}
