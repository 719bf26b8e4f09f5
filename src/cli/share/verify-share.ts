/**
 * `pigeonpost share verify`: check a share file (format.md §7, either format) as a recipient's app
 * would, against a trust anchor the caller already has; nothing in the file is trusted on its own.
 * The same pipeline as the app's importer (core/share/import.ts), minus the storage.
 */
import { readFile } from 'node:fs/promises';
import { isPigeonError } from '../../core/errors.ts';
import { importTrust, verifyImport, type RejectReason } from '../../core/share/import.ts';
import { verifyMirrorList } from '../../core/share/mirror-list.ts';
import { keyFingerprint } from '../../core/trust/fingerprint.ts';
import { CliError } from '../util/errors.ts';

/** The outcome for one article of the file. */
export type ShareArticleReport =
  | { ok: true; id: string; rev: number; title: string; lang: string; published: string; images: number; missingImages: number; archived: boolean }
  | { ok: false; index: number; reason: RejectReason; code: string; message: string; fingerprint?: string; publisher?: string };

/** What `share verify` found. */
export interface ShareReport {
  readonly file: string;
  readonly site: string;
  readonly publisher: string;
  readonly fingerprint: string;
  readonly rootVersion: number;
  /** The newest root reached has expired: archival content (checklist 47). */
  readonly rootExpired: boolean;
  /** The signed mirror list the file carries, when it verifies. */
  readonly mirrors?: { version: number; expired: boolean; urls: string[] };
  readonly articles: readonly ShareArticleReport[];
  /** Every article verified. */
  readonly ok: boolean;
}

async function readBytes(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch {
    throw new CliError(`share verify: cannot read ${what} ${path}`);
  }
}

/** Verify the share file at `file` against the anchor at `rootFile`. */
export async function verifyShareFile(file: string, rootFile: string, now: number): Promise<ShareReport> {
  let trust;
  try {
    trust = await importTrust(await readBytes(rootFile, 'the trust anchor'), undefined);
  } catch (e) {
    if (isPigeonError(e)) throw new CliError(`share verify: the trust anchor ${rootFile} is not a valid self-signed root (${e.code}: ${e.message})`);
    throw e;
  }
  const bytes = await readBytes(file, 'the share file');
  const v = await verifyImport(bytes, trust, { now });
  const site = trust.root.root.site.id;
  if (!v.ok) {
    const r = v.rejection;
    const other = r.fingerprint ? ` (publisher "${r.publisher ?? '?'}", key fingerprint ${r.fingerprint})` : '';
    throw new CliError(`share verify: ${file} is not a valid share for site ${site}: ${r.reason}${other} (${r.code}: ${r.message})`);
  }
  const articles: ShareArticleReport[] = [
    ...v.candidates.map(
      (c): ShareArticleReport & { index: number } => ({
        ok: true,
        index: c.index,
        id: c.record.id,
        rev: c.record.rev,
        title: c.record.title,
        lang: c.record.lang,
        published: c.record.published,
        images: c.images.length,
        missingImages: c.missingImages.length,
        archived: c.archived,
      }),
    ),
    ...v.rejected.map((r) => ({ ok: false as const, index: r.index, reason: r.rejection.reason, code: r.rejection.code, message: r.rejection.message, ...(r.rejection.fingerprint ? { fingerprint: r.rejection.fingerprint, publisher: r.rejection.publisher ?? '' } : {}) })),
  ]
    .sort((a, b) => a.index - b.index)
    .map((a) => {
      if (!a.ok) return a;
      const { index: _index, ...rest } = a;
      return rest;
    });
  let mirrors: ShareReport['mirrors'];
  if (v.manifest) {
    try {
      const list = await verifyMirrorList(v.root.root, v.manifest, now);
      mirrors = { version: list.version, expired: list.expired, urls: list.mirrors.map((m) => m.url) };
    } catch {
      mirrors = undefined; // an unverifiable list names no mirror
    }
  }
  return {
    file,
    site,
    publisher: v.root.root.site.name,
    fingerprint: await keyFingerprint(v.root.root),
    rootVersion: v.root.root.version,
    rootExpired: v.rootExpired,
    ...(mirrors ? { mirrors } : {}),
    articles,
    ok: articles.length === v.stories && articles.every((a) => a.ok),
  };
}
