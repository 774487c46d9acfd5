// RBAC endpoints of the emulator under /cloudapi/1.0.0: rights, rights categories, rights bundles, global
// roles, roles, orgs and users.
import type { Router } from '../../http';
import { GLOBAL_ROLE_SPEC, registerPublishableRoutes, RIGHTS_BUNDLE_SPEC } from './publishable-routes';
import { registerOrgRoutes } from './orgs-routes';
import { registerRightsRoutes } from './rights-routes';
import { registerRoleRoutes } from './roles-routes';
import { registerUserRoutes } from './users-routes';

/** Adds every RBAC route to `router`. */
export function registerRbacRoutes(router: Router): void {
  registerRightsRoutes(router);
  registerPublishableRoutes(router, RIGHTS_BUNDLE_SPEC);
  registerPublishableRoutes(router, GLOBAL_ROLE_SPEC);
  registerRoleRoutes(router);
  registerOrgRoutes(router);
  registerUserRoutes(router);
}
