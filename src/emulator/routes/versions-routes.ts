import { jsonResponse, xmlResponse, escapeXml, type HttpResponse } from '../http/http-response';
import type { Router } from '../http/router';
import { compareApiVersions } from '../versions/vcd-releases';
import type { EmulatorRuntime } from '../server/emulator-runtime';

/** `GET /api/versions`: unauthenticated; XML by default, JSON when `Accept` asks for JSON. */
export function registerVersionRoutes(router: Router, runtime: EmulatorRuntime): void {
  // The answer depends only on the release and the emulator's own URL, so it is rendered once.
  let cached: { baseUrl: string; xml: HttpResponse; json: HttpResponse } | undefined;
  router.add('GET', '/api/versions', (ctx) => {
    if (!cached || cached.baseUrl !== ctx.baseUrl) cached = { baseUrl: ctx.baseUrl, ...render(ctx.baseUrl) };
    return /json/i.test(ctx.req.headers.accept ?? '') ? cached.json : cached.xml;
  });

  function render(baseUrl: string): { xml: HttpResponse; json: HttpResponse } {
    const infos = runtime.release.apiVersions.map((version) => {
      // From 36.0 on, logins go to cloudapi (GOVCD-G); older versions point at the legacy /api/sessions.
      const cloudapiLogin = compareApiVersions(version, '36.0') >= 0;
      return {
        version,
        deprecated: compareApiVersions(version, '35.0') < 0,
        loginUrl: cloudapiLogin ? `${baseUrl}/cloudapi/1.0.0/sessions` : `${baseUrl}/api/sessions`,
        providerLoginUrl: cloudapiLogin ? `${baseUrl}/cloudapi/1.0.0/sessions/provider` : undefined,
      };
    });
    const json = jsonResponse(200, { versionInfo: infos });
    const body = infos
      .map(
        (info) =>
          `  <VersionInfo deprecated="${info.deprecated}">\n    <Version>${info.version}</Version>\n` +
          `    <LoginUrl>${escapeXml(info.loginUrl)}</LoginUrl>\n` +
          (info.providerLoginUrl ? `    <ProviderLoginUrl>${escapeXml(info.providerLoginUrl)}</ProviderLoginUrl>\n` : '') +
          '  </VersionInfo>',
      )
      .join('\n');
    const xml = xmlResponse(
      200,
      `<SupportedVersions xmlns="http://www.vmware.com/vcloud/versions" ` +
        `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n${body}\n</SupportedVersions>`,
      'application/xml',
    );
    return { xml, json };
  }
}
