/**
 * The reader UI's pure parts: routes, plurals, locale choice,
 * list grouping, staleness, error explanations, and the build-side site config checks.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainError } from '../../src/app/explain.ts';
import { messagesIn } from '../../src/app/i18n/messages.ts';
import { resolveLocale } from '../../src/app/i18n/locale.ts';
import { pluralCategory } from '../../src/app/i18n/plural.ts';
import { parseRoute, routeHref, type Route } from '../../src/app/router.ts';
import { CLOCK_TOLERANCE_MS, clockBehind, groupBySection, isStale, mainFailure, statusStatement, syncFeedback } from '../../src/app/view-model.ts';
import { basePathFor } from '../../src/cli/app-shell/build-app-shell.ts';
import { shellCsp } from '../../src/cli/app-shell/csp.ts';
import { shortName } from '../../src/cli/app-shell/pwa-options.ts';
import { loadSiteConfig, parseSiteConfig, SiteConfigError } from '../../src/cli/app-shell/site-config.ts';
import { escapeHtml, langDir } from '../../src/cli/app-shell/site-plugin.ts';

const en = messagesIn('en');
const ru = messagesIn('ru');

describe('router', () => {
  const cases: [string, string, string, Route][] = [
    ['/', '', '/', { name: 'list' }],
    ['/index.html', '', '/', { name: 'list' }],
    ['/article/election-night', '', '/', { name: 'article', id: 'election-night' }],
    ['/article/election-night/', '', '/', { name: 'article', id: 'election-night' }],
    ['/search', '?q=%D0%B2%D1%8B%D0%B1%D0%BE%D1%80%D1%8B', '/', { name: 'search', q: 'выборы' }],
    ['/search', '?q=x&section=%D0%93%D0%BE%D1%80%D0%BE%D0%B4&lang=ru', '/', { name: 'search', q: 'x', section: 'Город', lang: 'ru' }],
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
    for (const r of [{ name: 'list' }, { name: 'article', id: 'x-1' }, { name: 'search', q: 'a b&c' }, { name: 'search', q: 'рынок', section: 'A & B', lang: 'ru' }, { name: 'mirrors' }, { name: 'settings' }] as Route[]) {
      const u = new URL(routeHref(r, '/news/'), 'https://m.test');
      expect(parseRoute(u.pathname, u.search, '/news/')).toEqual(r);
    }
  });
});

describe('localisation', () => {
  it('picks a supported language from the browser list', () => {
    expect(resolveLocale('auto', ['ru-RU', 'en'])).toBe('ru');
    expect(resolveLocale('auto', ['de-DE', 'en-GB'])).toBe('en');
    expect(resolveLocale('auto', ['uk'])).toBe('en');
    expect(resolveLocale('ru', ['en'])).toBe('ru');
    // The pseudo-locale only when asked for (localStorage), never from the browser's list.
    expect(resolveLocale('ar-XB', ['ru'])).toBe('ar-XB');
    expect(resolveLocale('auto', ['ar-XB', 'ar'])).toBe('en');
  });

  it('uses Russian plural forms', () => {
    expect([1, 2, 5, 11, 21, 22, 25].map((n) => ru.listSectionCount(n))).toEqual(['1 статья', '2 статьи', '5 статей', '11 статей', '21 статья', '22 статьи', '25 статей']);
    expect([1, 2].map((n) => en.listSectionCount(n))).toEqual(['1 article', '2 articles']);
    expect([1, 3, 5, 1.5].map((n) => pluralCategory('ru', n))).toEqual(['one', 'few', 'many', 'other']);
    expect([1, 2].map((n) => en.searchResults(n))).toEqual(['1 article found', '2 articles found']);
    expect([1, 3, 7].map((n) => ru.inviteMirrors(n))).toEqual(['В нём 1 зеркало.', 'В нём 3 зеркала.', 'В нём 7 зеркал.']);
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

  it('says one true sentence: a failed attempt is never hidden behind an older success', () => {
    const base = { state: 'idle', articleCount: 3 } as const;
    expect(statusStatement(undefined, true)).toEqual({ kind: 'pending' });
    expect(statusStatement({ ...base, lastAttemptAt: 100, lastOutcome: 'updated', lastSuccessAt: 100, lastSuccessMirror: 'https://a.test/' }, true)).toEqual({ kind: 'updated', at: 100, mirror: 'https://a.test/' });
    const failed = { ...base, lastSuccessAt: 50, lastAttemptAt: 100, lastOutcome: 'failed', lastErrors: [{ mirror: 'https://a.test/', code: 'NETWORK', message: '' }, { mirror: 'https://b.test/', code: 'TIMEOUT', message: '' }] } as const;
    expect(statusStatement(failed, true)).toEqual({ kind: 'failed', at: 100, reason: 'ALL_MIRRORS_FAILED', lastSuccessAt: 50 });
    expect(statusStatement(failed, false)).toMatchObject({ kind: 'offline', lastSuccessAt: 50 });
    expect(statusStatement({ ...base, state: 'syncing' }, true).kind).toBe('syncing');
    expect(statusStatement({ ...base, articleCount: 0 }, true)).toEqual({ kind: 'never' });
    expect(mainFailure([{ code: 'NETWORK' }, { code: 'HASH_MISMATCH' }])).toBe('HASH_MISMATCH');
    expect(mainFailure([{ code: 'HASH_MISMATCH' }, { code: 'STORAGE' }])).toBe('STORAGE');
    // A full disk is what the reader can act on first: it is named before any mirror fault.
    expect(mainFailure([{ code: 'STORAGE' }, { code: 'NETWORK' }, { code: 'STORAGE_FULL' }])).toBe('STORAGE_FULL');
  });

  it('gives Sync now feedback for every outcome', () => {
    const base = { state: 'idle', articleCount: 3 } as const;
    expect(syncFeedback(undefined, 'TIMEOUT')).toEqual({ kind: 'failed', reason: 'TIMEOUT' });
    expect(syncFeedback({ ...base, state: 'syncing' }, undefined)).toEqual({ kind: 'elsewhere' });
    expect(syncFeedback({ ...base, lastOutcome: 'unchanged', lastRun: { ms: 1, bytes: 1, requests: 1, added: 0, removed: 0 } }, undefined)).toEqual({ kind: 'nothing-new' });
    expect(syncFeedback({ ...base, lastOutcome: 'updated', lastRun: { ms: 1, bytes: 1, requests: 1, added: 4, removed: 1 } }, undefined)).toEqual({ kind: 'new', added: 4, removed: 1 });
    expect(syncFeedback({ ...base, lastOutcome: 'failed', lastErrors: [{ code: 'NETWORK', message: '' }] }, undefined)).toEqual({ kind: 'failed', reason: 'ALL_MIRRORS_FAILED' });
    expect(en.feedbackNew(1, 0)).toBe('1 new article.');
    expect(ru.feedbackNew(5, 2)).toBe('5 новых статей, 2 удалены.');
    expect(ru.feedbackNew(21, 0)).toBe('21 новая статья.');
  });

  it('labels distinct buttons distinctly in both languages', () => {
    for (const m of [en, ru]) expect(new Set([m.syncNow, m.refresh, m.searchButton, m.updateNow]).size).toBe(4);
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
