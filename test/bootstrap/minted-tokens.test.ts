// The minted-tokens list under concurrent targets: every add resolves only once a private list holding its entry
// is on disk, and targets that finish together share a write instead of rewriting the list one by one.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as atomicWrite from '../../src/handoff/atomic-write';
import { MINTED_TOKENS_FILE, MintedTokens } from '../../src/bootstrap/minted-tokens';

let tokenDir: string;

beforeEach(() => {
  tokenDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minted-tokens-'));
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(tokenDir, { recursive: true, force: true });
});

const listOnDisk = () => fs.readFileSync(path.join(tokenDir, MINTED_TOKENS_FILE), 'utf8').split('\n').filter((l) => l !== '');
const tokenFiles = (n: number) => Array.from({ length: n }, (_, i) => path.join(tokenDir, `env${i}-tenant.json`));

test('concurrent adds each resolve with their entry on disk, and share writes', async () => {
  const writes = jest.spyOn(atomicWrite, 'writeFileAtomic');
  const minted = new MintedTokens(tokenDir);
  const files = tokenFiles(20);
  const seenOnDisk: boolean[] = [];
  await Promise.all(
    files.map((file, i) =>
      minted.add(file).then(() => {
        seenOnDisk[i] = listOnDisk().includes(file);
      }),
    ),
  );
  expect(seenOnDisk).toEqual(files.map(() => true));
  expect(listOnDisk().sort()).toEqual([...files].sort());
  expect(fs.statSync(path.join(tokenDir, MINTED_TOKENS_FILE)).mode & 0o777).toBe(0o600);
  // Targets that finish in the same tick share one write.
  expect(writes).toHaveBeenCalledTimes(1);
});

test('adds made while a write runs ride on one write after it', async () => {
  const real = atomicWrite.writeFileAtomic;
  let firstOnDisk: () => void = () => undefined;
  const onDisk = new Promise<void>((resolve) => (firstOnDisk = resolve));
  let finishFirst: () => void = () => undefined;
  const writes = jest.spyOn(atomicWrite, 'writeFileAtomic').mockImplementationOnce(async (file, text, options) => {
    await real(file, text, options);
    firstOnDisk();
    await new Promise<void>((resolve) => (finishFirst = resolve));
  });
  const minted = new MintedTokens(tokenDir);
  const [a, b, c] = tokenFiles(3);
  const first = minted.add(a);
  await onDisk;
  const later = [minted.add(b), minted.add(c)];
  // The first write is still running: the later adds wait for a write of their own, not the one without them.
  expect(writes).toHaveBeenCalledTimes(1);
  expect(listOnDisk()).toEqual([a]);
  finishFirst();
  await first;
  await Promise.all(later);
  expect(writes).toHaveBeenCalledTimes(2);
  expect(listOnDisk()).toEqual([a, b, c]);
});

test('an add after the writes settled writes again, and a remove drops the entry', async () => {
  const minted = new MintedTokens(tokenDir);
  const [a, b] = tokenFiles(2);
  await minted.add(a);
  await minted.add(b);
  expect(listOnDisk()).toEqual([a, b]);
  await minted.remove(a);
  expect(listOnDisk()).toEqual([b]);
  // A new instance reads what the last write left.
  expect(new MintedTokens(tokenDir).has(b)).toBe(true);
  expect(new MintedTokens(tokenDir).has(a)).toBe(false);
});

test('a failed write rejects the adds that waited for it, and the next add writes every entry', async () => {
  const minted = new MintedTokens(tokenDir);
  const [a, b, c] = tokenFiles(3);
  jest.spyOn(atomicWrite, 'writeFileAtomic').mockImplementationOnce(() => Promise.reject(new Error('disk full')));
  const first = minted.add(a);
  const second = minted.add(b);
  await expect(first).rejects.toThrow('disk full');
  await expect(second).rejects.toThrow('disk full');
  await minted.add(c);
  expect(listOnDisk()).toEqual([a, b, c]);
});
