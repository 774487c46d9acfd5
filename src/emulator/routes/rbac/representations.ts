// JSON shapes of the RBAC resources as VCD's cloudapi returns them, with the fields of the requested API version
// (src/emulator/models/cloudapi-models.ts;
// docs/vcd-protocol.md#rights).
import { projectToModel } from '../../models/model-projection';
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

export function rightJson(right: Right, apiVersion: string): unknown {
  return projectToModel('Right', apiVersion, {
    name: right.name,
    id: right.id,
    description: right.description,
    bundleKey: right.bundleKey,
    category: rightsCategoryId(right.category),
    serviceNamespace: 'com.vmware.cloud',
    rightType: right.rightType,
    impliedRights: [],
  });
}

export interface RightsCategory {
  readonly name: string;
  readonly id: string;
  readonly view: number;
  readonly modify: number;
}

export function rightsCategoryJson(category: RightsCategory, apiVersion: string): unknown {
  return projectToModel('RightsCategoryNode', apiVersion, {
    name: category.name,
    id: category.id,
    bundleKey: UNDEFINED_BUNDLE_KEY,
    parent: null,
    rightsCount: { view: category.view, modify: category.modify },
    subCategories: [],
  });
}

export function roleJson(role: Role, apiVersion: string): unknown {
  return projectToModel('Role', apiVersion, { id: role.id, name: role.name, description: role.description, bundleKey: role.bundleKey, readOnly: role.readOnly });
}

/** GlobalRole and RightsBundle share the shape. */
export function publishableJson(set: PublishableRightsSet, model: 'GlobalRole' | 'RightsBundle', apiVersion: string): unknown {
  return projectToModel(model, apiVersion, {
    id: set.id,
    name: set.name,
    description: set.description,
    bundleKey: set.bundleKey,
    readOnly: set.readOnly,
    publishAll: set.publishAll,
  });
}

/** Org counts: the emulator has no VDCs, catalogs, vApps or disks, so those are 0. */
export function orgJson(org: Org, world: World, apiVersion: string): unknown {
  return projectToModel('Org', apiVersion, {
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
    canPublish: org.isProvider,
  });
}

/** A cloudapi VcdUser; the password is write-only and never rendered. */
export function userJson(user: User, world: World, apiVersion: string): unknown {
  const role = world.findRoleById(user.roleId);
  const org = world.orgs.get(user.orgId);
  return projectToModel('VcdUser', apiVersion, {
    username: user.name,
    fullName: '',
    description: '',
    id: user.id,
    roleEntityRefs: role ? [reference(role)] : [],
    orgEntityRef: org ? reference(org) : null,
    password: null,
    deployedVmQuota: 0,
    storedVmQuota: 0,
    email: '',
    nameInSource: null,
    enabled: user.enabled,
    isGroupRole: false,
    providerType: 'LOCAL',
    locked: false,
    stranded: false,
  });
}

export function reference(entity: { readonly name: string; readonly id: string }): EntityReference {
  return { name: entity.name, id: entity.id };
}
