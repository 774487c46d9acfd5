// cdktf tooling must never phone home or shell out to terraform from the test suite.
process.env.CHECKPOINT_DISABLE = '1';
