// Renders a synthesized stack (the Terraform JSON document) as formatted HCL, the way `terraform fmt` lays it
// out: two-space indents and aligned `=` in runs of one-line attributes. cdktf 0.21's own HCL output drops
// overrides such as `required_version` and `nullable`, so `--hcl` uses this instead, and users' own apps call
// renderHcl(outdir) after a JSON synth. Knowing which keys are nested blocks (not attributes) needs the
// provider schema.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { manifestFile, readCdktfManifest } from './manifest';
import { ProviderSchemaIndex } from './schema-check';
import { SynthError } from './synth-error';

/**
 * Turns every stack of a JSON synth in `outdir` into formatted HCL: writes `cdk.tf`, removes `cdk.tf.json`
 * (Terraform would load both) and points cdktf's manifest at the new file, so `cdktf deploy` and
 * `terraform -chdir` work on it. For apps synthesized without cdktf's `hclOutput` (which is broken in 0.21).
 * Returns the files written.
 */
export function renderHcl(outdir: string, schema: ProviderSchemaIndex = ProviderSchemaIndex.fromFile()): string[] {
  const root = path.resolve(outdir);
  const manifest = readCdktfManifest(root);
  const stacks = Object.values(manifest.stacks).map((stack) => {
    const jsonFile = path.join(root, stack.synthesizedStackPath);
    if (!jsonFile.endsWith('.json')) {
      throw new SynthError(
        'SYNTH_NO_JSON_OUTPUT',
        `Stack ${stack.name} was synthesized as HCL by cdktf itself (${jsonFile}), which renderHcl cannot read. Create the App without hclOutput and call renderHcl(outdir) after app.synth().`,
      );
    }
    return { stack, jsonFile, hclFile: path.join(path.dirname(jsonFile), 'cdk.tf') };
  });
  // The manifest first: should rendering stop half-way, the next synth still knows to clear the cdk.tf files.
  for (const { stack, hclFile } of stacks) stack.synthesizedStackPath = path.relative(root, hclFile);
  fs.writeFileSync(manifestFile(root), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const { jsonFile, hclFile } of stacks) {
    fs.writeFileSync(hclFile, renderStackHcl(JSON.parse(fs.readFileSync(jsonFile, 'utf8')), schema));
    fs.rmSync(jsonFile, { force: true });
  }
  return stacks.map((s) => s.hclFile);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };
interface BlockShape { attributes?: Record<string, unknown>; block_types?: Record<string, { block: BlockShape }> }

type Line = { kind: 'attr'; key: string; value: string[] } | { kind: 'raw'; lines: string[] };

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const INDENT = '  ';

export function renderStackHcl(doc: unknown, schema: ProviderSchemaIndex): string {
  const root = asObj(doc as Json) ?? {};
  const sections: string[][] = [];
  const terraform = asObj(root.terraform);
  if (terraform) sections.push(renderTerraform(terraform));
  for (const [name, v] of entries(root.variable)) sections.push(block(['variable', name], variableBody(asObj(v) ?? {})));
  if (asObj(root.locals)) sections.push(block(['locals'], attrs(asObj(root.locals)!)));
  for (const [name, configs] of entries(root.provider)) {
    for (const config of Array.isArray(configs) ? configs : [configs]) {
      sections.push(block(['provider', name], configBody(asObj(config) ?? {}, schema.provider(name) as BlockShape | undefined, new Set(['alias', 'version']))));
    }
  }
  for (const [kind, lookup] of [['data', (t: string) => schema.dataSource(t)], ['resource', (t: string) => schema.resource(t)]] as const) {
    for (const [type, instances] of entries(root[kind])) {
      for (const [name, config] of entries(instances)) {
        sections.push(block([kind, type, name], configBody(asObj(config) ?? {}, lookup(type) as BlockShape | undefined, META)));
      }
    }
  }
  for (const [name, v] of entries(root.output)) sections.push(block(['output', name], outputBody(asObj(v) ?? {})));
  return sections.map((s) => s.join('\n')).join('\n\n') + '\n';
}

const META = new Set(['count', 'for_each', 'provider', 'depends_on']);

function renderTerraform(t: Obj): string[] {
  const body: Line[] = [];
  for (const [key, value] of Object.entries(t)) {
    if (key === 'backend' || key === 'cloud') {
      for (const [type, config] of entries(value)) body.push({ kind: 'raw', lines: block([key, type], attrs(asObj(config) ?? {})) });
    } else if (key === 'required_providers') {
      body.push({ kind: 'raw', lines: block(['required_providers'], attrs(asObj(value) ?? {})) });
    } else {
      body.push(attr(key, value));
    }
  }
  return block(['terraform'], body);
}

function variableBody(v: Obj): Line[] {
  const body: Line[] = [];
  for (const [key, value] of Object.entries(v)) {
    if (key === 'type' && typeof value === 'string') body.push({ kind: 'attr', key, value: [value] });
    else if (key === 'validation') for (const item of toArray(value)) body.push({ kind: 'raw', lines: block(['validation'], attrs(asObj(item) ?? {})) });
    else body.push(attr(key, value));
  }
  return body;
}

function outputBody(o: Obj): Line[] {
  return Object.entries(o).map(([key, value]) => (key === 'depends_on' ? referenceList(key, value) : attr(key, value)));
}

function configBody(config: Obj, shape: BlockShape | undefined, meta: ReadonlySet<string>): Line[] {
  const body: Line[] = [];
  const blockTypes = shape?.block_types ?? {};
  for (const [key, value] of Object.entries(config)) {
    if (key === '//') continue;
    if (meta.has(key)) {
      if (key === 'depends_on') body.push(referenceList(key, value));
      else if (key === 'provider' && typeof value === 'string') body.push({ kind: 'attr', key, value: [value.replace(/^\$\{(.*)\}$/, '$1')] });
      else body.push(attr(key, value));
    } else if (key === 'lifecycle') {
      body.push({ kind: 'raw', lines: block(['lifecycle'], Object.entries(asObj(value) ?? {}).map(([k, v]) => (k === 'ignore_changes' || k === 'replace_triggered_by' ? referenceList(k, v) : attr(k, v)))) });
    } else if (blockTypes[key]) {
      for (const item of toArray(value)) body.push({ kind: 'raw', lines: block([key], configBody(asObj(item) ?? {}, blockTypes[key].block, new Set())) });
    } else {
      body.push(attr(key, value));
    }
  }
  return body;
}

function attrs(o: Obj): Line[] {
  return Object.entries(o).map(([k, v]) => attr(k, v));
}

function attr(key: string, value: Json): Line {
  return { kind: 'attr', key: IDENT.test(key) ? key : quote(key), value: renderValue(value) };
}

/** depends_on and friends: references, written bare. */
function referenceList(key: string, value: Json): Line {
  const refs = toArray(value).map((r) => (typeof r === 'string' ? r.replace(/^\$\{(.*)\}$/, '$1') : renderValue(r).join('\n')));
  return { kind: 'attr', key, value: refs.length === 0 ? ['[]'] : ['[', ...refs.map((r) => `${INDENT}${r},`), ']'] };
}

function block(labels: string[], body: Line[]): string[] {
  const head = [labels[0], ...labels.slice(1).map(quote)].join(' ');
  if (body.length === 0) return [`${head} {}`];
  return [`${head} {`, ...renderBody(body).map((l) => (l === '' ? '' : INDENT + l)), '}'];
}

/** Aligns `=` across runs of one-line attributes, as terraform fmt does; blocks and multi-line values break runs. */
function renderBody(body: Line[]): string[] {
  const out: string[] = [];
  let run: { key: string; value: string }[] = [];
  const flush = (): void => {
    const width = Math.max(0, ...run.map((a) => a.key.length));
    for (const a of run) out.push(`${a.key.padEnd(width)} = ${a.value}`);
    run = [];
  };
  body.forEach((line, i) => {
    if (line.kind === 'attr' && line.value.length === 1) { run.push({ key: line.key, value: line.value[0] }); return; }
    flush();
    if (line.kind === 'attr') {
      out.push(`${line.key} = ${line.value[0]}`, ...line.value.slice(1));
    } else {
      if (i > 0 && out.length > 0 && out[out.length - 1] !== '') out.push('');
      out.push(...line.lines);
      if (i < body.length - 1) out.push('');
    }
  });
  flush();
  return out;
}

function renderValue(value: Json): string[] {
  if (value === null) return ['null'];
  if (typeof value === 'boolean' || typeof value === 'number') return [String(value)];
  if (typeof value === 'string') return [renderString(value)];
  if (Array.isArray(value)) {
    if (value.length === 0) return ['[]'];
    const items = value.map(renderValue);
    if (items.length === 1 && items[0].length === 1 && items[0][0].length <= 60) return [`[${items[0][0]}]`];
    const lines = ['['];
    for (const item of items) item.forEach((l, j) => lines.push(INDENT + l + (j === item.length - 1 ? ',' : '')));
    lines.push(']');
    return lines;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return ['{}'];
  const lines = renderBody(keys.map((k) => attr(k, value[k])));
  return ['{', ...lines.map((l) => INDENT + l), '}'];
}

/** A string that is exactly one `${…}` becomes a bare expression; anything else stays a template string. */
function renderString(s: string): string {
  if (s.startsWith('${') && s.endsWith('}') && closingBrace(s, 1) === s.length - 1) return s.slice(2, -1);
  return quote(s);
}

function closingBrace(s: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

function quote(s: string): string {
  // Terraform JSON strings are templates with the same ${…}/%{…} syntax as HCL, so only JSON escapes change.
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

function asObj(v: Json | undefined): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined;
}

function entries(v: Json | undefined): [string, Json][] {
  return Object.entries(asObj(v) ?? {});
}

function toArray(v: Json): Json[] {
  return Array.isArray(v) ? v : [v];
}
