/**
 * The reader UI's pure parts: routes, search (English and Russian), plurals, locale choice,
 * list grouping, staleness, error explanations, and the build-side site config checks.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainError } from '../../src/app/explain.ts';
import { en } from '../../src/app/i18n/messages-en.ts';
import { ru } from '../../src/app/i18n/messages-ru.ts';
import { resolveLocale } from '../../src/app/i18n/locale.ts';
import { plural } from '../../src/app/i18n/plural.ts';
import { parseRoute, routeHref, type Route } from '../../src/app/router.ts';
import { createIndex, runSearch } from '../../src/app/search-engine.ts';
import { normaliseTerm } from '../../src/app/search-terms.ts';
import { CLOCK_TOLERANCE_MS, clockBehind, groupBySection, isStale, mirrorHealth } from '../../src/app/view-model.ts';
import { basePathFor } from '../../src/cli/app-shell/build-app-shell.ts';
import { shellCsp } from '../../src/cli/app-shell/csp.ts';
import { shortName } from '../../src/cli/app-shell/pwa-options.ts';
import { loadSiteConfig, parseSiteConfig, SiteConfigError } from '../../src/cli/app-shell/site-config.ts';
import { escapeHtml, langDir } from '../../src/cli/app-shell/site-plugin.ts';

describe('router', () => {
  const cases: [string, string, string, Route][] = [
    ['/', '', '/', { name: 'list' }],
    ['/index.html', '', '/', { name: 'list' }],
    ['/article/election-night', '', '/', { name: 'article', id: 'election-night' }],
    ['/article/election-night/', '', '/', { name: 'article', id: 'election-night' }],
    ['/search', '?q=%D0%B2%D1%8B%D0%B1%D0%BE%D1%80%D1%8B', '/', { name: 'search', q: 'выборы' }],
    ['/mirrors', '', '/', { name: 'mirrors' }],
    ['/settings', '', '/', { name: 'settings' }],
    ['/news/article/a-1', '', '/news/', { name: 'article', id: 'a-1' }],
    ['/news', '', '/news/', { name: 'list' }],
  ];
  it.each(cases)('%s%s under %s', (path, search, base, route) => {
    expect(parseRoute(path, search, base)).toEqual(route);
  });

  it.each([
    ['/article/../settings'],
    ['/article/%2e%2e'],
    ['/article/UPPER'],
    ['/article/a/b'],
    ['/article/' + 'a'.repeat(97)],
    ['/media/' + 'ab'.repeat(32)],
    ['/other'],
  ])('refuses %s', (path) => {
    expect(parseRoute(path, '', '/').name).toBe('not-found');
  });

  it('round-trips hrefs', () => {
    for (const r of [{ name: 'list' }, { name: 'article', id: 'x-1' }, { name: 'search', q: 'a b&c' }, { name: 'mirrors' }, { name: 'settings' }] as Route[]) {
      const u = new URL(routeHref(r, '/news/'), 'https://m.test');
      expect(parseRoute(u.pathname, u.search, '/news/')).toEqual(r);
    }
  });
});

describe('search', () => {
  const docs = [
    { id: 'vybory', title: 'Выборы в городе', summary: 'Итоги голосования', section: 'Политика', author: '', text: 'На выборах победил независимый кандидат. Ёлки у мэрии.' },
    { id: 'election', title: 'Election night, hour by hour', summary: 'Results', section: 'Politics', author: 'Jane Doe', text: 'Queues formed before dawn at polling stations.' },
    { id: 'weather', title: 'Storm warning', summary: 'Heavy rain', section: 'Weather', author: '', text: 'Rivers are rising.' },
  ];
  const index = createIndex();
  index.addAll(docs);
  const ids = (q: string) => runSearch(index, q).map((r) => r.id);

  it('finds Russian words across inflections', () => {
    expect(ids('выборы')).toEqual(['vybory']);
    expect(ids('выборах')).toEqual(['vybory']);
    expect(ids('ВЫБОРОВ')).toEqual(['vybory']);
    expect(ids('елки')).toEqual(['vybory']); // ё folded to е
    expect(ids('голосование')).toEqual(['vybory']);
  });

  it('finds English words, prefixes and plurals, and ranks titles first', () => {
    expect(ids('elections')).toEqual(['election']);
    expect(ids('queue')).toEqual(['election']);
    expect(ids('polling station')).toEqual(['election']);
    expect(ids('jane')).toEqual(['election']);
    expect(ids('storm')).toEqual(['weather']);
  });

  it('requires every word (AND) and ignores empty queries', () => {
    expect(ids('storm election')).toEqual([]);
    expect(ids('   ')).toEqual([]);
  });

  it('normalises terms', () => {
    expect(normaliseTerm('Выборах')).toBe('выбор');
    expect(normaliseTerm('stories')).toBe('story');
    expect(normaliseTerm('class')).toBe('class');
    expect(normaliseTerm('Café')).toBe('cafe');
    expect(normaliseTerm('2026')).toBe('2026');
  });
});

describe('localisation', () => {
  it('picks a supported language from the browser list', () => {
    expect(resolveLocale('auto', ['ru-RU', 'en'])).toBe('ru');
    expect(resolveLocale('auto', ['de-DE', 'en-GB'])).toBe('en');
    expect(resolveLocale('auto', ['uk'])).toBe('en');
    expect(resolveLocale('ru', ['en'])).toBe('ru');
  });

  it('uses Russian plural forms', () => {
    expect([1, 2, 5, 11, 21, 22, 25].map((n) => ru.listSectionCount(n))).toEqual(['1 статья', '2 статьи', '5 статей', '11 статей', '21 статья', '22 статьи', '25 статей']);
    expect([1, 2].map((n) => en.listSectionCount(n))).toEqual(['1 article', '2 articles']);
    expect(plural('ru', 3, { one: 'a', few: 'b', other: 'c' })).toBe('b');
  });

  it('every catalogue has the same keys and non-empty strings', () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(ru)) if (typeof v === 'string') expect(v.length, k).toBeGreaterThan(0);
  });

  it('explains every error code of the core in plain words, in both languages', () => {
    const codes = [...readFileSync(new URL('../../src/core/errors.ts', import.meta.url), 'utf8').matchAll(/\|\s*'([A-Z_]+)'/g)].map((m) => m[1]!);
    expect(codes.length).toBeGreaterThan(20);
    const unexplained = codes.filter((c) => c !== 'ABORTED' && c !== 'UNSUPPORTED' && c !== 'WRONG_TYPE' && c !== 'WRONG_SITE' && c !== 'NOT_LISTED' && c !== 'ROOT_CHAIN_TOO_LONG' && explainError(en, c) === en.errOther(c));
    expect(unexplained).toEqual([]);
    expect(explainError(ru, 'TIMEOUT')).toBe(ru.errTIMEOUT);
    expect(explainError(en, 'SOMETHING_NEW')).toBe('failed (SOMETHING_NEW)');
    expect(explainError(en, 'constructor')).toBe('failed (constructor)');
  });
});

describe('view helpers', () => {
  it('groups newest-first articles by section in order of each section’s newest article', () => {
    const list = [
      { id: 'a', section: 'World' },
      { id: 'b', section: 'Politics' },
      { id: 'c', section: 'World' },
      { id: 'd', section: 'Sport' },
      { id: 'e', section: 'Politics' },
    ];
    expect(groupBySection(list).map((g) => [g.section, g.articles.map((a) => a.id)])).toEqual([
      ['World', ['a', 'c']],
      ['Politics', ['b', 'e']],
      ['Sport', ['d']],
    ]);
  });

  it('is stale only past the signed freshness', () => {
    const s = { state: 'idle', articleCount: 3, freshUntil: 1000 } as const;
    expect(isStale(s, 999)).toBe(false);
    expect(isStale(s, 1001)).toBe(true);
    expect(isStale({ state: 'idle', articleCount: 0 }, 5)).toBe(false);
    expect(isStale(undefined, 5)).toBe(false);
  });

  it('says the device clock is behind only when the news was signed more than the tolerance after "now"', () => {
    const s = { state: 'idle', articleCount: 3, publishedAt: 1_000_000_000 } as const;
    expect(clockBehind(s, s.publishedAt)).toBe(false);
    expect(clockBehind(s, s.publishedAt - CLOCK_TOLERANCE_MS)).toBe(false);
    expect(clockBehind(s, s.publishedAt - CLOCK_TOLERANCE_MS - 1)).toBe(true);
    expect(clockBehind(s, s.publishedAt - 3 * 86_400_000)).toBe(true);
    expect(clockBehind({ state: 'idle', articleCount: 0 }, 0)).toBe(false);
    expect(clockBehind(undefined, 0)).toBe(false);
  });

  it('classifies mirror health', () => {
    const base = { url: 'https://a.test/', source: 'signed', summary: '' } as const;
    expect(mirrorHealth(base)).toBe('unknown');
    expect(mirrorHealth({ ...base, lastSuccessAt: 10, lastFailureAt: 5 })).toBe('ok');
    expect(mirrorHealth({ ...base, lastSuccessAt: 10, lastFailureAt: 50 })).toBe('failing');
  });
});

describe('site config (build side)', () => {
  const good = { id: 'demo-news', name: 'Demo News', lang: 'en', description: 'd', rootBase64url: 'AAAA', mirrors: ['https://a.test/news'] };

  it('accepts a valid config and normalises mirrors', () => {
    const c = parseSiteConfig(good);
    expect(c.mirrors).toEqual(['https://a.test/news/']);
    expect(c.base).toBe('/');
  });

  it.each([
    [{ ...good, id: 'Bad Id' }, /"id"/],
    [{ ...good, lang: 'english!' }, /"lang"/],
    [{ ...good, rootBase64url: 'not base64!' }, /rootBase64url/],
    [{ ...good, mirrors: ['javascript:alert(1)'] }, /mirrors\[0\]/],
    [{ ...good, mirrors: ['https://u:p@a.test/'] }, /mirrors\[0\]/],
    [{ ...good, base: 'news' }, /"base"/],
    [{ ...good, base: '/../' }, /"base"/],
    [{ ...good, extra: 1 }, /unknown field "extra"/],
  ])('refuses %o', (value, message) => {
    expect(() => parseSiteConfig(value)).toThrow(message);
  });

  it('fails with instructions when PIGEONPOST_SITE_CONFIG is missing or unreadable', () => {
    expect(() => loadSiteConfig(undefined)).toThrow(SiteConfigError);
    expect(() => loadSiteConfig(undefined)).toThrow(/PIGEONPOST_SITE_CONFIG is not set.*pigeonpost publish/s);
    expect(() => loadSiteConfig('/nonexistent/site.json')).toThrow(/cannot read the file/);
  });

  it('derives the base path from the mirrors', () => {
    expect(basePathFor(['https://a.test/', 'https://b.test/'])).toBe('/');
    expect(basePathFor(['https://a.test/news/', 'https://b.test/news/'])).toBe('/news/');
    const log: string[] = [];
    expect(basePathFor(['https://a.test/x/', 'https://b.test/y/'], (l) => log.push(l))).toBe('/');
    expect(log[0]).toMatch(/different paths/);
  });

  it('builds names, directions and escapes for index.html and the manifest', () => {
    expect(shortName('Demo News')).toBe('Demo News');
    expect(shortName('Independent Evening Courier')).toBe('Independent');
    expect(langDir('ar')).toBe('rtl');
    expect(langDir('fa-IR')).toBe('rtl');
    expect(langDir('ru')).toBe('ltr');
    expect(escapeHtml('<a href="x">&</a>')).toBe('&#60;a href=&#34;x&#34;&#62;&#38;&#60;/a&#62;');
  });

  it('the CSP allows no third-party origin, no inline script and no eval', () => {
    const csp = shellCsp();
    expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'|https?:|\*/);
    // WebAssembly compilation only (the QR reader), never JavaScript eval.
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/connect-src 'self';/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).toMatch(/base-uri 'none'/);
    expect(shellCsp({ dev: true })).toMatch(/connect-src 'self' ws: wss:/);
  });
});
