// Installable from a git URL: npm clones the commit, installs its dev dependencies, runs `prepare` (build) and
// packs the result. The tarball must hold the same files as one packed from a built working tree.
import * as fs from 'node:fs';
import { packTarball, ROOT, run, runOk, tempDir } from './consumer-app';

const GIT_TIMEOUT_MS = 10 * 60_000;

const tarFiles = (tarball: string): string[] => runOk('tar', ['-tzf', tarball], ROOT).stdout.split('\n').filter(Boolean).sort();

test('npm pack of the git URL builds the package through `prepare` and packs what npm pack of dist/ packs', () => {
  const work = tempDir('git-url-');
  try {
    const head = runOk('git', ['rev-parse', 'HEAD'], ROOT).stdout.trim();
    const fromGit = run('npm', ['pack', `git+file://${ROOT}#${head}`, '--prefer-offline', '--json', '--loglevel=error', '--pack-destination', work], work);
    expect({ status: fromGit.status, stderr: fromGit.status === 0 ? '' : fromGit.stderr }).toEqual({ status: 0, stderr: '' });
    const [{ filename }] = JSON.parse(fromGit.stdout.slice(fromGit.stdout.indexOf('['))) as [{ filename: string }];
    const gitFiles = tarFiles(`${work}/${filename}`);
    expect(gitFiles).toEqual(expect.arrayContaining(['package/dist/src/index.js', 'package/dist/.gen/providers/vcd/index.js', 'package/schema/vcd-provider-schema.json']));
    const local = tempDir('local-pack-');
    try {
      expect(gitFiles).toEqual(tarFiles(packTarball(local)));
    } finally {
      fs.rmSync(local, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}, GIT_TIMEOUT_MS);
