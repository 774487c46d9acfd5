// JSON shapes of the RBAC resources as VCD's cloudapi returns them (docs/vcd-protocol.md#rights; GOVCD
// types/v56/openapi.go).
import { nameBasedUuid } from '../../world/ids';
import { UNDEFINED_BUNDLE_KEY, type Org, type PublishableRightsSet, type Right, type Role, type User, type World } from '../../world';

/** `{name, id}` as used in EntityReferences bodies and `*EntityRef` fields. */
export interface EntityReference {
  readonly name: string;
  readonly id: string;
}

/** Right categories are ids in VCD; the world keeps category names, so ids are derived from them. */
export function rightsCategoryId(categoryName: string): string {
  return `urn:vcloud:rightsCategory:${nameBasedUuid(`rightsCategory:${categoryName}`)}`;
}

export function rightJson(right: Right): unknown {
  return {
    name: right.name,
    id: right.id,
    description: right.description,
    bundleKey: right.bundleKey,
    category: rightsCategoryId(right.category),
    serviceNamespace: 'com.vmware.cloud',
    rightType: right.rightType,
    impliedRights: [],
  };
}

export interface RightsCategory {
  readonly name: string;
  readonly id: string;
  readonly view: number;
  readonly modify: number;
}

export function rightsCategoryJson(category: RightsCategory): unknown {
  return {
    name: category.name,
    id: category.id,
    bundleKey: UNDEFINED_BUNDLE_KEY,
    parent: null,
    rightsCount: { view: category.view, modify: category.modify },
    subCategories: [],
  };
}

export function roleJson(role: Role): unknown {
  return { id: role.id, name: role.name, description: role.description, bundleKey: role.bundleKey, readOnly: role.readOnly };
}

/** GlobalRole and RightsBundle share the shape. */
export function publishableJson(set: PublishableRightsSet): unknown {
  return {
    id: set.id,
    name: set.name,
    description: set.description,
    bundleKey: set.bundleKey,
    readOnly: set.readOnly,
    publishAll: set.publishAll,
  };
}

export function orgJson(org: Org, world: World): unknown {
  const provider = world.providerOrg();
  return {
    id: org.id,
    name: org.name,
    displayName: org.displayName,
    description: '',
    isEnabled: true,
    orgVdcCount: 0,
    catalogCount: 0,
    vappCount: 0,
    runningVMCount: 0,
    userCount: world.usersOfOrg(org.id).length,
    diskCount: 0,
    managedBy: provider ? reference(provider) : null,
    canManageOrgs: org.isProvider,
    canPublish: false,
  };
}

/** A cloudapi User; the password is write-only and never rendered. */
export function userJson(user: User, world: World): unknown {
  const role = world.roles.get(user.roleId);
  const org = world.orgs.get(user.orgId);
  return {
    id: user.id,
    username: user.name,
    fullName: '',
    description: '',
    email: '',
    roleEntityRef: role ? reference(role) : null,
    orgEntityRef: org ? reference(org) : null,
    password: null,
    enabled: user.enabled,
    providerType: 'LOCAL',
    locked: false,
    stranded: false,
    isExternal: false,
    deployedVmQuota: 0,
    storedVmQuota: 0,
  };
}

export function reference(entity: { readonly name: string; readonly id: string }): EntityReference {
  return { name: entity.name, id: entity.id };
}
