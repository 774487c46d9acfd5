// The emulator keeps its own VCD tables on purpose: an oracle must not share the code it checks. This test keeps
// the two sets of facts equal, so a change to one without the other fails here instead of making the emulator
// agree with a mistake.
import {
  ALL_API_VERSIONS as EMULATOR_API_VERSIONS,
  API_TOKENS_MIN_API_VERSION as EMULATOR_MIN_TOKEN_API_VERSION,
  API_VERSION_BY_RELEASE as EMULATOR_API_VERSION_BY_RELEASE,
  DEFAULT_VCD_VERSION as EMULATOR_DEFAULT_VCD_VERSION,
} from '../../src/emulator/versions/vcd-releases';
import {
  RIGHTS_CATALOGUE as EMULATOR_RIGHTS,
  SERVICE_ACCOUNT_RIGHT_LIMITED_VIEW,
  SERVICE_ACCOUNT_RIGHT_MANAGE,
  SERVICE_ACCOUNT_RIGHT_VIEW,
  TOKEN_RIGHT_MANAGE,
  TOKEN_RIGHT_MANAGE_ALL,
} from '../../src/emulator/world/rights-catalogue';
import { vcdVersionFromApiVersion } from '../../src/emulator/world/vcd-version';
import { ApiTokenRight, ServiceAccountRight } from '../../src/vcd';
import { compareVcdVersions, tryParseVcdVersion, type VcdVersion } from '../../src/vcd/vcd-version';
import { DEFAULT_VCD_RELEASE, MIN_TOKEN_API_VERSION, VCD_API_VERSIONS, VCD_RELEASES } from '../../src/vcd/releases';
import { VCD_RIGHTS } from '../../src/vcd/rights';

const v = (text: string): VcdVersion => tryParseVcdVersion(text) as VcdVersion;

test('release → API version: the same for every release the emulator impersonates, and it impersonates every one from 10.3 on', () => {
  const ours = Object.fromEntries(VCD_RELEASES.map((r) => [r.release, r.apiVersion]));
  for (const [release, apiVersion] of Object.entries(EMULATOR_API_VERSION_BY_RELEASE)) {
    expect({ release, apiVersion: ours[release] }).toEqual({ release, apiVersion });
  }
  const fromTokenLine = VCD_RELEASES.filter((r) => compareVcdVersions(v(r.release), v('10.3')) >= 0).map((r) => r.release);
  expect(Object.keys(EMULATOR_API_VERSION_BY_RELEASE).sort()).toEqual([...fromTokenLine].sort());
});

test('the API versions, the first one with tokens and the default release agree', () => {
  expect([...EMULATOR_API_VERSIONS]).toEqual([...VCD_API_VERSIONS]);
  expect(EMULATOR_MIN_TOKEN_API_VERSION).toBe(MIN_TOKEN_API_VERSION);
  expect(EMULATOR_DEFAULT_VCD_VERSION).toBe(DEFAULT_VCD_RELEASE);
});

test("the emulator's API version → release mapping lands on the release line of every release", () => {
  for (const { release, apiVersion } of VCD_RELEASES) {
    const emulated = v(vcdVersionFromApiVersion(apiVersion));
    const line = (x: VcdVersion) => `${x.parts[0]}.${x.parts[1]}`;
    expect({ apiVersion, line: line(emulated) }).toEqual({ apiVersion, line: line(v(release)) });
    expect({ apiVersion, notAfter: compareVcdVersions(emulated, v(release)) <= 0 }).toEqual({ apiVersion, notAfter: true });
  }
});

test('the token and service-account right names are the same', () => {
  expect([TOKEN_RIGHT_MANAGE, TOKEN_RIGHT_MANAGE_ALL]).toEqual([ApiTokenRight.MANAGE_OWN, ApiTokenRight.MANAGE_ALL]);
  expect([SERVICE_ACCOUNT_RIGHT_VIEW, SERVICE_ACCOUNT_RIGHT_MANAGE, SERVICE_ACCOUNT_RIGHT_LIMITED_VIEW]).toEqual([
    ServiceAccountRight.VIEW, ServiceAccountRight.MANAGE, ServiceAccountRight.LIMITED_VIEW,
  ]);
});

test('every right the toolkit knows exists in the emulator, from the same release', () => {
  const emulated = new Map(EMULATOR_RIGHTS.map((r) => [r.name, r.since ?? '10.0']));
  const mismatches = VCD_RIGHTS.filter((r) => !emulated.has(r.name) || compareVcdVersions(v(emulated.get(r.name) as string), v(r.since)) !== 0).map(
    (r) => `${r.name}: toolkit ${r.since}, emulator ${emulated.get(r.name) ?? 'missing'}`,
  );
  expect(mismatches).toEqual([]);
});
