#!/usr/bin/env node
// `npm run test:cdktn`: the project on CDK Terrain (cdktn, the community fork of the archived CDKTF) instead of
// cdktf 0.21. In a temporary copy of the repository, `cdktf` becomes `npm:cdktn@<version>` (and constructs the
// version cdktn needs), then: install (which builds: the bindings and a type-check against cdktn), the construct,
// stack, synth and API tests, the consumer test (its template switched the same way), and a synth of the example
// config whose output must equal this tree's cdktf 0.21 output except cdktf's version stamp.
// The cdktn library runs on Node 20 (its CLI, cdktn-cli, needs Node >= 22.19; this run does not use a CLI).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CDKTN = { spec: 'npm:cdktn@0.24.0', constructs: '10.7.2' };
const ROOT = path.resolve(__dirname, '..');
/** Not copied: installs, build output and local state (as .gitignore). */
const SKIP = new Set(['node_modules', 'dist', '.gen', 'cdktf.out', 'terraform-state', 'coverage', '.vcd-tokens', '.git']);

function run(command, args, cwd, env = process.env) {
  process.stderr.write(`\n$ (${path.relative(os.tmpdir(), cwd) || cwd}) ${[command, ...args].join(' ')}\n`);
  const r = spawnSync(command, args, { cwd, env, stdio: 'inherit' });
  if (r.error) throw r.error;
  return r.status;
}

function must(status, what) {
  if (status !== 0) throw new Error(`${what} failed (exit ${status})`);
}

function copyProject(to) {
  fs.cpSync(ROOT, to, {
    recursive: true,
    filter: (src) => !(path.dirname(src) === ROOT && (SKIP.has(path.basename(src)) || path.basename(src).startsWith('.gen.tmp-'))) && !src.endsWith('.tsbuildinfo'),
  });
  fs.rmSync(path.join(to, 'package-lock.json'), { force: true }); // resolved afresh for cdktn
  const switchTo = (file, section) => {
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
    pkg[section].cdktf = CDKTN.spec;
    pkg[section].constructs = CDKTN.constructs;
    fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  };
  switchTo(path.join(to, 'package.json'), 'devDependencies');
  switchTo(path.join(to, 'examples', 'consumer-app', 'package.json'), 'dependencies');
}

/** The synthesized tree as { relative path: content }, JSON parsed, with cdktf's version stamp and state paths made comparable. */
function synthOutput(projectRoot, outdir) {
  const files = {};
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files[path.relative(outdir, p)] = normalise(JSON.parse(fs.readFileSync(p, 'utf8')), path.dirname(p), projectRoot);
    }
  };
  walk(outdir);
  return files;
}

function normalise(doc, dir, projectRoot) {
  if (typeof doc.version === 'string' && doc.stacks) doc.version = '<cdktf version>'; // manifest.json
  if (doc['//'] && doc['//'].metadata && doc['//'].metadata.version) doc['//'].metadata.version = '<cdktf version>';
  const local = doc.terraform && doc.terraform.backend && doc.terraform.backend.local;
  if (local && typeof local.path === 'string') local.path = path.relative(projectRoot, path.resolve(dir, local.path));
  return doc;
}

function synth(projectRoot, outdir) {
  must(run(process.execPath, [path.join(projectRoot, 'dist', 'stacks', 'main.js')], projectRoot, { ...process.env, CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: outdir }), `synth in ${projectRoot}`);
  return synthOutput(projectRoot, outdir);
}

function compare(reference, cdktn) {
  const differences = [];
  for (const file of new Set([...Object.keys(reference), ...Object.keys(cdktn)])) {
    if (!(file in reference)) differences.push(`${file}: only in the cdktn output`);
    else if (!(file in cdktn)) differences.push(`${file}: only in the cdktf output`);
    else if (JSON.stringify(reference[file]) !== JSON.stringify(cdktn[file])) differences.push(`${file}: differs`);
  }
  return differences;
}

function main() {
  const keep = process.argv.includes('--keep');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vcd-api-tokens-cdktn-'));
  const copy = path.join(work, 'project');
  let green = false;
  try {
    must(run('npm', ['run', 'build', '--silent'], ROOT), 'build (cdktf 0.21)');
    const reference = synth(ROOT, path.join(work, 'cdktf-0.21.out'));

    copyProject(copy);
    // `prepare` builds: bindings generated for cdktn and the sources type-checked against its declarations.
    must(run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], copy), `npm install with cdktf = ${CDKTN.spec}`);
    const installed = JSON.parse(fs.readFileSync(path.join(copy, 'node_modules', 'cdktf', 'package.json'), 'utf8'));
    if (installed.name !== 'cdktn') throw new Error(`node_modules/cdktf is ${installed.name}@${installed.version}, expected cdktn`);
    process.stderr.write(`\nnode_modules/cdktf is ${installed.name}@${installed.version}, constructs ${CDKTN.constructs}\n`);

    const jest = path.join(copy, 'node_modules', 'jest', 'bin', 'jest.js');
    const env = { ...process.env, CHECKPOINT_DISABLE: '1' };
    const suites = run(process.execPath, [jest, 'test/constructs', 'test/stacks', 'test/synth', 'test/api-report'], copy, env);
    const consumer = run(process.execPath, [jest, '--config', 'test/package/jest.install.config.js', 'test/package/consumer-app'], copy, env);

    const differences = compare(reference, synth(copy, path.join(work, 'cdktn.out')));
    process.stderr.write(differences.length === 0
      ? `\nsynth: the ${Object.keys(reference).length} files of the cdktn output equal the cdktf 0.21 output except the version stamp\n`
      : `\nsynth: the cdktn output differs from the cdktf 0.21 output:\n${differences.map((d) => `  ${d}`).join('\n')}\n`);
    const failed = [suites !== 0 && 'tests', consumer !== 0 && 'consumer test', differences.length > 0 && 'synth comparison'].filter(Boolean);
    green = failed.length === 0;
    process.stderr.write(green ? `\ncdktn ${installed.version}: all green\n` : `\ncdktn ${installed.version}: FAILED: ${failed.join(', ')}\n`);
    return green ? 0 : 1;
  } finally {
    if (green && !keep) fs.rmSync(work, { recursive: true, force: true });
    else process.stderr.write(`(the copy and both outputs are in ${work})\n`);
  }
}

try {
  process.exitCode = main();
} catch (err) {
  process.stderr.write(`test-cdktn: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
