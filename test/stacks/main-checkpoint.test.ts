// stacks/main (also run by `cdktf synth` and `npm run synth`) turns HashiCorp checkpoint off before cdktf loads,
// unless the caller set CHECKPOINT_DISABLE already.
describe('stacks/main sets CHECKPOINT_DISABLE', () => {
  const saved = process.env.CHECKPOINT_DISABLE;
  afterEach(() => {
    jest.resetModules();
    if (saved === undefined) delete process.env.CHECKPOINT_DISABLE;
    else process.env.CHECKPOINT_DISABLE = saved;
  });

  /** Loads stacks/main in a fresh module registry; returns CHECKPOINT_DISABLE as cdktf saw it when loaded. */
  function loadMain(): string | undefined {
    let seenByCdktf: string | undefined = 'cdktf was not loaded';
    jest.isolateModules(() => {
      jest.doMock('cdktf', () => {
        seenByCdktf = process.env.CHECKPOINT_DISABLE;
        return jest.requireActual('cdktf');
      });
      require('../../stacks/main');
    });
    return seenByCdktf;
  }

  it('sets it to 1 when unset, before cdktf is loaded', () => {
    delete process.env.CHECKPOINT_DISABLE;
    expect(loadMain()).toBe('1');
    expect(process.env.CHECKPOINT_DISABLE).toBe('1');
  });

  it('keeps a value the caller set', () => {
    process.env.CHECKPOINT_DISABLE = '';
    expect(loadMain()).toBe('');
    expect(process.env.CHECKPOINT_DISABLE).toBe('');
  });
});
