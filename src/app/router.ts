/// <reference types="vite/client" />
/**
 * Routes of the reader, relative to the app's base path (`import.meta.env.BASE_URL`, `/` unless
 * the site is served under a path). Paths are real URLs so deep links work: the worker answers
 * every navigation inside its scope with the precached index.html, which then routes here.
 *
 *   ''               the article list
 *   article/<id>     one article (id: format.md §2.3, so it is URL-safe as is)
 *   search?q=<text>&section=<name>&lang=<tag>  offline search, with its filters
 *   mirrors          mirrors and their health
 *   settings         language, storage, erase everything
 *   nearby           nearby sync with another device
 *   invite[#<code>]  invites: open one (the code in the fragment), or make one
 *   share?via=…      share and receive stories (share files, mirror files); `via` says how files
 *                    arrived (share-target: the worker holds them; launch: file_handlers)
 */

/** A parsed route. */
export type Route =
  | { readonly name: 'list' }
  | { readonly name: 'article'; readonly id: string }
  | { readonly name: 'search'; readonly q: string; readonly section?: string; readonly lang?: string }
  | { readonly name: 'mirrors' }
  | { readonly name: 'settings' }
  | { readonly name: 'nearby' }
  | { readonly name: 'invite' }
  | { readonly name: 'share'; readonly via?: string }
  | { readonly name: 'not-found' };

const ARTICLE_ID = /^[a-z0-9][a-z0-9-]{0,95}$/;

/** Parse `pathname` + `search` under `base`. */
export function parseRoute(pathname: string, search: string, base: string): Route {
  if (!pathname.startsWith(base)) {
    // The base without its trailing slash (`/news`) is the list too.
    return pathname === base.replace(/\/$/, '') ? { name: 'list' } : { name: 'not-found' };
  }
  const rest = pathname.slice(base.length).replace(/\/$/, '');
  if (rest === '' || rest === 'index.html') return { name: 'list' };
  if (rest === 'search') {
    const p = new URLSearchParams(search);
    const section = p.get('section');
    const lang = p.get('lang');
    return { name: 'search', q: p.get('q') ?? '', ...(section ? { section } : {}), ...(lang ? { lang } : {}) };
  }
  if (rest === 'mirrors') return { name: 'mirrors' };
  if (rest === 'settings') return { name: 'settings' };
  if (rest === 'nearby') return { name: 'nearby' };
  if (rest === 'invite') return { name: 'invite' };
  if (rest === 'share') {
    const via = new URLSearchParams(search).get('via');
    return via ? { name: 'share', via: via.slice(0, 40) } : { name: 'share' };
  }
  const m = /^article\/([^/]+)$/.exec(rest);
  if (m && ARTICLE_ID.test(m[1]!)) return { name: 'article', id: m[1]! };
  return { name: 'not-found' };
}

/** The URL path (with query) of a route under `base`. */
export function routeHref(route: Route, base: string): string {
  switch (route.name) {
    case 'list':
      return base;
    case 'article':
      return `${base}article/${encodeURIComponent(route.id)}`;
    case 'search': {
      const p = new URLSearchParams();
      if (route.q) p.set('q', route.q);
      if (route.section) p.set('section', route.section);
      if (route.lang) p.set('lang', route.lang);
      const query = p.toString().replace(/\+/g, '%20');
      return query ? `${base}search?${query}` : `${base}search`;
    }
    case 'mirrors':
      return `${base}mirrors`;
    case 'settings':
      return `${base}settings`;
    case 'nearby':
      return `${base}nearby`;
    case 'invite':
      return `${base}invite`;
    case 'share':
      return `${base}share`;
    case 'not-found':
      return base;
  }
}

/** The app's base path. */
export const BASE: string = import.meta.env.BASE_URL;

/** Shorthand: href of an article. */
export function articleHref(id: string): string {
  return routeHref({ name: 'article', id }, BASE);
}
