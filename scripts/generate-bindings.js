#!/usr/bin/env node
// Generates the vmware/vcd TypeScript bindings into .gen/ from the committed provider schema,
// the way `cdktf get` does, but offline: no terraform binary and no registry are needed.
'use strict';
process.env.CHECKPOINT_DISABLE = '1'; // @cdktf/commons would otherwise phone home when loaded.
// Loading @cdktf/commons also runs `terraform version`, which generation does not need: point it at a no-op.
process.env.TERRAFORM_BINARY_NAME = 'true';

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const root = path.resolve(__dirname, '..');
const schemaFile = path.join(root, 'schema', 'vcd-provider-schema.json');
// VCD_BINDINGS_OUTDIR (for the byte-stability test) generates into another directory, replacing it, always:
// the up-to-date stamp is neither checked nor written there. Without it: .gen/, skipped when up to date.
const outDirOverride = process.env.VCD_BINDINGS_OUTDIR;
const outDir = outDirOverride ? path.resolve(outDirOverride) : path.join(root, '.gen');
const stampFile = path.join(outDir, '.schema-sha256');
const PROVIDER = { source: 'vmware/vcd', version: '3.14.1', fqpn: 'registry.terraform.io/vmware/vcd' };

async function main() {
  const schemaText = fs.readFileSync(schemaFile, 'utf8');
  const generatorVersion = require('@cdktf/provider-generator/package.json').version;
  const stamp = crypto.createHash('sha256').update(schemaText).update(generatorVersion).update(fs.readFileSync(__filename)).digest('hex');
  if (!outDirOverride && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return; // up to date

  const schema = JSON.parse(schemaText);
  if (!schema.provider_schemas || !schema.provider_schemas[PROVIDER.fqpn]) {
    throw new Error(`${schemaFile}: expected provider_schemas["${PROVIDER.fqpn}"]`);
  }
  schema.provider_versions = { [PROVIDER.fqpn]: PROVIDER.version };

  const { CodeMaker } = require('codemaker');
  const { ConstructsMakerProviderTarget, TerraformProviderConstraint, Language } = require('@cdktf/commons');
  const { TerraformProviderGenerator } = require('@cdktf/provider-generator/lib/get/generator/provider-generator');

  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, schema);
  const constraint = new TerraformProviderConstraint(`${PROVIDER.source}@${PROVIDER.version}`);
  generator.generate(new ConstructsMakerProviderTarget(constraint, Language.TYPESCRIPT));

  const tmp = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  await generator.save(tmp); // writes providers/vcd/..., the layout `cdktf get` produces
  fs.writeFileSync(path.join(tmp, 'constraints.json'), JSON.stringify({ cdktf: '0.21.0', providers: { [PROVIDER.source]: PROVIDER.version } }, null, 2) + '\n');
  if (!outDirOverride) fs.writeFileSync(path.join(tmp, '.schema-sha256'), stamp);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.renameSync(tmp, outDir);
  process.stderr.write(`generated vmware/vcd ${PROVIDER.version} bindings in ${outDirOverride ? outDir : '.gen'}/providers/vcd\n`);
}

main().catch((err) => {
  process.stderr.write(`generate-bindings: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
