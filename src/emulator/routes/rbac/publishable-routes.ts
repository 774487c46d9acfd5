// Rights bundles and global roles: the same resource shape and the same publish operations
// (docs/vcd-protocol.md#rights-bundles-and-publication). Reads: System org, or tenants (with the view right) for
// items published to their org. Changes: System org password sessions holding the edit right.
import { jsonResponse, emptyResponse, pagedCollection, type Router, type RouteContext } from '../../http';
import type { Org, PublishableRightsSet, PublishableRightsSetChanges, World } from '../../world';
import {
  applyChange,
  badRequest,
  forbidden,
  modifyingCaller,
  notFound,
  readingCaller,
  requireAnyRight,
  requireProviderRight,
  type Caller,
} from './access';
import { allReferences, pagedReferences } from './references';
import { publishableJson } from './representations';
import { readDefinitionBody, readReferences, resolveRights, resolveTenants } from './request-bodies';

const BASE = '/cloudapi/1.0.0';

interface PublishableSpec {
  /** URL segment. */
  readonly collection: 'rightsBundles' | 'globalRoles';
  /** Human label for messages. */
  readonly label: string;
  readonly model: string;
  /** The cloudapi model of one item. */
  readonly itemModel: 'RightsBundle' | 'GlobalRole';
  readonly viewRight: string;
  readonly editRight: string;
  readonly items: (world: World) => ReadonlyMap<string, PublishableRightsSet>;
  readonly add: (world: World, input: { name: string; description?: string; bundleKey?: string }) => PublishableRightsSet;
  readonly update: (world: World, id: string, changes: PublishableRightsSetChanges) => PublishableRightsSet;
  readonly remove: (world: World, id: string) => void;
}

export const RIGHTS_BUNDLE_SPEC: PublishableSpec = {
  collection: 'rightsBundles',
  label: 'Rights Bundle',
  model: 'RightsBundles',
  itemModel: 'RightsBundle',
  viewRight: 'Rights Bundle: View',
  editRight: 'Rights Bundle: Edit',
  items: (world) => world.rightsBundles,
  add: (world, input) => world.addRightsBundle(input),
  update: (world, id, changes) => world.updateRightsBundle(id, changes),
  remove: (world, id) => { world.removeRightsBundle(id); },
};

export const GLOBAL_ROLE_SPEC: PublishableSpec = {
  collection: 'globalRoles',
  label: 'Global Role',
  model: 'GlobalRoles',
  itemModel: 'GlobalRole',
  viewRight: 'Global Role: View',
  editRight: 'Global Role: Create, Edit, Delete, or Copy',
  items: (world) => world.globalRoles,
  add: (world, input) => world.addGlobalRole(input),
  update: (world, id, changes) => world.updateGlobalRole(id, changes),
  remove: (world, id) => { world.removeGlobalRole(id); },
};

export function registerPublishableRoutes(router: Router, spec: PublishableSpec): void {
  const root = `${BASE}/${spec.collection}`;
  const item = `${root}/{id}`;

  router.add('GET', root, (ctx) => {
    const caller = readingCaller(ctx);
    const visible = [...spec.items(ctx.world).values()].filter((set) => canSee(ctx, caller, set));
    if (!caller.isProvider) requireAnyRight(ctx, caller, [spec.viewRight]);
    return pagedCollection(ctx, visible, {
      model: spec.model,
      toJson: (set) => publishableJson(set, spec.itemModel, ctx.apiVersion),
      fields: {
        id: (s) => s.id,
        name: (s) => s.name,
        bundleKey: (s) => s.bundleKey,
        publishAll: (s) => String(s.publishAll),
      },
    });
  });

  router.add('POST', root, async (ctx) => {
    modifier(ctx);
    const body = await readDefinitionBody(ctx, spec.label);
    const created = applyChange(ctx, () => spec.add(ctx.world, { name: body.name, description: body.description, bundleKey: body.bundleKey }));
    return jsonResponse(201, publishableJson(created, spec.itemModel, ctx.apiVersion), { Location: `${ctx.baseUrl}${root}/${created.id}` }, ctx.apiVersion);
  });

  router.add('GET', item, (ctx) => jsonResponse(200, publishableJson(visibleItem(ctx), spec.itemModel, ctx.apiVersion), {}, ctx.apiVersion));

  router.add('PUT', item, async (ctx) => {
    modifier(ctx);
    const set = existingItem(ctx);
    const body = await readDefinitionBody(ctx, spec.label);
    if (body.id !== undefined && body.id !== set.id) badRequest(ctx, `The id in the body (${body.id}) does not match the URL (${set.id})`);
    const updated = applyChange(ctx, () => spec.update(ctx.world, set.id, { name: body.name, description: body.description }));
    return jsonResponse(200, publishableJson(updated, spec.itemModel, ctx.apiVersion), {}, ctx.apiVersion);
  });

  router.add('DELETE', item, (ctx) => {
    modifier(ctx);
    const set = existingItem(ctx);
    applyChange(ctx, () => spec.remove(ctx.world, set.id));
    return emptyResponse(204);
  });

  router.add('GET', `${item}/rights`, (ctx) => {
    const set = visibleItem(ctx);
    return pagedReferences(ctx, set.rightIds.map((id) => ctx.world.rights.get(id)).filter(isDefined));
  });

  // POST adds (duplicates ignored, as GOVCD notes); PUT replaces.
  for (const method of ['POST', 'PUT'] as const) {
    router.add(method, `${item}/rights`, async (ctx) => {
      modifier(ctx);
      const set = existingItem(ctx);
      const rights = resolveRights(ctx, ctx.world, await readReferences(ctx));
      const rightIds = method === 'POST' ? [...set.rightIds, ...rights.map((r) => r.id)] : rights.map((r) => r.id);
      const updated = applyChange(ctx, () => spec.update(ctx.world, set.id, { rightIds }));
      return allReferences(ctx, updated.rightIds.map((id) => ctx.world.rights.get(id)).filter(isDefined));
    });
  }

  router.add('GET', `${item}/tenants`, (ctx) => {
    const caller = readingCaller(ctx);
    if (!caller.isProvider) forbidden(ctx, `Only the System organization can list the tenants of a ${spec.label}`);
    return pagedReferences(ctx, ctx.world.publishedTenants(existingItem(ctx)));
  });

  // Publication changes. GAP: the exact answers of publish/unpublish/publishAll/unpublishAll are not
  // documented; the emulator answers 200 with the tenants it is published to afterwards (INFERRED).
  const publication = (path: string, method: 'POST' | 'PUT', change: (set: PublishableRightsSet, tenants: () => Promise<Org[]>, world: World) => Promise<PublishableRightsSetChanges>): void => {
    router.add(method, `${item}/${path}`, async (ctx) => {
      modifier(ctx);
      const set = existingItem(ctx);
      const changes = await change(set, async () => resolveTenants(ctx, ctx.world, await readReferences(ctx)), ctx.world);
      const updated = applyChange(ctx, () => spec.update(ctx.world, set.id, changes));
      return allReferences(ctx, ctx.world.publishedTenants(updated));
    });
  };
  publication('tenants', 'PUT', async (_set, tenants) => ({ publishAll: false, tenantOrgIds: (await tenants()).map((o) => o.id) }));
  publication('tenants/publish', 'POST', async (set, tenants) => ({ tenantOrgIds: [...set.tenantOrgIds, ...(await tenants()).map((o) => o.id)] }));
  // Unpublishing one tenant from a publishAll item turns it into an explicit list of the others (INFERRED).
  publication('tenants/unpublish', 'POST', async (set, tenants, world) => {
    const removed = new Set((await tenants()).map((o) => o.id));
    const current = set.publishAll ? world.publishedTenants(set).map((o) => o.id) : set.tenantOrgIds;
    return { publishAll: false, tenantOrgIds: current.filter((id) => !removed.has(id)) };
  });
  publication('tenants/publishAll', 'POST', async () => ({ publishAll: true }));
  publication('tenants/unpublishAll', 'POST', async () => ({ publishAll: false, tenantOrgIds: [] }));

  function modifier(ctx: RouteContext): Caller {
    const caller = modifyingCaller(ctx);
    requireProviderRight(ctx, caller, spec.editRight, `modify a ${spec.label}`);
    return caller;
  }

  function existingItem(ctx: RouteContext): PublishableRightsSet {
    const set = spec.items(ctx.world).get(ctx.params.id);
    if (!set) notFound(ctx, spec.label, ctx.params.id);
    return set;
  }

  function visibleItem(ctx: RouteContext): PublishableRightsSet {
    const caller = readingCaller(ctx);
    const set = spec.items(ctx.world).get(ctx.params.id);
    if (!set || !canSee(ctx, caller, set)) notFound(ctx, spec.label, ctx.params.id);
    if (!caller.isProvider) requireAnyRight(ctx, caller, [spec.viewRight]);
    return set;
  }
}

function canSee(ctx: RouteContext, caller: Caller, set: PublishableRightsSet): boolean {
  return caller.isProvider || ctx.world.isPublishedTo(set, caller.org.id);
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
