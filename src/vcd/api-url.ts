// The VCD API URL as the vmware/vcd provider wants it in `url`: https, `https://host[:port][/prefix]/api`. One
// rule for every place a URL enters (the environments config, `--vcd-url`, VCD_URL, VCD_URL_OVERRIDES, token
// files), so a URL accepted in one place is never rejected, or written differently, in another. The address
// alone (`https://host:port`, as the emulator prints it) means its /api; any other path must end in /api (a
// copied UI address such as /tenant/acme is not an API URL). Nothing of the URL is echoed in problems: it may
// carry credentials.

/** The normalised URL, or what is wrong with it (safe to print: no part of the input). */
export type VcdApiUrlResult = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly problem: string };

export const VCD_API_URL_EXAMPLE = 'https://vcd.example.com/api';

export function normalizeVcdApiUrl(text: string): VcdApiUrlResult {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, problem: 'a string that is not a URL' };
  }
  if (url.protocol !== 'https:') return { ok: false, problem: `scheme "${url.protocol.replace(':', '').slice(0, 10)}" (only https carries tokens)` };
  if (url.username !== '' || url.password !== '') return { ok: false, problem: 'a URL with user info (credentials come from the environment)' };
  if (url.search !== '' || url.hash !== '') return { ok: false, problem: 'a URL with a query or fragment' };
  const pathname = url.pathname.replace(/\/+$/, '');
  if (pathname === '') return { ok: true, url: `${url.origin}/api` };
  if (pathname.endsWith('/api')) return { ok: true, url: `${url.origin}${pathname}` };
  return { ok: false, problem: `a path that does not end in /api ("${pathname.slice(0, 64)}")` };
}
