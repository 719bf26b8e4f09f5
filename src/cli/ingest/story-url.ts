/**
 * Story identity by URL: the same story reached by two routes (its page, and its item in a feed)
 * must become one article. A page names itself by `<link rel=canonical>`, `og:url` and the
 * address it was fetched from; a feed item by its `link` (and a permalink guid). These are
 * compared after {@link storyUrlKey} normalisation.
 */

/** Query parameters that only track where a reader came from. */
const TRACKING_PARAM = /^(?:utm_[a-z_]+|fbclid|gclid|yclid|mc_cid|mc_eid|_ga|ref|ref_src|from|rss|amp)$/i;

/**
 * A comparison key for a story URL: host without `www.` and default port, path without a trailing
 * slash, query without tracking parameters, no fragment, http and https alike.
 * @returns undefined for anything that is not an http(s) URL.
 */
export function storyUrlKey(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  const port = u.port && u.port !== '80' && u.port !== '443' ? `:${u.port}` : '';
  const path = u.pathname.replace(/\/+$/, '') || '/';
  const params = [...u.searchParams].filter(([k]) => !TRACKING_PARAM.test(k));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  return `//${host}${port}${path}${query}`;
}

/** The distinct comparison keys of some URLs (non-http ones dropped). */
export function storyUrlKeys(urls: Iterable<string | undefined>): string[] {
  const out = new Set<string>();
  for (const u of urls) {
    const k = u ? storyUrlKey(u) : undefined;
    if (k) out.add(k);
  }
  return [...out];
}
