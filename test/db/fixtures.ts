/** Builders of records for the database tests (no crypto: the store trusts its caller's verification). */
import type { ArticleRecord, ImageRecord, TrustRecord } from '../../src/core/sync/store.ts';
import { canonicalBytes, canonicalJson } from '../../src/core/encoding/canonical-json.ts';

let counter = 0;
/** A site id no other test uses, so each test gets a fresh database. */
export function freshSite(prefix = 'site'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

/** A hex "hash" derived from a label (the store does not check hashes). */
export function sha(label: string): string {
  let h = 0;
  for (const c of label) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return (h.toString(16).padStart(8, '0') + label.length.toString(16).padStart(8, '0')).repeat(4);
}

export function image(label: string, size = 16): ImageRecord {
  return { sha256: sha(label), type: 'image/png', bytes: new Uint8Array(size).fill(label.length) };
}

export function article(site: string, id: string, rev = 1, opts: { images?: ImageRecord[]; published?: string; section?: string; html?: string } = {}): ArticleRecord {
  const images = opts.images ?? [];
  const meta = {
    site,
    id,
    rev,
    title: `${id} r${rev}`,
    lang: 'en',
    dir: 'ltr' as const,
    section: opts.section ?? 'News',
    published: opts.published ?? '2026-11-20T21:30:00+03:00',
    summary: `summary of ${id}`,
    html: opts.html ?? `<p>${id} revision ${rev}</p>`,
    images: images.map((i) => ({ sha256: i.sha256, length: i.bytes.length, type: 'image/png' as const })),
  };
  // An envelope of the real shape (unsigned: the store trusts its caller's verification), so the
  // HTML can be read back from it as the reader does.
  const payload = canonicalJson({ _type: 'pigeonpost.article', spec_version: 1, ...meta });
  return { ...meta, envelope: canonicalBytes({ payload, signatures: [] }), storedAt: 1_000 };
}

export function trust(site: string, v: { root?: number; ts?: number; manifest?: number; segments?: string[] } = {}): TrustRecord {
  return {
    site,
    rootVersion: v.root ?? 1,
    rootBytes: new Uint8Array([1, 2, 3]),
    ...(v.ts === undefined ? {} : { timestamp: { version: v.ts, expires: '2030-01-01T00:00:00Z', bytes: new Uint8Array([v.ts]) } }),
    ...(v.manifest === undefined
      ? {}
      : {
          manifest: {
            version: v.manifest,
            sha256: sha(`manifest-${v.manifest}`),
            expires: '2030-01-01T00:00:00Z',
            published: '2026-11-27T20:00:00Z',
            mirrors: [{ url: 'http://127.0.0.1:1/' }],
            segments: (v.segments ?? []).map((s) => ({ sha256: s, length: 10, size: 20, count: 1 })),
          },
        }),
  };
}
