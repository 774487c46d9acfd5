// The package root, `vcd-api-tokens`: what a CDKTF app needs: the constructs, the environments config, synth,
// the VCD right names and the error model. Other entries (package.json "exports"): `./client`, `./handoff`,
// `./bootstrap`, `./emulator` (test double) and `./provider-vcd` (the vmware/vcd bindings).
// Every entry lists its names explicitly; test/api-report keeps the list under review.
export * from './constructs';
export * from './config';
export * from './synth';
export * from './vcd';
export * from './errors';
