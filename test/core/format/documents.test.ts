/**
 * Decoders of the timestamp, manifest, index segment and article payloads (format.md §3.2–3.5):
 * exact fields, integer ranges, pins with the only hash algorithm (sha256), signed mirror URLs,
 * and identifiers that are safe in URLs, file names and DOM ids (checklist D.36–D.40).
 */
import { describe, expect, it } from 'vitest';
import { decodeTimestamp } from '../../../src/core/format/timestamp.ts';
import { decodeManifest, readMirrorUrl } from '../../../src/core/format/manifest.ts';
import { decodeIndexSegment } from '../../../src/core/format/index-segment.ts';
import { utf8 } from '../../../src/core/encoding/bytes.ts';
import { decodeArticle } from '../../../src/core/format/article.ts';
import { errorCode, jsonBytes } from '../../helpers/test-repo.ts';

const H = (c: string): string => c.repeat(64);
const TS = {
  _type: 'pigeonpost.timestamp',
  spec_version: 1,
  site: 'demo-news',
  version: 42,
  expires: '2026-11-28T20:00:00Z',
  root_version: 1,
  manifest: { version: 17, sha256: H('a'), length: 1234, size: 4567 },
};
const MANIFEST = {
  _type: 'pigeonpost.manifest',
  spec_version: 1,
  site: 'demo-news',
  version: 17,
  expires: '2026-12-11T20:00:00Z',
  published: '2026-11-27T20:00:00Z',
  root_version: 1,
  mirrors: [{ url: 'https://mirror-a.example/', name: 'A' }, { url: 'http://10.0.0.1:8080/news/' }],
  segments: [{ sha256: H('b'), length: 900, size: 3100, count: 120 }],
};
const ENTRY = {
  id: 'election-night',
  rev: 2,
  title: 'Election night',
  lang: 'en',
  dir: 'ltr',
  section: 'Politics',
  author: 'Jane Doe',
  published: '2026-11-20T21:30:00+03:00',
  updated: '2026-11-21T08:00:00+03:00',
  summary: 'Results came in late.',
  pack: H('c'),
  envelope: { sha256: H('d'), length: 9000 },
  image_bytes: 45000,
};
const SEGMENT = {
  _type: 'pigeonpost.index',
  spec_version: 1,
  site: 'demo-news',
  articles: [ENTRY],
  removed: [{ id: 'old-story', rev: 3 }],
  packs: [{ sha256: H('c'), length: 250000, size: 800000, count: 100 }],
};
const ARTICLE = {
  _type: 'pigeonpost.article',
  spec_version: 1,
  site: 'demo-news',
  id: 'election-night',
  rev: 2,
  title: 'Выборы',
  lang: 'ru',
  dir: 'ltr',
  section: 'Политика',
  published: '2026-11-20T21:30:00+03:00',
  summary: '…',
  html: `<p>Текст</p><img src="media/${H('e')}" alt="">`,
  images: [{ sha256: H('e'), length: 40000, type: 'image/webp', alt: 'Площадь' }],
  lead: H('e'),
  source: 'https://outlet.example/a',
};

function with_<T>(doc: T, edit: (d: any) => void): T {
  const d = structuredClone(doc);
  edit(d);
  return d;
}

const BAD_IDS = ['../etc/passwd', '..', 'a%2Fb', '%2e%2e', 'a\u0000b', 'a/b', 'a\\b', 'a.b', 'A', '-lead', 'a b', 'x'.repeat(97), 'x'.repeat(10 * 1024), '', 'é', 'a\nb'];
const BAD_INTS: unknown[] = [0, -1, 1.5, '3', null, true, Number.MAX_SAFE_INTEGER + 1, 2 ** 64, Infinity];

describe('decodeTimestamp', () => {
  it('decodes a valid timestamp', () => {
    const t = decodeTimestamp(TS);
    expect(t.version).toBe(42);
    expect(t.rootVersion).toBe(1);
    expect(t.manifest).toEqual({ version: 17, sha256: H('a'), length: 1234, size: 4567 });
  });

  it('versions above MAX_SAFE_INTEGER, zero, negative, fractional or strings → MALFORMED (checklist B.20)', () => {
    for (const v of BAD_INTS) {
      expect(errorCode(() => decodeTimestamp(with_(TS, (d) => (d.version = v)))), String(v)).toBe('MALFORMED');
      expect(errorCode(() => decodeTimestamp(with_(TS, (d) => (d.root_version = v)))), String(v)).toBe('MALFORMED');
      expect(errorCode(() => decodeTimestamp(with_(TS, (d) => (d.manifest.version = v)))), String(v)).toBe('MALFORMED');
    }
    expect(errorCode(() => decodeTimestamp(with_(TS, (d) => (d.version = Number.MAX_SAFE_INTEGER))))).toBe('OK');
  });

  it('a pin with another hash algorithm, an upper-case hash, zero or negative length → MALFORMED (checklist D.40)', () => {
    const bad = [
      (d: any) => ((d.manifest.sha512 = H('a') + H('a')), delete d.manifest.sha256),
      (d: any) => (d.manifest.sha256 = H('A')),
      (d: any) => (d.manifest.sha256 = H('a').slice(1)),
      (d: any) => (d.manifest.length = 0),
      (d: any) => (d.manifest.length = -5),
      (d: any) => (d.manifest.size = -1),
      (d: any) => (d.manifest.length = 256 * 1024 * 1024 + 1),
      (d: any) => (d.manifest.extra = 1),
      (d: any) => delete d.manifest.size,
      (d: any) => (d.manifest = [d.manifest]),
    ];
    for (const e of bad) expect(errorCode(() => decodeTimestamp(with_(TS, e))), e.toString()).toBe('MALFORMED');
  });

  it('unknown or missing fields → MALFORMED; wrong type → WRONG_TYPE; wrong spec → UNSUPPORTED', () => {
    expect(errorCode(() => decodeTimestamp(with_(TS, (d) => (d.mirrors = []))))).toBe('MALFORMED');
    expect(errorCode(() => decodeTimestamp(with_(TS, (d) => delete d.expires)))).toBe('MALFORMED');
    expect(errorCode(() => decodeTimestamp(with_(TS, (d) => (d._type = 'pigeonpost.manifest'))))).toBe('WRONG_TYPE');
    expect(errorCode(() => decodeTimestamp(with_(TS, (d) => delete d._type)))).toBe('WRONG_TYPE');
    expect(errorCode(() => decodeTimestamp(with_(TS, (d) => (d.spec_version = '1'))))).toBe('UNSUPPORTED');
    for (const v of [null, [], 'x', 1]) expect(errorCode(() => decodeTimestamp(v))).toBe('MALFORMED');
    // Found by the property test: a type tag whose String() conversion throws.
    const hostile = JSON.parse('[{"toString":{}}]') as unknown;
    expect(errorCode(() => decodeTimestamp(with_(TS, (d) => (d._type = hostile))))).toBe('WRONG_TYPE');
    expect(errorCode(() => decodeTimestamp(with_(TS, (d) => (d.spec_version = hostile))))).toBe('UNSUPPORTED');
    expect(errorCode(() => decodeTimestamp(with_(TS, (d) => (d.spec_version = JSON.parse('{"valueOf":1,"toString":2}') as unknown))))).toBe('UNSUPPORTED');
  });
});

describe('decodeManifest', () => {
  it('decodes a valid manifest', () => {
    const m = decodeManifest(MANIFEST);
    expect(m.mirrors).toEqual([{ url: 'https://mirror-a.example/', name: 'A' }, { url: 'http://10.0.0.1:8080/news/' }]);
    expect(m.segments).toEqual([{ sha256: H('b'), length: 900, size: 3100, count: 120 }]);
  });

  it('refuses mirror URLs that are not plain absolute http(s) bases ending in "/" (format.md §3.3)', () => {
    const bad = [
      'ftp://mirror.example/',
      'javascript:alert(1)//',
      'data:text/html,<p>/',
      'file:///etc/',
      'https://user:pass@mirror.example/',
      'https://user@mirror.example/',
      'https://mirror.example/?q=1/',
      'https://mirror.example/#frag/',
      'https://mirror.example/news',
      '/relative/',
      'mirror.example/',
      'HTTPS://Mirror.Example/',
      'https://mirror.example/a/../b/',
      'https://mirror.example:443/',
      'https://mirror.example/%2e%2e/',
      ' https://mirror.example/',
      '',
    ];
    for (const url of bad) {
      expect(errorCode(() => readMirrorUrl(url, 'url')), url).toBe('MALFORMED');
      expect(errorCode(() => decodeManifest(with_(MANIFEST, (d) => (d.mirrors = [{ url }])))), url).toBe('MALFORMED');
    }
  });

  it('more than 64 mirrors, a repeated segment, a bad name → MALFORMED', () => {
    const many = Array.from({ length: 65 }, (_, i) => ({ url: `https://m${i}.example/` }));
    expect(errorCode(() => decodeManifest(with_(MANIFEST, (d) => (d.mirrors = many))))).toBe('MALFORMED');
    expect(errorCode(() => decodeManifest(with_(MANIFEST, (d) => (d.mirrors = many.slice(0, 64)))))).toBe('OK');
    expect(errorCode(() => decodeManifest(with_(MANIFEST, (d) => d.segments.push({ ...d.segments[0] }))))).toBe('MALFORMED');
    expect(errorCode(() => decodeManifest(with_(MANIFEST, (d) => (d.mirrors[0].name = 'x'.repeat(101)))))).toBe('MALFORMED');
    expect(errorCode(() => decodeManifest(with_(MANIFEST, (d) => (d.mirrors[0].extra = 1))))).toBe('MALFORMED');
  });

  it('bad versions and times → MALFORMED', () => {
    for (const v of BAD_INTS) expect(errorCode(() => decodeManifest(with_(MANIFEST, (d) => (d.version = v)))), String(v)).toBe('MALFORMED');
    expect(errorCode(() => decodeManifest(with_(MANIFEST, (d) => (d.published = '2026-11-27T20:00:00+03:00'))))).toBe('MALFORMED');
  });
});

describe('decodeIndexSegment', () => {
  const seg = (d: unknown): string => errorCode(() => decodeIndexSegment(jsonBytes(d)));

  it('decodes a valid segment', () => {
    const s = decodeIndexSegment(jsonBytes(SEGMENT));
    expect(s.entries[0]).toMatchObject({ id: 'election-night', rev: 2, pack: H('c'), envelope: { sha256: H('d'), length: 9000 }, imageBytes: 45000 });
    expect(s.removed).toEqual([{ id: 'old-story', rev: 3 }]);
  });

  it('pinned bytes (matched against a verified pin) skip only the canonical-form re-check', () => {
    const spaced = utf8(JSON.stringify(SEGMENT, null, 1));
    expect(errorCode(() => decodeIndexSegment(spaced))).toBe('MALFORMED');
    expect(decodeIndexSegment(spaced, 'x', { pinned: true })).toEqual(decodeIndexSegment(jsonBytes(SEGMENT)));
    // Field rules, strict UTF-8 and JSON syntax still apply.
    const bad = utf8(JSON.stringify(with_(SEGMENT, (d) => (d.articles[0].rev = 0))));
    expect(errorCode(() => decodeIndexSegment(bad, 'x', { pinned: true }))).toBe('MALFORMED');
    expect(errorCode(() => decodeIndexSegment(new Uint8Array([0x7b, 0xff, 0x7d]), 'x', { pinned: true }))).toBe('MALFORMED');
    expect(errorCode(() => decodeIndexSegment(utf8('{"_type":'), 'x', { pinned: true }))).toBe('MALFORMED');
  });

  it('an entry naming a pack the same segment does not pin → MALFORMED (format.md §3.4)', () => {
    expect(seg(with_(SEGMENT, (d) => (d.articles[0].pack = H('f'))))).toBe('MALFORMED');
  });

  it('an article listed twice in one segment, or a pack pinned twice → MALFORMED', () => {
    expect(seg(with_(SEGMENT, (d) => d.articles.push({ ...d.articles[0], rev: 3 })))).toBe('MALFORMED');
    expect(seg(with_(SEGMENT, (d) => d.packs.push({ ...d.packs[0], count: 2 })))).toBe('MALFORMED');
  });

  it('path-ish ids in entries and tombstones → MALFORMED (checklist D.39)', () => {
    for (const id of BAD_IDS) {
      expect(seg(with_(SEGMENT, (d) => (d.articles[0].id = id))), JSON.stringify(id.slice(0, 20))).toBe('MALFORMED');
      expect(seg(with_(SEGMENT, (d) => (d.removed[0].id = id))), JSON.stringify(id.slice(0, 20))).toBe('MALFORMED');
    }
    expect(seg(with_(SEGMENT, (d) => (d.articles[0].id = 'x'.repeat(96))))).toBe('OK');
  });

  it('bad revisions, envelope pins, metadata and unknown fields → MALFORMED', () => {
    const bad = [
      (d: any) => (d.articles[0].rev = 0),
      (d: any) => (d.removed[0].rev = -3),
      (d: any) => (d.articles[0].envelope.length = 0),
      (d: any) => (d.articles[0].envelope.sha256 = 'md5:abc'),
      (d: any) => (d.articles[0].envelope.size = 1),
      (d: any) => (d.articles[0].dir = 'up'),
      (d: any) => (d.articles[0].lang = 'english language'),
      (d: any) => (d.articles[0].title = ''),
      (d: any) => (d.articles[0].published = '2026-11-20'),
      (d: any) => (d.articles[0].published = '2026-02-30T21:30:00+03:00'),
      (d: any) => (d.articles[0].published = '2026-04-31T00:00Z'),
      (d: any) => (d.articles[0].published = '2026-01-01T24:00:00Z'),
      (d: any) => (d.articles[0].published = '2026-00-10T10:00:00Z'),
      (d: any) => (d.articles[0].updated = 'yesterday'),
      (d: any) => (d.articles[0].html = '<p>not in the index</p>'),
      (d: any) => (d.articles[0].image_bytes = -1),
      (d: any) => (d.packs[0].count = 0),
      (d: any) => (d.removed[0].extra = true),
      (d: any) => delete d.removed,
    ];
    for (const e of bad) expect(seg(with_(SEGMENT, e)), e.toString()).toBe('MALFORMED');
  });

  it('real dates with offsets are accepted (leap day, fractional seconds, minutes only)', () => {
    for (const t of ['2028-02-29T12:00:00+03:00', '2026-11-20T21:30:00.123Z', '2026-11-20T21:30-05:00', '2026-12-31T23:59:59+14:00']) {
      expect(seg(with_(SEGMENT, (d) => (d.articles[0].published = t))), t).toBe('OK');
    }
    expect(seg(with_(SEGMENT, (d) => (d.articles[0].published = '2026-02-29T12:00:00Z')))).toBe('MALFORMED');
  });

  it('non-canonical or non-JSON bytes → MALFORMED; another type → WRONG_TYPE', () => {
    expect(errorCode(() => decodeIndexSegment(new TextEncoder().encode(JSON.stringify(SEGMENT, null, 1))))).toBe('MALFORMED');
    expect(errorCode(() => decodeIndexSegment(new Uint8Array([0x1f, 0x8b, 0x08])))).toBe('MALFORMED');
    expect(seg(with_(SEGMENT, (d) => (d._type = 'pigeonpost.manifest')))).toBe('WRONG_TYPE');
  });
});

describe('decodeArticle', () => {
  it('decodes a valid article (Russian text, image, lead, source)', () => {
    const a = decodeArticle(ARTICLE);
    expect(a.title).toBe('Выборы');
    expect(a.images).toEqual([{ sha256: H('e'), length: 40000, type: 'image/webp', alt: 'Площадь' }]);
    expect(a.lead).toBe(H('e'));
  });

  it('SVG and other image types → UNSUPPORTED', () => {
    for (const t of ['image/svg+xml', 'text/html', 'image/PNG', 'application/octet-stream']) {
      expect(errorCode(() => decodeArticle(with_(ARTICLE, (d) => (d.images[0].type = t)))), t).toBe('UNSUPPORTED');
    }
  });

  it('a lead image that is not one of its images, bad image pins, path-ish ids → MALFORMED', () => {
    expect(errorCode(() => decodeArticle(with_(ARTICLE, (d) => (d.lead = H('f')))))).toBe('MALFORMED');
    expect(errorCode(() => decodeArticle(with_(ARTICLE, (d) => (d.images[0].length = 0))))).toBe('MALFORMED');
    expect(errorCode(() => decodeArticle(with_(ARTICLE, (d) => (d.images[0].sha256 = 'x'))))).toBe('MALFORMED');
    for (const id of BAD_IDS) expect(errorCode(() => decodeArticle(with_(ARTICLE, (d) => (d.id = id))))).toBe('MALFORMED');
    expect(errorCode(() => decodeArticle(with_(ARTICLE, (d) => (d.site = '../other'))))).toBe('MALFORMED');
  });

  it('unknown fields (e.g. a script field) → MALFORMED; lone surrogates in text → MALFORMED', () => {
    expect(errorCode(() => decodeArticle(with_(ARTICLE, (d) => (d.script = 'alert(1)'))))).toBe('MALFORMED');
    expect(errorCode(() => decodeArticle(with_(ARTICLE, (d) => (d.title = 'a\ud800b'))))).toBe('MALFORMED');
    expect(errorCode(() => decodeArticle(with_(ARTICLE, (d) => (d.html = 'x'.repeat(2 * 1024 * 1024 + 1)))))).toBe('MALFORMED');
  });
});
