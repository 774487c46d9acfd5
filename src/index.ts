// vcd-api-tokens public API. Data flow: config (src/config) → stacks (stacks/) built from the constructs
// (src/constructs) → cdktf.out; tokens come from the client (src/client) via the bootstrap (src/bootstrap)
// and are handed to Terraform by src/handoff. The emulator (src/emulator) stands in for a real VCD.
export * from './constructs';
export * from './config';
export * from './client';
export * from './bootstrap';
export * from './handoff';
export * from './stores';
export * from './emulator';
export * from './errors';
export * from './synth';
export * from './vcd';
