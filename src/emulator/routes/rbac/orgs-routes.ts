// /orgs: the System org sees every org, a tenant only its own.
import { jsonResponse, pagedCollection, type Router } from '../../http';
import { canSeeOrg, notFound, readingCaller } from './access';
import { orgJson } from './representations';

const BASE = '/cloudapi/1.0.0';

export function registerOrgRoutes(router: Router): void {
  router.add('GET', `${BASE}/orgs`, (ctx) => {
    const caller = readingCaller(ctx);
    const orgs = [...ctx.world.orgs.values()].filter((org) => canSeeOrg(caller, org.id));
    return pagedCollection(ctx, orgs, {
      model: 'Orgs',
      toJson: (org) => orgJson(org, ctx.world, ctx.apiVersion),
      fields: { id: (o) => o.id, name: (o) => o.name, displayName: (o) => o.displayName },
    });
  });

  router.add('GET', `${BASE}/orgs/{id}`, (ctx) => {
    const caller = readingCaller(ctx);
    const org = ctx.world.orgs.get(ctx.params.id);
    if (!org || !canSeeOrg(caller, org.id)) notFound(ctx, 'Organization', ctx.params.id);
    return jsonResponse(200, orgJson(org, ctx.world, ctx.apiVersion), {}, ctx.apiVersion);
  });
}
