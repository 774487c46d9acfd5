// Prints, after the run, a table of every contract check against every target: ✓ matched, ✗ did not, – n/a.
class ContractReporter {
  constructor() {
    this.rows = new Map(); // "file: check" -> Map(target -> mark)
    this.targets = [];
  }

  onTestResult(_test, result) {
    const file = result.testFilePath.split('/').pop().replace(/\.contract\.ts$/, '');
    for (const r of result.testResults) {
      const target = r.ancestorTitles[0] ?? '?';
      if (!this.targets.includes(target)) this.targets.push(target);
      const check = `${file}: ${[...r.ancestorTitles.slice(1), r.title].join(' › ')}`;
      if (!this.rows.has(check)) this.rows.set(check, new Map());
      const mark = r.status === 'passed' ? '✓' : r.status === 'failed' ? '✗' : '–';
      this.rows.get(check).set(target, mark);
    }
  }

  onRunComplete() {
    if (this.rows.size === 0) return;
    const checkWidth = Math.min(100, Math.max(...[...this.rows.keys()].map((k) => k.length)));
    const widths = this.targets.map((t) => Math.max(t.length, 1));
    const cell = (text, width) => text + ' '.repeat(Math.max(0, width - text.length));
    const lines = [
      `${cell('check', checkWidth)} | ${this.targets.map((t, i) => cell(t, widths[i])).join(' | ')}`,
      `${'-'.repeat(checkWidth)}-+-${widths.map((w) => '-'.repeat(w)).join('-+-')}`,
    ];
    for (const [check, marks] of this.rows) {
      const name = check.length > checkWidth ? `${check.slice(0, checkWidth - 1)}…` : check;
      lines.push(`${cell(name, checkWidth)} | ${this.targets.map((t, i) => cell(marks.get(t) ?? ' ', widths[i])).join(' | ')}`);
    }
    process.stdout.write(`\nContract checks (✓ matched, ✗ did not match, – not applicable to that version):\n${lines.join('\n')}\n`);
  }
}
module.exports = ContractReporter;
