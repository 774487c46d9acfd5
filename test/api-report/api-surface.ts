// Reads the package's public surface the way a consumer sees it: every entry of package.json "exports", through
// its `types` file (the compiled .d.ts in dist/), with the TypeScript checker. Used by the API report test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

export const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = 'vcd-api-tokens';

export interface PackageEntry {
  /** The import specifier a user writes, e.g. `vcd-api-tokens/client`. */
  readonly specifier: string;
  /** Absolute path of the entry's declaration file. */
  readonly typesFile: string;
  /** Absolute path of the entry's JavaScript file. */
  readonly jsFile: string;
}

/** Every entry of package.json "exports" that is code (not `./package.json`), in the map's order. */
export function packageEntries(): PackageEntry[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string | { types: string; default: string }> };
  return Object.entries(pkg.exports)
    .filter((entry): entry is [string, { types: string; default: string }] => typeof entry[1] === 'object')
    .map(([subpath, target]) => ({
      specifier: subpath === '.' ? PACKAGE_NAME : `${PACKAGE_NAME}/${subpath.slice(2)}`,
      typesFile: path.join(ROOT, target.types),
      jsFile: path.join(ROOT, target.default),
    }));
}

export interface ExportedSymbol {
  readonly name: string;
  readonly symbol: ts.Symbol;
  readonly declaration: ts.Declaration;
}

export interface Surface {
  readonly checker: ts.TypeChecker;
  /** Exports per entry specifier, sorted by name. */
  readonly exports: ReadonlyMap<string, readonly ExportedSymbol[]>;
}

export function readSurface(entries: readonly PackageEntry[] = packageEntries()): Surface {
  const program = ts.createProgram(
    entries.map((e) => e.typesFile),
    { strict: true, noEmit: true, skipLibCheck: true, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, types: ['node'] },
  );
  const checker = program.getTypeChecker();
  const exports = new Map<string, ExportedSymbol[]>();
  for (const entry of entries) {
    const source = program.getSourceFile(entry.typesFile);
    if (source === undefined) throw new Error(`${entry.specifier}: ${entry.typesFile} does not exist (run npm run build)`);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    const symbols = moduleSymbol === undefined ? [] : checker.getExportsOfModule(moduleSymbol);
    exports.set(
      entry.specifier,
      symbols
        .map((s) => {
          const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
          const declaration = target.declarations?.[0];
          if (declaration === undefined) throw new Error(`${entry.specifier}: ${s.name} has no declaration`);
          return { name: s.name, symbol: target, declaration };
        })
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
  }
  return { checker, exports };
}

/** The report: per entry, every exported name with its kind and its public shape, one line each. */
export function renderReport(surface: Surface): string {
  const lines: string[] = [
    '# Public API of vcd-api-tokens',
    '',
    'Generated from the compiled declarations of every package.json "exports" entry by test/api-report (`npm run api-report`',
    'rewrites it). A change here is a change to what users can import: review it as such.',
  ];
  for (const [specifier, symbols] of surface.exports) {
    lines.push('', `## ${specifier}`, '');
    for (const s of symbols) lines.push(...describe(surface.checker, s));
  }
  return `${lines.join('\n')}\n`;
}

function describe(checker: ts.TypeChecker, { name, symbol, declaration }: ExportedSymbol): string[] {
  const alias = name === symbol.name ? '' : ` (as ${name})`;
  if (ts.isClassDeclaration(declaration) || ts.isInterfaceDeclaration(declaration)) {
    const kind = ts.isClassDeclaration(declaration) ? 'class' : 'interface';
    const heritage = (declaration.heritageClauses ?? []).map((h) => ` ${text(h)}`).join('');
    const members = declaration.members.filter((m) => !isHidden(m)).map((m) => `  - ${text(m).replace(/;$/, '')}`);
    return [`- ${kind} ${symbol.name}${typeParameters(declaration)}${heritage}${alias}`, ...members];
  }
  if (ts.isModuleDeclaration(declaration) || ts.isSourceFile(declaration)) {
    // `export * as apiToken from './api-token'` (the provider bindings): the namespace and its exported names.
    const inner = checker.getExportsOfModule(symbol).map((s) => s.name).sort();
    return [`- namespace ${name}: ${inner.join(', ')}`];
  }
  if (ts.isTypeAliasDeclaration(declaration) && !ts.isUnionTypeNode(declaration.type)) {
    // Unions computed from a list (the error codes): the members themselves are the contract.
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    if (type.isUnion() && type.types.every((t) => t.isStringLiteral())) {
      const members = type.types.map((t) => JSON.stringify((t as ts.StringLiteralType).value)).sort();
      return [`- type ${symbol.name}${alias} = ${members.join(' | ')}`];
    }
  }
  // Functions (every overload), consts, type aliases, enums: their declarations as the .d.ts states them.
  return (symbol.declarations ?? [declaration]).map((d) => `- ${text(ts.isVariableDeclaration(d) ? d.parent : d).replace(/^export\s+/, '').replace(/^declare\s+/, '').replace(/;$/, '')}${alias}`);
}

/** Declaration text on one line, without comments. */
function text(node: ts.Node): string {
  return node.getText().replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ').replace(/\s+([,;)\]}>])/g, '$1').trim();
}

function typeParameters(declaration: ts.ClassDeclaration | ts.InterfaceDeclaration): string {
  return declaration.typeParameters === undefined ? '' : `<${declaration.typeParameters.map(text).join(', ')}>`;
}

/** Private and protected members, and `#private` brands, are not part of what users can touch. */
function isHidden(member: ts.ClassElement | ts.TypeElement): boolean {
  if (member.name !== undefined && ts.isPrivateIdentifier(member.name)) return true;
  return (ts.getCombinedModifierFlags(member as unknown as ts.Declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0;
}

/** A props or options interface: the arguments bag of a construct, function or class (aws-cdk's conventions apply). */
export const PROPS_INTERFACE = /(Props|Options|Settings)$/;

/**
 * Breaches of the props conventions in one interface: every property readonly, required ones first, each with a
 * description, each optional one with an `@default`, and lists as readonly arrays.
 */
export function propsViolations(checker: ts.TypeChecker, name: string, declaration: ts.InterfaceDeclaration): string[] {
  const problems: string[] = [];
  let sawOptional: string | undefined;
  for (const member of declaration.members) {
    if (!ts.isPropertySignature(member)) continue;
    const prop = `${name}.${member.name.getText()}`;
    const symbol = (member as unknown as { symbol?: ts.Symbol }).symbol;
    const description = symbol === undefined ? '' : ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    const tags = symbol === undefined ? [] : symbol.getJsDocTags(checker).map((t) => t.name);
    if (!(ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Readonly)) problems.push(`${prop}: not readonly`);
    if (description === '') problems.push(`${prop}: no description`);
    if (member.questionToken !== undefined) {
      sawOptional ??= prop;
      if (!tags.includes('default')) problems.push(`${prop}: optional without @default`);
    } else if (sawOptional !== undefined) {
      problems.push(`${prop}: required after the optional ${sawOptional}`);
    }
    if (member.type !== undefined && hasMutableArray(member.type)) problems.push(`${prop}: a list must be readonly (readonly T[])`);
  }
  return problems;
}

function hasMutableArray(node: ts.TypeNode): boolean {
  if (ts.isArrayTypeNode(node)) return true;
  if (ts.isTypeReferenceNode(node) && node.typeName.getText() === 'Array') return true;
  if (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword) return false;
  if (ts.isUnionTypeNode(node) || ts.isIntersectionTypeNode(node)) return node.types.some(hasMutableArray);
  if (ts.isParenthesizedTypeNode(node)) return hasMutableArray(node.type);
  return false;
}
