/** A response a route handler returns; the server writes it (or a fault rewrites it first). */
export interface HttpResponse {
  readonly status: number;
  /** Header names in any case; arrays become repeated header lines (e.g. several `Link`). */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string | Buffer;
}

/** JSON body with VCD's versioned media type when an API version is known. */
export function jsonResponse(
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string | readonly string[]>> = {},
  apiVersion?: string,
  mediaType = 'application/json',
): HttpResponse {
  const contentType = apiVersion ? `${mediaType};version=${apiVersion}` : mediaType;
  return { status, headers: { 'Content-Type': contentType, ...headers }, body: JSON.stringify(value) };
}

/** XML body (legacy /api). */
export function xmlResponse(
  status: number,
  xml: string,
  mediaType = 'application/xml',
  apiVersion?: string,
): HttpResponse {
  const contentType = apiVersion ? `${mediaType};version=${apiVersion}` : mediaType;
  return { status, headers: { 'Content-Type': contentType }, body: `<?xml version="1.0" encoding="UTF-8"?>\n${xml}` };
}

/** No body at all (204, or 401 on a failed login which VCD answers without a body). */
export function emptyResponse(status: number, headers: Readonly<Record<string, string>> = {}): HttpResponse {
  return { status, headers };
}

/** The cloudapi error object `{minorErrorCode, message, stackTrace}` (VCD OpenApiError). */
export interface CloudapiErrorBody {
  readonly minorErrorCode: string;
  readonly message: string;
  readonly stackTrace: string;
}

/** A cloudapi (JSON) error response in VCD's shape. `message` must never contain a secret. */
export function cloudapiError(status: number, minorErrorCode: string, message: string): HttpResponse {
  const body: CloudapiErrorBody = { minorErrorCode, message, stackTrace: '' };
  return jsonResponse(status, body);
}

/** Escapes text for an XML attribute or element. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A legacy /api error: `<Error message majorErrorCode minorErrorCode .../>` (attributes, as VCD does). */
export function legacyXmlError(status: number, minorErrorCode: string, message: string): HttpResponse {
  const xml =
    `<Error xmlns="http://www.vmware.com/vcloud/v1.5" message="${escapeXml(message)}" ` +
    `majorErrorCode="${status}" minorErrorCode="${escapeXml(minorErrorCode)}" ` +
    `vendorSpecificErrorCode="" stackTrace=""/>`;
  return xmlResponse(status, xml, 'application/vnd.vmware.vcloud.error+xml');
}

/** Whether a legacy /api request asks for JSON (`application/*+json`, `application/json`) rather than XML. */
export function wantsLegacyJson(accept: string | undefined): boolean {
  return accept !== undefined && /(\+json|application\/json)/i.test(accept);
}

/**
 * A legacy /api error for a client that asked for JSON: the XML `Error` attributes as JSON properties (INFERRED
 * from VCD's JSON rendering of legacy types).
 */
export function legacyJsonError(status: number, minorErrorCode: string, message: string): HttpResponse {
  return jsonResponse(status, {
    otherAttributes: {},
    message,
    majorErrorCode: status,
    minorErrorCode,
    vendorSpecificErrorCode: null,
    stackTrace: null,
    vCloudExtension: [],
  }, {}, undefined, 'application/vnd.vmware.vcloud.error+json');
}
