// The package's public surface under review: every name each package.json "exports" entry offers, with its
// shape, must match the committed api-report.md (`npm run api-report` rewrites it after a deliberate change),
// and every props/options interface follows the conventions users of CDK libraries expect.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { packageEntries, PROPS_INTERFACE, propsViolations, readSurface, renderReport, type Surface } from './api-surface';

const REPORT = path.join(__dirname, 'api-report.md');

let surface: Surface;
beforeAll(() => {
  surface = readSurface();
});

test('the public API matches test/api-report/api-report.md (after a deliberate change: npm run api-report)', () => {
  const report = renderReport(surface);
  if (process.env.UPDATE_API_REPORT === '1') fs.writeFileSync(REPORT, report);
  const committed = fs.existsSync(REPORT) ? fs.readFileSync(REPORT, 'utf8') : '';
  expect(report).toBe(committed);
});

test('every entry of the exports map has its declarations and its code, and the report covers each', () => {
  const entries = packageEntries();
  expect(entries.map((e) => e.specifier)).toEqual(expect.arrayContaining(['vcd-api-tokens', 'vcd-api-tokens/client', 'vcd-api-tokens/provider-vcd']));
  for (const entry of entries) {
    expect({ entry: entry.specifier, types: fs.existsSync(entry.typesFile), js: fs.existsSync(entry.jsFile) }).toEqual({ entry: entry.specifier, types: true, js: true });
    expect({ entry: entry.specifier, names: (surface.exports.get(entry.specifier) ?? []).length > 0 }).toEqual({ entry: entry.specifier, names: true });
  }
});

test('the root entry exports no internals', () => {
  const root = (surface.exports.get('vcd-api-tokens') ?? []).map((s) => s.name);
  // Names the issue singled out, and helpers that only the toolkit itself uses.
  for (const internal of [
    'revealSecret', 'registerSecretValue', 'writeFileAtomic', 'findGitWorkTree', 'EMULATOR_DEMO_ADMIN_PASSWORD', 'EMULATOR_DEMO_TENANT_PASSWORD',
    'EmulatorSessionStore', 'TOKEN_MANAGE_RIGHT', 'startEmulator', 'tokenSessionRestrictedResource', 'providerOfResource', 'effectiveVcdAuthType',
    'findUnpublishedRoleRights', 'ensureRightsPublicationValidation', 'projectRoot', 'VcdClient',
  ]) {
    expect({ internal, exported: root.includes(internal) }).toEqual({ internal, exported: false });
  }
  expect(root).toEqual(expect.arrayContaining(['ApiTokenAuthGuard', 'VcdApiTokenProvider', 'ApiTokenRight', 'loadEnvironmentsConfig', 'synthesizeApp', 'renderHcl', 'VcdApiTokensError']));
});

test('no entry exports the internals the issue singled out', () => {
  const internals = [
    'revealSecret', 'registerSecretValue', 'writeFileAtomic', 'findGitWorkTree', 'EMULATOR_DEMO_ADMIN_PASSWORD', 'EMULATOR_DEMO_TENANT_PASSWORD',
    'DEMO_ADMIN_PASSWORD', 'DEMO_TENANT_PASSWORD', 'EmulatorSessionStore', 'SessionStore', 'TOKEN_MANAGE_RIGHT', 'passwordFromEnvironment', 'abandonNewToken',
    'preflightTokenRights', 'MintedTokens', 'revokeReplacedTokens', 'sealForGitHub', 'StoreHttp', 'storeTokenFrom',
  ];
  const leaks = [...surface.exports].flatMap(([entry, symbols]) => symbols.filter((s) => internals.includes(s.name)).map((s) => `${entry}: ${s.name}`));
  expect(leaks).toEqual([]);
});

test('props and options interfaces: readonly, required first, every property described, every optional with @default, lists readonly', () => {
  const problems: string[] = [];
  const seen = new Set<ts.Declaration>();
  for (const symbols of surface.exports.values()) {
    for (const { name, declaration } of symbols) {
      if (!ts.isInterfaceDeclaration(declaration) || !PROPS_INTERFACE.test(name) || seen.has(declaration)) continue;
      seen.add(declaration);
      problems.push(...propsViolations(surface.checker, name, declaration));
    }
  }
  expect(seen.size).toBeGreaterThan(5); // the rule looked at the construct props and the options bags
  expect(problems).toEqual([]);
});

test('the props rule catches each breach (so an empty list above means something)', () => {
  const source = ts.createSourceFile('x.d.ts', [
    'export interface BadProps {',
    '  /** Optional first. @default 1 */ readonly a?: number;',
    '  /** Required after an optional one. */ readonly b: string;',
    '  readonly c?: string;',
    '  /** Mutable. @default - none */ d?: string;',
    '  /** A list. @default [] */ readonly e?: string[];',
    '  /** A union with a list. @default - none */ readonly f?: string | Array<string>;',
    '  /** Fine. @default [] */ readonly g?: readonly string[];',
    '}',
  ].join('\n'), ts.ScriptTarget.ES2022, true);
  const program = ts.createProgram({ rootNames: ['x.d.ts'], options: { noEmit: true, noLib: true, types: [] }, host: singleFileHost(source) });
  const declaration = source.statements[0] as ts.InterfaceDeclaration;
  expect(propsViolations(program.getTypeChecker(), 'BadProps', declaration).sort()).toEqual([
    'BadProps.b: required after the optional BadProps.a',
    'BadProps.c: no description',
    'BadProps.c: optional without @default',
    'BadProps.d: not readonly',
    'BadProps.e: a list must be readonly (readonly T[])',
    'BadProps.f: a list must be readonly (readonly T[])',
  ]);
});

function singleFileHost(source: ts.SourceFile): ts.CompilerHost {
  const host = ts.createCompilerHost({});
  return { ...host, getSourceFile: (name, version) => (name === source.fileName ? source : host.getSourceFile(name, version)), fileExists: (name) => name === source.fileName || host.fileExists(name) };
}
