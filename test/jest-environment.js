// jest's node environment, plus a fast exit for jest's worker processes.
//
// When a worker has finished (its event loop is empty: no leaked server, socket or ref'd timer kept it alive),
// Node tears the whole V8 heap down page by page before the process ends. With the module registries of many
// test files that takes 0.2-0.5 s on a busy 2-core machine, past jest's 500 ms grace, and jest then reports
// "A worker process has failed to exit gracefully" although nothing leaked (perf shows Heap::TearDown and
// munmap, no JavaScript). Exiting on 'beforeExit' skips only that teardown: 'beforeExit' comes only once the
// event loop is empty, so a leaked handle still keeps the worker alive and jest still reports it
// (--detectOpenHandles names it); crashes and explicit exits do not emit it and keep Node's own handling.
const { TestEnvironment } = require('jest-environment-node');

const FAST_EXIT = Symbol.for('vcd-api-tokens.test.fastExit');
if (!process[FAST_EXIT]) {
  process[FAST_EXIT] = true;
  process.on('beforeExit', () => process.exit());
}

module.exports = TestEnvironment;
