// Every user-facing error and finding of src/constructs, built here and only here (the CONSTRUCT_* codes of the
// toolkit's error model). Each says what is wrong, why it matters and how to fix it. Thrown errors name the
// construct path; findings (validations, annotations) do not, because cdktf prints the path in front of them.
import { VcdApiTokensError } from '../errors/vcd-api-tokens-error';
import { FIRST_API_TOKEN_RELEASE, FIRST_SERVICE_ACCOUNT_RELEASE, LAST_VCD_RELEASE_LINE } from '../vcd/releases';

export const CONSTRUCT_ERROR_CODES = [
  'CONSTRUCT_INVALID_VCD_VERSION',
  'CONSTRUCT_UNSUPPORTED_VCD_VERSION',
  'CONSTRUCT_RIGHT_ABSENT_IN_VERSION',
  /** Warning only: a right the catalogue does not know. */
  'CONSTRUCT_RIGHT_UNKNOWN',
  'CONSTRUCT_INVALID_RIGHT_NAME',
  'CONSTRUCT_PUBLICATION_TARGET',
  'CONSTRUCT_INVALID_TENANT',
  'CONSTRUCT_DUPLICATE_TENANT',
  'CONSTRUCT_INVALID_PROP',
  'CONSTRUCT_DUPLICATE_VARIABLE',
  'CONSTRUCT_RIGHT_NOT_PUBLISHED',
  'CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED',
  'CONSTRUCT_GUARD_AUTH_UNKNOWN',
  'CONSTRUCT_GUARD_SUPPRESSION',
  /** A resource type the environment's VCD release does not have (service accounts before 10.4). */
  'CONSTRUCT_FEATURE_ABSENT_IN_VERSION',
  'CONSTRUCT_DUPLICATE_CDKTF',
] as const;

/** Stable codes of the errors and findings raised by the constructs. */
export type ConstructErrorCode = (typeof CONSTRUCT_ERROR_CODES)[number];

/** Thrown by the constructs for bad input discovered at construction time. */
export class VcdConstructError extends VcdApiTokensError<ConstructErrorCode> {
  /** True for errors from any installed copy of this library (a brand, not the prototype chain). */
  public static isVcdConstructError(x: unknown): x is VcdConstructError {
    return x instanceof VcdConstructError;
  }

  /** Construct path the error is about, when there is one. */
  public readonly constructPath?: string;

  public constructor(code: ConstructErrorCode, message: string, constructPath?: string) {
    super(code, constructPath ? `[${code}] ${constructPath}: ${message}` : `[${code}] ${message}`);
    if (constructPath !== undefined) this.constructPath = constructPath;
  }

  protected override jsonFields(): Record<string, unknown> {
    return this.constructPath === undefined ? {} : { constructPath: this.constructPath };
  }
}

/** Indent of the lines after a finding's first line (below cdktf's `[path] ` prefix). */
const DETAIL_INDENT = '\n    ';

/**
 * A finding for a validation or an annotation: `[CODE] summary` on the first line, then each detail on its own
 * indented line, so a list of findings stays scannable.
 */
export function findingMessage(code: ConstructErrorCode, summary: string, ...details: readonly string[]): string {
  return [`[${code}] ${summary}`, ...details].join(DETAIL_INDENT);
}

const quoted = (value: unknown): string => JSON.stringify(value);

// ---------------------------------------------------------------------------------------------------------
// VCD versions and rights

/** A malformed VCD version; `field` names the prop (or catalogue entry) it came from. */
export function invalidVcdVersionError(text: string, field?: string, path?: string): VcdConstructError {
  return new VcdConstructError('CONSTRUCT_INVALID_VCD_VERSION', invalidVcdVersionText(text, field), path);
}

function invalidVcdVersionText(text: string, field: string | undefined): string {
  return (
    `${field ? `${field}: ` : ''}${quoted(text)} is not a VCD version. Rights differ between releases, so the version must be exact. ` +
    'Write it as major.minor[.patch[.build]], e.g. "10.5", "10.5.1" or "10.6.0.1".'
  );
}

/** Finding: `vcdVersion` is not a version at all. */
export function invalidVcdVersionFinding(text: string): string {
  return findingMessage('CONSTRUCT_INVALID_VCD_VERSION', invalidVcdVersionText(text, 'vcdVersion'));
}

const UNSUPPORTED_WHY =
  `API tokens need VCD ${FIRST_API_TOKEN_RELEASE} or later, and releases after ${LAST_VCD_RELEASE_LINE}.x are VCF Automation, whose rights this library does not know.`;

/** A well-formed version outside the supported range. */
export function unsupportedVcdVersionError(version: string, supportedRange: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_UNSUPPORTED_VCD_VERSION',
    `VCD ${version} is not supported: ${UNSUPPORTED_WHY} Use a version from ${supportedRange}.`,
  );
}

/** Finding: `vcdVersion` is well-formed but outside the supported range. */
export function unsupportedVcdVersionFinding(version: string, supportedRange: string): string {
  return findingMessage(
    'CONSTRUCT_UNSUPPORTED_VCD_VERSION',
    `vcdVersion: VCD ${version} is not supported.`,
    `Why: ${UNSUPPORTED_WHY}`,
    `Fix: use a version from ${supportedRange}.`,
  );
}

/** Finding: rights the catalogue knows to arrive after the environment's release. */
export function rightsAbsentInVersionFinding(version: string, absent: readonly { readonly name: string; readonly since: string }[]): string {
  const one = absent.length === 1;
  return findingMessage(
    'CONSTRUCT_RIGHT_ABSENT_IN_VERSION',
    `VCD ${version} does not have ${one ? 'the right' : 'the rights'} ${absent.map((r) => `${quoted(r.name)} (first in VCD ${r.since})`).join(', ')}.`,
    `Why: the apply would fail looking ${one ? 'it' : 'them'} up.`,
    `Fix: remove ${one ? 'it' : 'them'}, or set vcdVersion to the release the environment really runs if it is newer.`,
  );
}

/** Warning: a right the catalogue does not know (it may come from an extension). */
export function rightUnknownWarning(right: string, version: string): string {
  return findingMessage(
    'CONSTRUCT_RIGHT_UNKNOWN',
    `The rights catalogue does not know ${quoted(right)}, so whether VCD ${version} has it cannot be checked before apply.`,
    'Fix: check the spelling against the VCD rights list, or add it to the catalogue with RightsCatalogue.withEntries(...).',
  );
}

/** A catalogue that lists a right twice. */
export function duplicateCatalogueEntryError(right: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_INVALID_PROP',
    `The rights catalogue lists ${quoted(right)} twice. Each right has one first release; keep one entry.`,
  );
}

/** A blank or space-padded right name. */
export function invalidRightNameError(field: string, index: number, right: unknown, path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_INVALID_RIGHT_NAME',
    `${field}[${index}] ${quoted(right)} is not a right name. VCD looks rights up by exact name, so blank or ` +
      'space-padded names fail the apply. Use the name as VCD lists it, e.g. "API Tokens: Manage".',
    path,
  );
}

/** A role kind other than automation/administrator. */
export function invalidRoleKindError(kind: unknown, path?: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_INVALID_PROP',
    `kind ${quoted(kind)} is not a token role kind. It decides which token rights the role grants. ` +
      'Use "automation" (own tokens) or "administrator" (own and all users\' tokens).',
    path,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Publication targets and names

export function publicationTargetBothError(path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_PUBLICATION_TARGET',
    'both "tenants" and "publishToAllTenants: true" are set. VCD publishes to a list or to everyone, not both. ' +
      'Remove "tenants" to publish to all tenants, or drop "publishToAllTenants" to publish to the listed ones.',
    path,
  );
}

export function publicationTargetNoneError(path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_PUBLICATION_TARGET',
    'neither "tenants" nor "publishToAllTenants: true" is set, so it would be published to no tenant and be ' +
      'of no use. Set "tenants" to the organization names, or "publishToAllTenants: true".',
    path,
  );
}

export function publicationTargetEmptyError(path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_PUBLICATION_TARGET',
    '"tenants" is empty. The provider replaces the whole tenant list on apply, so an empty list unpublishes it ' +
      'from every tenant. List at least one organization name, or set "publishToAllTenants: true".',
    path,
  );
}

export function blankTenantError(field: string, index: number, path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_INVALID_TENANT',
    `${field}[${index}] is blank. VCD resolves tenants by organization name, and a blank name fails the apply. ` +
      'Give the organization name exactly as VCD shows it (case-sensitive).',
    path,
  );
}

export function paddedTenantError(field: string, index: number, name: string, path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_INVALID_TENANT',
    `${field}[${index}] ${quoted(name)} has leading or trailing spaces. Organization names are matched exactly, so ` +
      `the apply would fail to find it. Write ${quoted(name.trim())}.`,
    path,
  );
}

export function duplicateTenantError(field: string, name: string, path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_DUPLICATE_TENANT',
    `${field} lists ${quoted(name)} more than once. Each organization is published to once; a duplicate usually ` +
      'means a typo in another entry. Remove the repeated name.',
    path,
  );
}

/** A blank or space-padded name of a VCD object (bundle, role). */
export function blankObjectNameError(field: string, value: unknown, path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_INVALID_PROP',
    `${field} ${quoted(value)} is blank or space-padded. VCD finds these objects by exact name, so the ` +
      'apply would fail or match nothing. Give a non-empty name without surrounding spaces.',
    path,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Providers and their credential variables

export function unparsableUrlError(path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_INVALID_PROP',
    'url is not a URL (not echoed: it may hold credentials). The provider needs the VCD API endpoint, e.g. "https://vcd.example.com/api".',
    path,
  );
}

export function urlWithCredentialsError(path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_INVALID_PROP',
    'url contains user information ("user:password@"). Credentials in the URL would be written to the ' +
      'synthesized configuration. Remove them; the provider gets credentials from variables or the environment.',
    path,
  );
}

export function insecureUrlError(protocol: string, path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_INVALID_PROP',
    `url uses ${protocol.replace(':', '')}, but credentials must not travel in clear text. Use the https:// endpoint.`,
    path,
  );
}

/** A blank or space-padded provider prop (org, vdc, alias, token file). */
export function blankProviderPropError(field: string, value: unknown, path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_INVALID_PROP',
    `${field} ${quoted(value)} is blank or space-padded; the provider would fail to authenticate or find it. ` +
      'Give the exact value without surrounding spaces.',
    path,
  );
}

export function invalidCredentialsSourceError(credentials: unknown, path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_INVALID_PROP',
    `credentials ${quoted(credentials)} is not a credentials source. Use "variable" (TF_VAR_vcd_user, ` +
      'TF_VAR_vcd_password) or "environment" (VCD_USER, VCD_PASSWORD read by the provider).',
    path,
  );
}

export function invalidTokenSourceError(source: unknown, path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_INVALID_PROP',
    `tokenSource ${quoted(source)} is not a token source. It decides how the token reaches the ` +
      'provider without entering the configuration. Use "variable", "environment", { apiTokenFile: "<path>" } or ' +
      '{ serviceAccountTokenFile: "<path>" }.',
    path,
  );
}

export function invalidVariableNameError(field: string, name: unknown, path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_INVALID_PROP',
    `${field} ${quoted(name)} is not a usable Terraform variable name. Pipelines pass it as ` +
      'TF_VAR_<name>, so use letters, digits and underscores, starting with a letter or underscore.',
    path,
  );
}

export function duplicateVariableError(name: string, field: string, path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_DUPLICATE_VARIABLE',
    `the stack already has a credentials variable ${quoted(name)}, so two providers would share one secret. Give ` +
      `each provider its own ${field}, or give them different aliases (the default name includes the alias).`,
    path,
  );
}

export function invalidTokenFileSourceError(field: string, path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_INVALID_PROP',
    `tokenSource sets both apiTokenFile and serviceAccountTokenFile (${field}). The provider would use the service-account file and ` +
      'ignore the other (it goes by precedence, not by auth_type). Give exactly one.',
    path,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Service accounts

export function serviceAccountRoleError(path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_INVALID_PROP',
    'set exactly one of roleName and roleId. The service account acts with that role in its org; by name it is looked up ' +
      'with the vcd_role data source in the account\'s org (a global role published to the org counts).',
    path,
  );
}

export function invalidSoftwareIdError(value: unknown, path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_INVALID_PROP',
    `softwareId ${quoted(value)} is not a UUID. VCD wants "software_id" to be a UUID naming the software that uses the ` +
      'account. Leave it out to get a stable UUID derived from the construct path.',
    path,
  );
}

export function invalidTokenFileNameError(path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_INVALID_PROP',
    'tokenFileName is blank. With it the provider activates the account at apply time and writes its first token to that ' +
      'file on the machine running the apply; leave it out to authorize the account with the device flow instead.',
    path,
  );
}

/** Finding: a service account in an environment whose VCD release has none. */
export function serviceAccountVersionFinding(version: string): string {
  return findingMessage(
    'CONSTRUCT_FEATURE_ABSENT_IN_VERSION',
    `vcdVersion: VCD ${version} has no service accounts (they arrived in VCD ${FIRST_SERVICE_ACCOUNT_RELEASE}).`,
    'Why: the apply would fail registering it.',
    `Fix: use an API token for this tenant, or set vcdVersion to the release the environment really runs if it is ${FIRST_SERVICE_ACCOUNT_RELEASE} or newer.`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Rights publication

/** A bundle as named in publication findings: its VCD name and where it is declared. */
export interface BundleLabel {
  readonly name: string;
  /** Construct path, or undefined for a bundle declared with declareExternalRightsBundle. */
  readonly path?: string;
}

const bundleList = (bundles: readonly BundleLabel[]): string =>
  bundles.map((b) => `${quoted(b.name)} (${b.path ?? 'external'})`).join(', ');

/** Finding: a role published to a tenant grants a right that no bundle published to that tenant carries. */
export function rightNotPublishedFinding(role: { readonly name: string; readonly path: string }, right: string, tenant: string, bundles: readonly BundleLabel[]): string {
  return findingMessage(
    'CONSTRUCT_RIGHT_NOT_PUBLISHED',
    `Role ${quoted(role.name)} (${role.path}) grants ${quoted(right)} in tenant ${quoted(tenant)}, but no rights bundle published to ${quoted(tenant)} contains it.`,
    bundles.length === 0
      ? `Bundles published to ${quoted(tenant)} in this stack: none.`
      : `Bundles published to ${quoted(tenant)} that lack it: ${bundleList(bundles)}.`,
    "Why: a right works only when it is in both the tenant's rights bundle and the role, so the tenant would get the role without the right.",
    `Fix: add ${quoted(right)} to a rights bundle published to ${quoted(tenant)} (or to all tenants), or stop publishing the role to ${quoted(tenant)}.`,
  );
}

/** Finding: a role published to all tenants grants a right that no bundle published to all tenants carries. */
export function rightNotPublishedToAllFinding(role: { readonly name: string; readonly path: string }, right: string, bundles: readonly BundleLabel[]): string {
  return findingMessage(
    'CONSTRUCT_RIGHT_NOT_PUBLISHED',
    `Role ${quoted(role.name)} (${role.path}) is published to all tenants and grants ${quoted(right)}, but no rights bundle published to all tenants contains it.`,
    bundles.length === 0
      ? 'Bundles published to all tenants in this stack: none.'
      : `Bundles published to all tenants that lack it: ${bundleList(bundles)}.`,
    "Why: a right works only when it is in both the tenant's rights bundle and the role, so tenants would get the role without the right.",
    `Fix: add ${quoted(right)} to a rights bundle published to all tenants, or publish the role only to the tenants whose bundles contain it.`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// ApiTokenAuthGuard

/** The VCD rule the guard enforces, quoted in every finding. */
export const TOKEN_SESSION_RULE =
  'sessions authenticated with an API token or service account can only view users, groups, roles, global ' +
  'roles and rights bundles, and cannot create tokens or manage access control';

const GUARD_FIX =
  'Fix: move it to a platform stack that authenticates with a password (VcdPasswordProvider, auth_type "integrated"); reading it with a data source is allowed.';

/** Finding: a resource token sessions cannot manage, under a token-authenticated provider. */
export function tokenSessionRestrictedFinding(type: string, authType: string, providerPath: string): string {
  return findingMessage(
    'CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED',
    `${type} under auth_type ${quoted(authType)}`,
    `Rule: VCD ${TOKEN_SESSION_RULE}; its provider (${providerPath}) authenticates that way, so the apply would fail.`,
    GUARD_FIX,
  );
}

/** Finding: a restricted resource whose provider cannot be found in the stack. */
export function guardProviderNotFoundFinding(type: string): string {
  return findingMessage(
    'CONSTRUCT_GUARD_AUTH_UNKNOWN',
    `${type} with no vcd provider found in the stack`,
    `Rule: VCD ${TOKEN_SESSION_RULE}; without its provider the resource cannot be checked against that.`,
    `${GUARD_FIX} Or give it an explicit \`provider\` that authenticates with a password.`,
  );
}

/** Finding: a restricted resource whose provider's auth_type is not known at synth. */
export function guardAuthTypeUnknownFinding(type: string, providerPath: string): string {
  return findingMessage(
    'CONSTRUCT_GUARD_AUTH_UNKNOWN',
    `${type} under an auth_type not known at synth`,
    `Rule: VCD ${TOKEN_SESSION_RULE}; the auth_type of its provider (${providerPath}) is not known at synth, so the resource cannot be checked against that.`,
    `${GUARD_FIX} Or set auth_type to a literal value.`,
  );
}

/** Warning: a finding the user suppressed, with their reason. */
export function suppressedFindingWarning(reason: string, finding: string): string {
  return `suppressed: ${reason} — ${finding}`;
}

export function suppressionReasonTooShortError(reason: unknown, minLength: number, path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_GUARD_SUPPRESSION',
    `the suppression reason ${quoted(reason)} is shorter than ${minLength} characters. A suppression turns off a ` +
      'check that prevents failed applies, so it must say why. Write a real reason.',
    path,
  );
}

export function suppressionOfStackError(path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_GUARD_SUPPRESSION',
    'a whole stack or app cannot be exempted from the API-token auth guard; that would hide every finding. ' +
      'Suppress the individual resource or construct instead.',
    path,
  );
}

export function lateSuppressionError(reportedPath: string, path: string): VcdConstructError {
  return new VcdConstructError(
    'CONSTRUCT_GUARD_SUPPRESSION',
    `the API-token auth guard already reported ${reportedPath} in an earlier synth of this app, and ` +
      'that error cannot be withdrawn. Call ApiTokenAuthGuard.suppress() while building the stack, before ' +
      'the first Testing.synth() or app.synth().',
    path,
  );
}

// ---------------------------------------------------------------------------------------------------------
// The cdktf installation

/** A copy of cdktf (or cdktn) loaded in the process: its package directory, version, and who uses it. */
export interface CdktfCopyDescription {
  readonly dir: string;
  readonly version: string;
  readonly role: string;
}

/**
 * More than one copy of cdktf in the process. cdktf keeps aspects under a per-copy symbol, so the guard added
 * through one copy never runs when an App from another copy synthesizes: fail rather than skip it silently.
 */
export function duplicateCdktfError(copies: readonly CdktfCopyDescription[], path: string): VcdConstructError {
  const list = copies.map((c) => `  ${c.dir} (${c.version}): ${c.role}`).join('\n');
  return new VcdConstructError(
    'CONSTRUCT_DUPLICATE_CDKTF',
    `${copies.length} copies of cdktf are loaded in this process:\n${list}\n` +
      'cdktf keeps aspects per copy, so the ApiTokenAuthGuard of vcd-api-tokens would never run in this app and a ' +
      'resource that token sessions cannot manage would synthesize without a word.\n' +
      'Fix: keep exactly one cdktf. `npm ls cdktf` shows who brings each copy. Declare cdktf (and constructs) once in ' +
      'your app, at a version vcd-api-tokens accepts as a peer (cdktf ~0.21.0, or CDK Terrain as ' +
      '"cdktf": "npm:cdktn@~0.24.0"), then run `npm dedupe`; do not install cdktf inside node_modules/vcd-api-tokens ' +
      '(with `npm link` or a file: dependency, install the library from a packed tarball instead).',
    path,
  );
}
