// Offline stand-in for `terraform validate`: checks every provider, resource and data source block of a
// synthesized stack (cdk.tf.json) against the committed vmware/vcd schema: known attributes and blocks only,
// required ones present, computed-only ones not set, primitive and collection types right (a string holding
// a `${...}` expression counts as any type), nested blocks' min/max items.
// Usable from tests, and from a script: `node dist/src/synth/schema-check.js [cdktf.out]`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot, providerSchemaFile } from './project-root';

export interface SchemaFinding {
  /** Stack name, or "" when checking a bare document. */
  readonly stack: string;
  /** Terraform address, e.g. `vcd_network_routed_v2.net` or `data.vcd_org_vdc.vdc` or `provider.vcd`. */
  readonly address: string;
  /** Path inside the block, e.g. `static_ip_pool[0].start_address`; "" for the block itself. */
  readonly path: string;
  readonly message: string;
}

type CtyType = string | [string, CtyType] | ['object', Record<string, CtyType>];
interface AttributeSchema { type: CtyType; required?: boolean; optional?: boolean; computed?: boolean }
interface BlockSchema { attributes?: Record<string, AttributeSchema>; block_types?: Record<string, NestedBlockSchema> }
interface NestedBlockSchema { nesting_mode: 'single' | 'list' | 'set' | 'map' | 'group'; block: BlockSchema; min_items?: number; max_items?: number }
interface ProviderSchemaDoc {
  provider_schemas: Record<string, { provider: { block: BlockSchema }; resource_schemas: Record<string, { block: BlockSchema }>; data_source_schemas: Record<string, { block: BlockSchema }> }>;
}

/** The committed provider schema, indexed for O(1) look-ups per block. */
export class ProviderSchemaIndex {
  static fromFile(file = providerSchemaFile()): ProviderSchemaIndex {
    return new ProviderSchemaIndex(JSON.parse(fs.readFileSync(file, 'utf8')) as ProviderSchemaDoc);
  }

  private readonly providers = new Map<string, BlockSchema>();
  private readonly resources = new Map<string, BlockSchema>();
  private readonly dataSources = new Map<string, BlockSchema>();

  constructor(doc: ProviderSchemaDoc) {
    for (const [fqpn, p] of Object.entries(doc.provider_schemas)) {
      this.providers.set(fqpn.split('/').pop()!, p.provider.block);
      for (const [type, s] of Object.entries(p.resource_schemas ?? {})) this.resources.set(type, s.block);
      for (const [type, s] of Object.entries(p.data_source_schemas ?? {})) this.dataSources.set(type, s.block);
    }
  }

  provider(name: string): BlockSchema | undefined { return this.providers.get(name); }
  resource(type: string): BlockSchema | undefined { return this.resources.get(type); }
  dataSource(type: string): BlockSchema | undefined { return this.dataSources.get(type); }
}

const RESOURCE_META = new Set(['count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection', '//']);
const DATA_META = new Set(['count', 'for_each', 'depends_on', 'lifecycle', 'provider', '//']);
const PROVIDER_META = new Set(['alias', 'version', '//']);

let defaultIndex: ProviderSchemaIndex | undefined;

/** Checks one synthesized stack document (the parsed cdk.tf.json). Returns [] when it is valid. */
export function checkStackDocument(doc: unknown, stack = '', index?: ProviderSchemaIndex): SchemaFinding[] {
  const schema = index ?? (defaultIndex ??= ProviderSchemaIndex.fromFile());
  const findings: SchemaFinding[] = [];
  const root = asRecord(doc) ?? {};
  // One report function per document, the block's address kept beside it and built only for a finding: a large
  // app checks thousands of valid documents, each with a handful of blocks.
  let where: BlockAddress = { kind: 'provider', type: '', name: '', index: -1 };
  const report: Report = (at, message) => { findings.push({ stack, address: blockAddress(where), path: at, message }); };

  const providers = asRecord(root.provider);
  if (providers !== undefined) {
    for (const name of Object.keys(providers)) {
      const configs = providers[name];
      const block = schema.provider(name);
      const list = Array.isArray(configs) ? configs : [configs];
      for (let i = 0; i < list.length; i++) {
        where = { kind: 'provider', type: name, name: '', index: Array.isArray(configs) && configs.length > 1 ? i : -1 };
        if (!block) { report('', `unknown provider "${name}"`); continue; }
        checkBlock(list[i], block, PROVIDER_META, '', report);
      }
    }
  }
  for (const kind of ['resource', 'data'] as const) {
    const types = asRecord(root[kind]);
    if (types === undefined) continue;
    for (const type of Object.keys(types)) {
      const block = kind === 'data' ? schema.dataSource(type) : schema.resource(type);
      const instances = asRecord(types[type]);
      if (instances === undefined) continue;
      for (const name of Object.keys(instances)) {
        where = { kind, type, name, index: -1 };
        if (!block) { report('', `unknown ${kind === 'data' ? 'data source' : 'resource'} type "${type}" (not in schema/vcd-provider-schema.json)`); continue; }
        checkBlock(instances[name], block, kind === 'data' ? DATA_META : RESOURCE_META, '', report);
      }
    }
  }
  return findings;
}

/** Which block of a document is being checked; `index` is the provider configuration's, or -1 when it has none. */
interface BlockAddress { readonly kind: 'provider' | 'resource' | 'data'; readonly type: string; readonly name: string; readonly index: number }

/** The Terraform address: `provider.vcd`, `provider.vcd[1]`, `vcd_network_routed_v2.net`, `data.vcd_org_vdc.vdc`. */
function blockAddress(b: BlockAddress): string {
  if (b.kind === 'provider') return `provider.${b.type}${b.index >= 0 ? `[${b.index}]` : ''}`;
  return `${b.kind === 'data' ? 'data.' : ''}${b.type}.${b.name}`;
}

/** Checks `<outdir>/stacks/<name>/cdk.tf.json` for the given stacks. @default stackNames - every stack directory */
export function checkSynthOutput(outdir: string, index?: ProviderSchemaIndex, stackNames?: readonly string[]): SchemaFinding[] {
  const stacksDir = path.join(outdir, 'stacks');
  const findings: SchemaFinding[] = [];
  for (const name of stackNames ?? fs.readdirSync(stacksDir).sort()) {
    const file = path.join(stacksDir, name, 'cdk.tf.json');
    if (!fs.existsSync(file)) continue;
    findings.push(...checkStackDocument(JSON.parse(fs.readFileSync(file, 'utf8')), name, index));
  }
  return findings;
}

export function formatSchemaFinding(f: SchemaFinding): string {
  return `${f.stack ? `${f.stack}: ` : ''}${f.address}${f.path ? `.${f.path}` : ''}: ${f.message}`;
}

type Report = (at: string, message: string) => void;

/** A block schema as the checks use it: look-ups by name (Maps: an attribute called "constructor" is just a name), and what is required. */
interface CompiledBlock {
  readonly attributes: ReadonlyMap<string, AttributeSchema>;
  readonly blockTypes: ReadonlyMap<string, NestedBlockSchema>;
  readonly required: readonly string[];
  readonly minBlocks: readonly (readonly [string, number])[];
}

// Compiled once per schema block: a large app checks thousands of documents against the same few blocks.
const compiledBlocks = new WeakMap<BlockSchema, CompiledBlock>();
const NO_META: ReadonlySet<string> = new Set();

function compile(block: BlockSchema): CompiledBlock {
  let c = compiledBlocks.get(block);
  if (c === undefined) {
    const attributes = new Map(Object.entries(block.attributes ?? {}));
    const blockTypes = new Map(Object.entries(block.block_types ?? {}));
    c = {
      attributes,
      blockTypes,
      required: [...attributes].filter(([, a]) => a.required).map(([k]) => k),
      minBlocks: [...blockTypes].filter(([, b]) => (b.min_items ?? 0) > 0).map(([k, b]) => [k, b.min_items as number] as const),
    };
    compiledBlocks.set(block, c);
  }
  return c;
}

// Paths are built only where a finding is reported or a nested value is descended into: the common case, a
// valid document, then costs no string work.
function checkBlock(value: unknown, block: BlockSchema, meta: ReadonlySet<string>, at: string, report: Report): void {
  const config = asRecord(value);
  if (!config) { report(at, `expected a block (object), got ${kindOf(value)}`); return; }
  const c = compile(block);
  for (const key of Object.keys(config)) {
    const v = config[key];
    // undefined: absent, as in the written JSON (documents are also checked in memory, before they are written).
    if (v === undefined || meta.has(key)) continue;
    if (key === 'dynamic') { checkDynamic(v, c.blockTypes, join(at, key), report); continue; }
    const attr = c.attributes.get(key);
    if (attr) {
      if (attr.computed && !attr.optional && !attr.required) report(join(at, key), 'is computed by the provider and cannot be set');
      else checkAttribute(v, attr.type, at, key, report);
      continue;
    }
    const nested = c.blockTypes.get(key);
    if (nested) { checkNested(v, nested, join(at, key), report); continue; }
    report(join(at, key), 'unknown attribute or block');
  }
  for (const key of c.required) if (config[key] === undefined) report(join(at, key), 'required attribute is missing');
  if (c.minBlocks.length === 0) return;
  const dynamic = asRecord(config.dynamic) ?? {};
  for (const [key, min] of c.minBlocks) {
    if (config[key] === undefined && dynamic[key] === undefined) report(join(at, key), `required block is missing (at least ${min})`);
  }
}

function checkNested(value: unknown, nested: NestedBlockSchema, at: string, report: Report): void {
  if (isExpression(value)) return;
  if (nested.nesting_mode === 'single' || nested.nesting_mode === 'group') {
    const one = Array.isArray(value) && value.length === 1 ? value[0] : value;
    checkBlock(one, nested.block, NO_META, at, report);
    return;
  }
  if (nested.nesting_mode === 'map') {
    const map = asRecord(value);
    if (!map) { report(at, `expected a map of blocks, got ${kindOf(value)}`); return; }
    for (const [k, v] of Object.entries(map)) checkBlock(v, nested.block, NO_META, `${at}["${k}"]`, report);
    return;
  }
  // list/set: cdktf writes an array, or a bare object for a single block.
  const items = Array.isArray(value) ? value : [value];
  const min = nested.min_items ?? 0;
  const max = nested.max_items ?? 0;
  if (items.length < min) report(at, `needs at least ${min} block(s), has ${items.length}`);
  if (max > 0 && items.length > max) report(at, `allows at most ${max} block(s), has ${items.length}`);
  items.forEach((item, i) => checkBlock(item, nested.block, NO_META, `${at}[${i}]`, report));
}

function checkDynamic(value: unknown, blockTypes: ReadonlyMap<string, NestedBlockSchema>, at: string, report: Report): void {
  for (const key of Object.keys(asRecord(value) ?? {})) {
    if (!blockTypes.has(key)) report(`${at}.${key}`, 'dynamic block for an unknown block type');
  }
}

/** An attribute `key` of the block at `at`; its path is built only when needed. */
function checkAttribute(value: unknown, type: CtyType, at: string, key: string, report: Report): void {
  if (typeof type === 'string') {
    const problem = primitiveProblem(value, type);
    if (problem !== undefined) report(join(at, key), problem);
    return;
  }
  checkValue(value, type, join(at, key), report);
}

/** Why `value` is not of primitive type `type`, or undefined when it is (null, an expression and "dynamic" always are). */
function primitiveProblem(value: unknown, type: string): string | undefined {
  if (value === null || value === undefined || isExpression(value)) return undefined;
  switch (type) {
    case 'string': return typeof value === 'string' ? undefined : `expected a string, got ${kindOf(value)}`;
    case 'number': return typeof value === 'number' ? undefined : `expected a number, got ${kindOf(value)}`;
    case 'bool': return typeof value === 'boolean' ? undefined : `expected a bool, got ${kindOf(value)}`;
    default: return undefined; // "dynamic": anything goes
  }
}

function checkValue(value: unknown, type: CtyType, at: string, report: Report): void {
  if (value === null || value === undefined || isExpression(value)) return;
  if (typeof type === 'string') {
    const problem = primitiveProblem(value, type);
    if (problem !== undefined) report(at, problem);
    return;
  }
  const [kind, inner] = type;
  if (kind === 'list' || kind === 'set') {
    if (!Array.isArray(value)) { report(at, `expected a ${kind}, got ${kindOf(value)}`); return; }
    const element = inner as CtyType;
    for (let i = 0; i < value.length; i++) {
      if (typeof element === 'string') {
        const problem = primitiveProblem(value[i], element);
        if (problem !== undefined) report(`${at}[${i}]`, problem);
      } else {
        checkValue(value[i], element, `${at}[${i}]`, report);
      }
    }
    return;
  }
  if (kind === 'map') {
    const map = asRecord(value);
    if (!map) { report(at, `expected a map, got ${kindOf(value)}`); return; }
    for (const [k, v] of Object.entries(map)) checkValue(v, inner as CtyType, `${at}["${k}"]`, report);
    return;
  }
  if (kind === 'object') {
    const obj = asRecord(value);
    if (!obj) { report(at, `expected an object, got ${kindOf(value)}`); return; }
    const fields = inner as Record<string, CtyType>;
    for (const [k, v] of Object.entries(obj)) {
      if (!Object.prototype.hasOwnProperty.call(fields, k)) report(join(at, k), 'unknown object attribute');
      else checkValue(v, fields[k], join(at, k), report);
    }
  }
}

function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function join(at: string, key: string): string {
  return at === '' ? key : `${at}.${key}`;
}

if (require.main === module) {
  const outdir = path.resolve(process.argv[2] ?? path.join(projectRoot(), 'cdktf.out'));
  const findings = checkSynthOutput(outdir);
  for (const f of findings) process.stderr.write(`${formatSchemaFinding(f)}\n`);
  process.stdout.write(`${findings.length === 0 ? 'ok' : `${findings.length} problem(s)`}: checked ${path.join(outdir, 'stacks')} against schema/vcd-provider-schema.json\n`);
  process.exit(findings.length === 0 ? 0 : 1);
}
