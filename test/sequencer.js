// Jest's default order (slowest known first, else largest file first), except that the type check starts first:
// it is the longest single test and mostly one tsc process, so it should overlap everything else, not trail it.
const Sequencer = require('@jest/test-sequencer').default;

const FIRST = /[\\/]test[\\/]types[\\/]type-check\.test\.ts$/;

class TypeCheckFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    return [...sorted.filter((t) => FIRST.test(t.path)), ...sorted.filter((t) => !FIRST.test(t.path))];
  }
}
module.exports = TypeCheckFirstSequencer;
