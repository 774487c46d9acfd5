// Checks a cloudapi answer against its model at an API version: no unknown field, no missing field, the
// right JSON types. Used by the emulator's tests and by the contract suite against a real VCD.
import { CLOUDAPI_MODELS, PAGE_FIELDS, type CloudapiModelName, type FieldType, type ModelField } from './cloudapi-models';
import { fieldsAt } from './model-projection';

/** Problems found in `value` as a `model` at `apiVersion`; empty when it matches. `path` prefixes messages. */
export function checkModel(model: CloudapiModelName, apiVersion: string, value: unknown, path: string = model): string[] {
  return checkFields(fieldsAt(model, apiVersion), value, path);
}

/** Problems in a paged envelope whose `values` are `model`s. */
export function checkPage(model: CloudapiModelName, apiVersion: string, value: unknown, path = `Page<${model}>`): string[] {
  const problems = checkFields(PAGE_FIELDS, value, path);
  const values = (value as { values?: unknown })?.values;
  if (Array.isArray(values)) values.forEach((item, i) => problems.push(...checkModel(model, apiVersion, item, `${path}.values[${i}]`)));
  return problems;
}

/** Problems in an EntityReferences answer (`values` of `{name, id}`). */
export function checkReferences(apiVersion: string, value: unknown, path = 'EntityReferences'): string[] {
  return checkPage('EntityReference', apiVersion, value, path);
}

function checkFields(fields: readonly ModelField[], value: unknown, path: string): string[] {
  if (!isPlainObject(value)) return [`${path}: expected an object, got ${describe(value)}`];
  const problems: string[] = [];
  const known = new Set(fields.map((field) => field.name));
  for (const key of Object.keys(value)) if (!known.has(key)) problems.push(`${path}.${key}: not a field of the model at this version`);
  for (const field of fields) {
    if (!(field.name in value)) {
      problems.push(`${path}.${field.name}: missing`);
      continue;
    }
    const actual = value[field.name];
    if (actual === null) {
      if (!field.nullable) problems.push(`${path}.${field.name}: null, expected ${field.type}`);
      continue;
    }
    problems.push(...checkType(field.type, actual, `${path}.${field.name}`));
  }
  return problems;
}

function checkType(type: FieldType, value: unknown, path: string): string[] {
  const wrong = (): string[] => [`${path}: expected ${type}, got ${describe(value)}`];
  switch (type) {
    case 'string':
      return typeof value === 'string' ? [] : wrong();
    case 'date-time':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? [] : wrong();
    case 'integer':
      return Number.isInteger(value) ? [] : wrong();
    case 'boolean':
      return typeof value === 'boolean' ? [] : wrong();
    case 'string[]':
      return Array.isArray(value) ? value.flatMap((item, i) => (typeof item === 'string' ? [] : [`${path}[${i}]: expected string, got ${describe(item)}`])) : wrong();
    case 'unknown[]':
      return Array.isArray(value) ? [] : wrong();
    case 'EntityReference':
      return checkFields(CLOUDAPI_MODELS.EntityReference.fields, value, path);
    case 'EntityReference[]':
      return Array.isArray(value) ? value.flatMap((item, i) => checkFields(CLOUDAPI_MODELS.EntityReference.fields, item, `${path}[${i}]`)) : wrong();
    case 'RightsCount':
      return isPlainObject(value) && Number.isInteger(value.view) && Number.isInteger(value.modify) && Object.keys(value).length === 2
        ? []
        : wrong();
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
