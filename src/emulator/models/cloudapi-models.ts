// Field lists of the cloudapi entities the emulator serves, per API version, as VMware's public OpenAPI models
// define them. Facts only: each field records the first API version the emulator serves it at and what that rests
// on. Sources: the generated clients `@vcd/node-client` (OpenAPI 35.0, npm), `pkg/vcdswaggerclient_36_0` and
// `pkg/vcdswaggerclient_37_2` of github.com/vmware/cloud-provider-for-cloud-director, and VMware's API reference
// pages (developer.broadcom.com) for 38.0+. No public model exists for 33.0/34.0: the 35.0 fields are assumed there.
// Fields a model gained after 37.2 without a public model are not served (see src/emulator/README.md).

/** JSON type of a field; `EntityReference` is `{name, id}`, `RightsCount` is `{view, modify}`. */
export type FieldType =
  | 'string'
  | 'date-time'
  | 'integer'
  | 'boolean'
  | 'string[]'
  | 'EntityReference'
  | 'EntityReference[]'
  | 'RightsCount'
  | 'unknown[]';

export interface ModelField {
  readonly name: string;
  readonly type: FieldType;
  /** First API version the field is served at. */
  readonly since: string;
  /** VCD answers `null` for it in some states (e.g. an unset optional value). @default false */
  readonly nullable?: boolean;
  /** Where the field and its version come from. */
  readonly evidence: string;
}

export interface CloudapiModel {
  readonly name: string;
  /** First API version the entity exists at. */
  readonly since: string;
  readonly fields: readonly ModelField[];
}

const OLDEST = '33.0';
const IN_35 = 'in the 35.0 model (@vcd/node-client), the 36.0 and 37.2 models; 33.0–34.0 assumed';
const IN_36 = 'absent from the 35.0 model, present in the 36.0 and 37.2 models';
const IN_372 = 'absent from the 36.0 model, present in the 37.2 model (37.0/37.1: no public model)';

const f = (name: string, type: FieldType, since: string, evidence: string, nullable = false): ModelField => ({ name, type, since, evidence, nullable });

const PUBLISHABLE_FIELDS: readonly ModelField[] = [
  f('name', 'string', OLDEST, IN_35),
  f('id', 'string', OLDEST, IN_35),
  f('description', 'string', OLDEST, IN_35),
  f('bundleKey', 'string', OLDEST, IN_35),
  f('readOnly', 'boolean', OLDEST, IN_35),
  f('publishAll', 'boolean', OLDEST, IN_35),
];

export const CLOUDAPI_MODELS = {
  EntityReference: {
    name: 'EntityReference',
    since: OLDEST,
    fields: [f('name', 'string', OLDEST, IN_35), f('id', 'string', OLDEST, IN_35)],
  },
  Session: {
    name: 'Session',
    since: OLDEST,
    fields: [
      f('id', 'string', OLDEST, IN_35),
      f('site', 'EntityReference', '37.2', 'absent from the 36.0 model and the 37.0 reference page, present in the 37.2 model'),
      f('user', 'EntityReference', OLDEST, IN_35),
      f('org', 'EntityReference', OLDEST, IN_35),
      f('operatingOrg', 'EntityReference', '39.0', 'API reference: added in 39.0'),
      f('location', 'string', OLDEST, IN_35),
      f('roles', 'string[]', OLDEST, IN_35),
      f('roleRefs', 'EntityReference[]', OLDEST, IN_35),
      f('sessionIdleTimeoutMinutes', 'integer', OLDEST, IN_35),
    ],
  },
  Token: {
    name: 'Token',
    since: OLDEST,
    fields: [
      f('id', 'string', OLDEST, IN_35),
      f('name', 'string', OLDEST, IN_35),
      f('token', 'string', OLDEST, IN_35, true),
      f('expirationTimeUtc', 'date-time', OLDEST, IN_35, true),
      f('requireRotation', 'boolean', '39.0', 'API reference: present from 39.0, absent in 37.3 and 38.0'),
      f('owner', 'EntityReference', OLDEST, IN_35),
      f('username', 'string', OLDEST, IN_35),
      f('userId', 'string', OLDEST, IN_35),
      f('orgName', 'string', OLDEST, IN_35),
      f('org', 'EntityReference', OLDEST, IN_35),
      f('type', 'string', OLDEST, 'in the 35.0 model and the 38.0+ reference; the 36.0/37.2 generated clients omit it, but go-vcloud-director (API 37.0+) reads it and its tests see "REFRESH"'),
    ],
  },
  VcdUser: {
    name: 'VcdUser',
    since: OLDEST,
    fields: [
      f('username', 'string', OLDEST, IN_35),
      f('fullName', 'string', OLDEST, IN_35),
      f('description', 'string', OLDEST, IN_35),
      f('id', 'string', OLDEST, IN_35),
      f('roleEntityRefs', 'EntityReference[]', OLDEST, IN_35),
      f('orgEntityRef', 'EntityReference', OLDEST, IN_35),
      f('password', 'string', OLDEST, `${IN_35}; write-only, always null in answers`, true),
      f('deployedVmQuota', 'integer', OLDEST, IN_35),
      f('storedVmQuota', 'integer', OLDEST, IN_35),
      f('email', 'string', OLDEST, IN_35),
      f('nameInSource', 'string', OLDEST, `${IN_35}; null for local users`, true),
      f('enabled', 'boolean', OLDEST, IN_35),
      f('isGroupRole', 'boolean', OLDEST, IN_35),
      f('providerType', 'string', OLDEST, IN_35),
      f('locked', 'boolean', '37.2', IN_372),
      f('stranded', 'boolean', '37.2', IN_372),
    ],
  },
  Org: {
    name: 'Org',
    since: OLDEST,
    fields: [
      f('id', 'string', OLDEST, IN_35),
      f('name', 'string', OLDEST, IN_35),
      f('displayName', 'string', OLDEST, IN_35),
      f('description', 'string', OLDEST, IN_35),
      f('isEnabled', 'boolean', OLDEST, IN_35),
      f('orgVdcCount', 'integer', '36.0', IN_36),
      f('catalogCount', 'integer', '36.0', IN_36),
      f('vappCount', 'integer', '36.0', IN_36),
      f('runningVMCount', 'integer', '36.0', IN_36),
      f('userCount', 'integer', '36.0', IN_36),
      f('diskCount', 'integer', '37.2', IN_372),
      f('canPublish', 'boolean', '36.0', IN_36),
    ],
  },
  Role: {
    name: 'Role',
    since: OLDEST,
    fields: [
      f('name', 'string', OLDEST, IN_35),
      f('id', 'string', OLDEST, IN_35),
      f('description', 'string', OLDEST, IN_35),
      f('bundleKey', 'string', OLDEST, IN_35),
      f('readOnly', 'boolean', OLDEST, IN_35),
    ],
  },
  // Global roles and rights bundles have the same fields in every model version.
  GlobalRole: { name: 'GlobalRole', since: OLDEST, fields: PUBLISHABLE_FIELDS },
  RightsBundle: { name: 'RightsBundle', since: OLDEST, fields: PUBLISHABLE_FIELDS },
  Right: {
    name: 'Right',
    since: OLDEST,
    fields: [
      f('name', 'string', OLDEST, IN_35),
      f('id', 'string', OLDEST, IN_35),
      f('description', 'string', OLDEST, IN_35),
      f('bundleKey', 'string', OLDEST, IN_35),
      f('category', 'string', OLDEST, IN_35),
      f('serviceNamespace', 'string', OLDEST, IN_35),
      f('rightType', 'string', OLDEST, IN_35),
      f('impliedRights', 'EntityReference[]', OLDEST, IN_35),
    ],
  },
  RightsCategoryNode: {
    name: 'RightsCategoryNode',
    since: OLDEST,
    fields: [
      f('name', 'string', OLDEST, IN_35),
      f('id', 'string', OLDEST, IN_35),
      f('bundleKey', 'string', OLDEST, IN_35),
      f('parent', 'string', OLDEST, `${IN_35}; null for top-level categories`, true),
      f('rightsCount', 'RightsCount', OLDEST, IN_35),
      f('subCategories', 'string[]', OLDEST, IN_35),
    ],
  },
  ServiceAccount: {
    name: 'ServiceAccount',
    since: '37.0',
    fields: [
      f('id', 'string', '37.0', 'API reference 37.1 data structure and the 37.2 model; service accounts start at 37.0 (VCD 10.4)'),
      f('name', 'string', '37.0', 'as id'),
      f('softwareId', 'string', '37.0', 'as id; null with only "Limited Service Accounts View"', true),
      f('softwareVersion', 'string', '37.0', 'as id; null when unset or with the limited view', true),
      f('role', 'EntityReference', '37.0', 'as id'),
      f('uri', 'string', '37.0', 'as id; null when unset or with the limited view', true),
      f('org', 'EntityReference', '37.0', 'as id'),
      f('status', 'string', '37.0', 'as id; null with the limited view', true),
      f('requireRotation', 'boolean', '39.0', 'API reference: present in 39.x'),
    ],
  },
} as const satisfies Record<string, CloudapiModel>;

export type CloudapiModelName = keyof typeof CLOUDAPI_MODELS;

/** Fields of the paged envelope every cloudapi collection answers with (the same in every model version). */
export const PAGE_FIELDS: readonly ModelField[] = [
  f('resultTotal', 'integer', OLDEST, IN_35),
  f('pageCount', 'integer', OLDEST, IN_35),
  f('page', 'integer', OLDEST, IN_35),
  f('pageSize', 'integer', OLDEST, IN_35),
  f('associations', 'unknown[]', OLDEST, IN_35),
  f('values', 'unknown[]', OLDEST, IN_35),
];
