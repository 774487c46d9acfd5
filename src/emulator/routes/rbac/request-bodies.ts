// Parsing and checking of RBAC request bodies; every problem is a 400 naming the field.
import type { RouteContext } from '../../http';
import type { Org, Right, World } from '../../world';
import { badRequest, forbidden } from './access';

/** Body of POST/PUT on roles, global roles and rights bundles. */
export interface DefinitionBody {
  readonly id?: string;
  readonly name: string;
  readonly description?: string;
  readonly bundleKey?: string;
}

export async function readDefinitionBody(ctx: RouteContext, what: string): Promise<DefinitionBody> {
  const body = await readObject(ctx, `a ${what} object like {"name":"…","description":"…"}`);
  const name = body.name;
  if (typeof name !== 'string' || name.trim() === '') badRequest(ctx, `${what}: "name" must be a non-empty string`);
  for (const key of ['id', 'description', 'bundleKey'] as const) {
    if (body[key] !== undefined && body[key] !== null && typeof body[key] !== 'string') badRequest(ctx, `${what}: "${key}" must be a string`);
  }
  return {
    id: typeof body.id === 'string' ? body.id : undefined,
    name,
    description: typeof body.description === 'string' ? body.description : undefined,
    bundleKey: typeof body.bundleKey === 'string' ? body.bundleKey : undefined,
  };
}

/** An EntityReferences body `{"values":[{"name":"…","id":"…"}]}`; `id` wins, `name` is the fallback. */
export async function readReferences(ctx: RouteContext): Promise<ReadonlyArray<{ readonly id?: string; readonly name?: string }>> {
  const body = await readObject(ctx, 'an EntityReferences object like {"values":[{"name":"…","id":"…"}]}');
  const values = body.values;
  if (!Array.isArray(values)) badRequest(ctx, 'EntityReferences: "values" must be an array of {"name","id"}');
  return values.map((value, i) => {
    if (typeof value !== 'object' || value === null) badRequest(ctx, `EntityReferences: values[${i}] must be an object {"name","id"}`);
    const { id, name } = value as { id?: unknown; name?: unknown };
    const validId = typeof id === 'string' && id !== '' ? id : undefined;
    const validName = typeof name === 'string' && name !== '' ? name : undefined;
    if (!validId && !validName) badRequest(ctx, `EntityReferences: values[${i}] needs an "id" (or a "name")`);
    return { id: validId, name: validName };
  });
}

/** Resolves right references to catalogue rights; unknown ones are a 400 listing them. */
export function resolveRights(ctx: RouteContext, world: World, refs: ReadonlyArray<{ readonly id?: string; readonly name?: string }>): Right[] {
  const unknown: string[] = [];
  const rights: Right[] = [];
  for (const ref of refs) {
    const right = ref.id ? world.rights.get(ref.id) : world.findRightByName(ref.name as string);
    if (right) rights.push(right);
    else unknown.push(ref.id ?? (ref.name as string));
  }
  if (unknown.length > 0) badRequest(ctx, `Unknown right(s): ${unknown.join(', ')}`);
  return rights;
}

/**
 * Resolves org references to tenant orgs. An org that does not exist is VCD's missing-entity answer, 403 (INFERRED:
 * VCD documents 403 for "objects specified could not be found"); the System org is a 400. Nothing changes then.
 */
export function resolveTenants(ctx: RouteContext, world: World, refs: ReadonlyArray<{ readonly id?: string; readonly name?: string }>): Org[] {
  const orgs: Org[] = [];
  for (const ref of refs) {
    const org = ref.id ? world.orgs.get(ref.id) : world.findOrgByName(ref.name as string);
    if (!org) {
      forbidden(ctx, `Either you need some or all of the following rights [Organization: View] to perform operations on entity ${ref.id ?? ref.name} or it does not exist`);
    }
    if (org.isProvider) badRequest(ctx, `Cannot publish to the provider organization "${org.name}"; publish to tenants only`);
    orgs.push(org);
  }
  return orgs;
}

async function readObject(ctx: RouteContext, expected: string): Promise<Record<string, unknown>> {
  const body = await ctx.jsonBody<unknown>();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) badRequest(ctx, `The request body must be ${expected}`);
  return body as Record<string, unknown>;
}
