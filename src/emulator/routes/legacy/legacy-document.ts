// One legacy /api representation, rendered as XML (VCD's default) or as JSON when the client asks for
// `application/*+json`. VCD's JSON form of legacy types (INFERRED from its answers quoted in public code): the XML
// attributes and child elements become lower-camel properties, repeated elements (Link, Org, ...) arrays, and
// every object carries `otherAttributes` and `vCloudExtension`.
import { escapeXml, jsonResponse, wantsLegacyJson, xmlResponse, type HttpResponse } from '../../http/http-response';

/** A media type without its `+xml` / `+json` suffix, e.g. `application/vnd.vmware.vcloud.org`. */
export type BaseMediaType = string;

/** An element: attributes, then either text or child elements. `type` attributes are base media types. */
export interface LegacyNode {
  readonly tag: string;
  readonly attrs?: Readonly<Record<string, string | undefined>>;
  readonly text?: string | number | boolean;
  readonly children?: readonly LegacyNode[];
}

/** Elements that may repeat and become arrays in JSON. */
const REPEATED = new Set(['Link', 'Org', 'Vdc', 'Network', 'CatalogReference', 'Task', 'MetadataEntry', 'Location']);

export const VCLOUD_NS = 'http://www.vmware.com/vcloud/v1.5';

/** A `<Link rel href type name?/>` node. */
export function link(rel: string, href: string, type: BaseMediaType, name?: string): LegacyNode {
  return { tag: 'Link', attrs: { rel, href, type, name } };
}

/** Answers `root` in the representation the Accept header asks for, with VCD's versioned media type. */
export function legacyResponse(accept: string | undefined, root: LegacyNode, apiVersion: string): HttpResponse {
  const mediaType = root.attrs?.type ?? 'application/vnd.vmware.vcloud';
  if (wantsLegacyJson(accept)) return jsonResponse(200, toJson(root, '+json'), {}, apiVersion, `${mediaType}+json`);
  const rootWithNs: LegacyNode = { ...root, attrs: { xmlns: VCLOUD_NS, ...root.attrs } };
  return xmlResponse(200, toXml(rootWithNs, ''), `${mediaType}+xml`, apiVersion);
}

function attrValue(name: string, value: string, suffix: string): string {
  return name === 'type' && value.startsWith('application/') ? `${value}${suffix}` : value;
}

function toXml(node: LegacyNode, indent: string): string {
  const attrs = Object.entries(node.attrs ?? {})
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(attrValue(name, value, '+xml'))}"`)
    .join('');
  if (node.text !== undefined) return `${indent}<${node.tag}${attrs}>${escapeXml(String(node.text))}</${node.tag}>`;
  if (!node.children || node.children.length === 0) return `${indent}<${node.tag}${attrs}/>`;
  const inner = node.children.map((child) => toXml(child, `${indent}  `)).join('\n');
  return `${indent}<${node.tag}${attrs}>\n${inner}\n${indent}</${node.tag}>`;
}

function lowerFirst(tag: string): string {
  return tag[0].toLowerCase() + tag.slice(1);
}

function toJson(node: LegacyNode, suffix: string): Record<string, unknown> {
  const json: Record<string, unknown> = { otherAttributes: {} };
  for (const [name, value] of Object.entries(node.attrs ?? {})) {
    if (name !== 'xmlns' && value !== undefined) json[name] = attrValue(name, value, suffix);
  }
  for (const tag of REPEATED) if ((node.children ?? []).some((child) => child.tag === tag)) json[lowerFirst(tag)] = [];
  if (node.tag !== 'Link' && !('link' in json)) json.link = [];
  for (const child of node.children ?? []) {
    const key = lowerFirst(child.tag);
    const value = child.text !== undefined ? child.text : toJson(child, suffix);
    if (REPEATED.has(child.tag)) (json[key] as unknown[]).push(value);
    else json[key] = value;
  }
  json.vCloudExtension = [];
  return json;
}
