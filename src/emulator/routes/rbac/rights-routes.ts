// /rights and /rightsCategories: the catalogue. Tenants see the rights published to their org (INFERRED);
// the System org sees them all.
import { pagedCollection, jsonResponse, type Router, type RouteContext } from '../../http';
import type { Right } from '../../world';
import { notFound, readingCaller, type Caller } from './access';
import { rightJson, rightsCategoryId, rightsCategoryJson, type RightsCategory } from './representations';

const BASE = '/cloudapi/1.0.0';

export function registerRightsRoutes(router: Router): void {
  router.add('GET', `${BASE}/rights`, (ctx) => {
    const caller = readingCaller(ctx);
    return pagedCollection(ctx, visibleRights(ctx, caller), {
      model: 'Rights',
      toJson: (right) => rightJson(right, ctx.apiVersion),
      fields: {
        id: (r) => r.id,
        name: (r) => r.name,
        rightType: (r) => r.rightType,
        bundleKey: (r) => r.bundleKey,
        category: (r) => rightsCategoryId(r.category),
      },
    });
  });

  router.add('GET', `${BASE}/rights/{id}`, (ctx) => {
    const caller = readingCaller(ctx);
    const right = visibleRights(ctx, caller).find((r) => r.id === ctx.params.id);
    if (!right) notFound(ctx, 'Right', ctx.params.id);
    return jsonResponse(200, rightJson(right, ctx.apiVersion), {}, ctx.apiVersion);
  });

  router.add('GET', `${BASE}/rightsCategories`, (ctx) => {
    const caller = readingCaller(ctx);
    return pagedCollection(ctx, categoriesOf(visibleRights(ctx, caller)), {
      model: 'RightsCategories',
      toJson: (category) => rightsCategoryJson(category, ctx.apiVersion),
      fields: { id: (c) => c.id, name: (c) => c.name },
    });
  });

  // A right's `category` is such an id; clients read the category by it.
  router.add('GET', `${BASE}/rightsCategories/{id}`, (ctx) => {
    const caller = readingCaller(ctx);
    const category = categoriesOf(visibleRights(ctx, caller)).find((c) => c.id === ctx.params.id);
    if (!category) notFound(ctx, 'Rights Category', ctx.params.id);
    return jsonResponse(200, rightsCategoryJson(category, ctx.apiVersion), {}, ctx.apiVersion);
  });
}

/** Rights the caller may list. */
export function visibleRights(ctx: RouteContext, caller: Caller): Right[] {
  const all = [...ctx.world.rights.values()];
  if (caller.isProvider) return all;
  const published = new Set<string>();
  for (const bundle of ctx.world.rightsBundlesPublishedTo(caller.org.id)) for (const id of bundle.rightIds) published.add(id);
  return all.filter((right) => published.has(right.id));
}

function categoriesOf(rights: readonly Right[]): RightsCategory[] {
  const byName = new Map<string, { view: number; modify: number }>();
  for (const right of rights) {
    const counts = byName.get(right.category) ?? { view: 0, modify: 0 };
    if (right.rightType === 'VIEW') counts.view++;
    else counts.modify++;
    byName.set(right.category, counts);
  }
  return [...byName.entries()].map(([name, counts]) => ({ name, id: rightsCategoryId(name), ...counts }));
}
