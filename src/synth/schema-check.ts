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
  const report = (address: string, at: string, message: string): void => { findings.push({ stack, address, path: at, message }); };

  for (const [name, configs] of Object.entries(asRecord(root.provider) ?? {})) {
    const block = schema.provider(name);
    for (const [i, config] of (Array.isArray(configs) ? configs : [configs]).entries()) {
      const address = `provider.${name}${Array.isArray(configs) && configs.length > 1 ? `[${i}]` : ''}`;
      if (!block) { report(address, '', `unknown provider "${name}"`); continue; }
      checkBlock(config, block, PROVIDER_META, '', (at, msg) => report(address, at, msg));
    }
  }
  for (const [kind, meta, lookup, prefix] of [
    ['resource', RESOURCE_META, (t: string) => schema.resource(t), ''],
    ['data', DATA_META, (t: string) => schema.dataSource(t), 'data.'],
  ] as const) {
    for (const [type, instances] of Object.entries(asRecord(root[kind]) ?? {})) {
      const block = lookup(type);
      for (const [name, config] of Object.entries(asRecord(instances) ?? {})) {
        const address = `${prefix}${type}.${name}`;
        if (!block) { report(address, '', `unknown ${kind === 'data' ? 'data source' : 'resource'} type "${type}" (not in schema/vcd-provider-schema.json)`); continue; }
        checkBlock(config, block, meta, '', (at, msg) => report(address, at, msg));
      }
    }
  }
  return findings;
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

function checkBlock(value: unknown, block: BlockSchema, meta: ReadonlySet<string>, at: string, report: Report): void {
  const config = asRecord(value);
  if (!config) { report(at, `expected a block (object), got ${kindOf(value)}`); return; }
  const attributes = block.attributes ?? {};
  const blockTypes = block.block_types ?? {};
  for (const [key, v] of Object.entries(config)) {
    if (meta.has(key)) continue;
    const here = join(at, key);
    if (key === 'dynamic') { checkDynamic(v, blockTypes, here, report); continue; }
    const attr = attributes[key];
    if (attr) {
      if (attr.computed && !attr.optional && !attr.required) report(here, 'is computed by the provider and cannot be set');
      else checkValue(v, attr.type, here, report);
      continue;
    }
    const nested = blockTypes[key];
    if (nested) { checkNested(v, nested, here, report); continue; }
    report(here, 'unknown attribute or block');
  }
  for (const [key, attr] of Object.entries(attributes)) {
    if (attr.required && config[key] === undefined) report(join(at, key), 'required attribute is missing');
  }
  const dynamic = asRecord(config.dynamic) ?? {};
  for (const [key, nested] of Object.entries(blockTypes)) {
    const min = nested.min_items ?? 0;
    if (min > 0 && config[key] === undefined && dynamic[key] === undefined) report(join(at, key), `required block is missing (at least ${min})`);
  }
}

function checkNested(value: unknown, nested: NestedBlockSchema, at: string, report: Report): void {
  if (isExpression(value)) return;
  if (nested.nesting_mode === 'single' || nested.nesting_mode === 'group') {
    const one = Array.isArray(value) && value.length === 1 ? value[0] : value;
    checkBlock(one, nested.block, new Set(), at, report);
    return;
  }
  if (nested.nesting_mode === 'map') {
    const map = asRecord(value);
    if (!map) { report(at, `expected a map of blocks, got ${kindOf(value)}`); return; }
    for (const [k, v] of Object.entries(map)) checkBlock(v, nested.block, new Set(), `${at}["${k}"]`, report);
    return;
  }
  // list/set: cdktf writes an array, or a bare object for a single block.
  const items = Array.isArray(value) ? value : [value];
  const min = nested.min_items ?? 0;
  const max = nested.max_items ?? 0;
  if (items.length < min) report(at, `needs at least ${min} block(s), has ${items.length}`);
  if (max > 0 && items.length > max) report(at, `allows at most ${max} block(s), has ${items.length}`);
  items.forEach((item, i) => checkBlock(item, nested.block, new Set(), `${at}[${i}]`, report));
}

function checkDynamic(value: unknown, blockTypes: Record<string, NestedBlockSchema>, at: string, report: Report): void {
  for (const key of Object.keys(asRecord(value) ?? {})) {
    if (!blockTypes[key]) report(`${at}.${key}`, 'dynamic block for an unknown block type');
  }
}

function checkValue(value: unknown, type: CtyType, at: string, report: Report): void {
  if (value === null || isExpression(value)) return;
  if (typeof type === 'string') {
    switch (type) {
      case 'string': if (typeof value !== 'string') report(at, `expected a string, got ${kindOf(value)}`); return;
      case 'number': if (typeof value !== 'number') report(at, `expected a number, got ${kindOf(value)}`); return;
      case 'bool': if (typeof value !== 'boolean') report(at, `expected a bool, got ${kindOf(value)}`); return;
      default: return; // "dynamic": anything goes
    }
  }
  const [kind, inner] = type;
  if (kind === 'list' || kind === 'set') {
    if (!Array.isArray(value)) { report(at, `expected a ${kind}, got ${kindOf(value)}`); return; }
    value.forEach((v, i) => checkValue(v, inner as CtyType, `${at}[${i}]`, report));
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
      if (!(k in fields)) report(join(at, k), 'unknown object attribute');
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
