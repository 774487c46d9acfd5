// The fault matrix's own checks: request slots single out the n-th request of a kind, the slice deals every
// fault over a file's operations, and the invariant flags a live token nobody holds.
import { FAULTS, matrixCells, pathPattern, requestSlots, unheldTokens } from './fault-matrix';

const token = (id: string, name: string, secretHash: string | null = `hash-${id}`) => ({ id, name, secretHash });

test('request slots generalise ids and count earlier requests of the same method and path as skip', () => {
  const slots = requestSlots('emulator', [
    { method: 'GET', url: '/cloudapi/1.0.0/tokens?filter=name%3D%3Dx' },
    { method: 'DELETE', url: '/cloudapi/1.0.0/tokens/urn:vcloud:token:0b7c3f4e-1111-4a4a-9b9b-123456789abc' },
    { method: 'DELETE', url: '/cloudapi/1.0.0/tokens/urn:vcloud:token:9f0e8d7c-2222-4b4b-8c8c-abcdef012345' },
    { method: 'GET', url: '/cloudapi/1.0.0/tokens' },
  ]);
  expect(slots.map((s) => [s.label, s.skip])).toEqual([
    ['#1 GET /cloudapi/1.0.0/tokens', 0],
    ['#2 DELETE /cloudapi/1.0.0/tokens/urn:vcloud:token:<id>', 0],
    ['#3 DELETE /cloudapi/1.0.0/tokens/urn:vcloud:token:<id>', 1],
    ['#4 GET /cloudapi/1.0.0/tokens', 1],
  ]);
  expect(pathPattern('/a/0b7c3f4e-1111-4a4a-9b9b-123456789abc').test('/a/9f0e8d7c-2222-4b4b-8c8c-abcdef012345')).toBe(true);
  expect(pathPattern('/api/versions').test('/api/versionsX')).toBe(false);
});

test('the slice deals every fault once over a file\'s operations, each at least one, on requests spread over each', () => {
  const slots = requestSlots('emulator', Array.from({ length: 12 }, (_, i) => ({ method: 'GET', url: `/r${i}` })));
  const shares = [0, 1, 2].map((index) => matrixCells(slots, FAULTS, false, { index, of: 3 }));
  expect(shares.flat().map((c) => c.fault.name).sort()).toEqual(FAULTS.map((f) => f.name).sort());
  expect(shares.map((cells) => cells.length)).toEqual([3, 3, 3]);
  // Three cells of twelve requests: the 2nd, 6th and 10th, not all on the first.
  expect(shares[0].map((c) => c.slot.label)).toEqual(['#3 GET /r2', '#7 GET /r6', '#11 GET /r10']);
  // More operations than faults: each still runs one cell.
  const many = Array.from({ length: FAULTS.length + 2 }, (_, index) => matrixCells(slots.slice(0, 1), FAULTS, false, { index, of: FAULTS.length + 2 }));
  expect(many.map((cells) => cells.length)).toEqual(many.map(() => 1));
  expect(matrixCells(slots, FAULTS, true)).toHaveLength(12 * FAULTS.length);
});

test('the invariant: held or named with exit 7; new tokens by id, older ones also by name; leftovers only after a failure', () => {
  const fresh = token('urn:vcloud:token:new', 'n~00000001');
  const old = token('urn:vcloud:token:old', 'n~00000002');
  const ids = (list: { id: string }[]) => list.map((t) => t.id);
  // Nobody holds the new token and exit 0: flagged.
  expect(ids(unheldTokens([fresh], new Set(), { exitCode: 0, output: fresh.id }, new Map()))).toEqual([fresh.id]);
  // Held by a file or store.
  expect(unheldTokens([fresh], new Set(['hash-urn:vcloud:token:new']), { exitCode: 0, output: '' }, new Map())).toEqual([]);
  // Named by id with exit 7.
  expect(unheldTokens([fresh], new Set(), { exitCode: 7, output: `revoke ${fresh.id} by hand` }, new Map())).toEqual([]);
  // A new token named only by its name is not enough; an older one is.
  expect(ids(unheldTokens([fresh], new Set(), { exitCode: 7, output: 'tokens created as n may be live' }, new Map()))).toEqual([fresh.id]);
  expect(unheldTokens([old], new Set(), { exitCode: 7, output: 'tokens created as n may be live' }, new Map([[old.id, true]]))).toEqual([]);
  // A leftover nobody held: may stay after a failure, not after success.
  expect(unheldTokens([old], new Set(), { exitCode: 6, output: '' }, new Map([[old.id, false]]))).toEqual([]);
  expect(ids(unheldTokens([old], new Set(), { exitCode: 0, output: '' }, new Map([[old.id, false]])))).toEqual([old.id]);
  // A token the run replaced (held before) must not be left unheld by a failed run.
  expect(ids(unheldTokens([old], new Set(), { exitCode: 6, output: old.id }, new Map([[old.id, true]])))).toEqual([old.id]);
});
