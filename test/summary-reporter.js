// Prints one plain closing line ("Tests: N passed, N failed, N skipped") that CI log readers understand;
// jest's own summary ("N passed, N total") has no failed count when everything passes.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`\nTests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
