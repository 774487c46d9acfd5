// Builds answers with exactly the fields a model has at the requested API version.
import { compareApiVersions } from '../versions/vcd-releases';
import { CLOUDAPI_MODELS, type CloudapiModelName, type ModelField } from './cloudapi-models';

const cache = new Map<string, readonly ModelField[]>();

/** The fields of `model` served at `apiVersion`, in model order (cached: this runs on every answer). */
export function fieldsAt(model: CloudapiModelName, apiVersion: string): readonly ModelField[] {
  const key = `${model}@${apiVersion}`;
  let fields = cache.get(key);
  if (!fields) {
    fields = CLOUDAPI_MODELS[model].fields.filter((field) => compareApiVersions(field.since, apiVersion) <= 0);
    cache.set(key, fields);
  }
  return fields;
}

/**
 * Keeps from `full` (the newest representation) exactly the fields `model` has at `apiVersion`. A field the
 * version needs but `full` lacks is a bug in the emulator, so it throws rather than answer a short object.
 */
export function projectToModel(model: CloudapiModelName, apiVersion: string, full: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fieldsAt(model, apiVersion)) {
    if (!(field.name in full)) throw new Error(`emulator bug: ${model} at ${apiVersion} needs "${field.name}"`);
    out[field.name] = full[field.name];
  }
  return out;
}
