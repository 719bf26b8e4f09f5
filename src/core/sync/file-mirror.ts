/**
 * A mirror in a file (format.md §9): the whole mirror tree as one zip (what `pigeonpost publish
 * --zip` writes, for USB sticks, SD cards and messengers) or a folder holding the tree. The sync
 * engine reads it exactly as it reads a mirror: through a `fetch` over the tree, under the same
 * caps, deadlines, verification, rollback and freshness rules (runSync with `mirrors` set to the
 * file's one address). Nothing in the file is trusted: it is only a mirror that happens to be local.
 *
 * The zip is read with fflate, entry by entry, within fixed caps: at most {@link MAX_FILE_ENTRIES}
 * entries and {@link MAX_FILE_MIRROR_BYTES} bytes unpacked in total (a zip bomb stops there). Only
 * the files a client reads are kept (timestamp.json, root/, objects/); the app shell is skipped.
 */
import { unzip, type Unzipped } from 'fflate';
import { PigeonError } from '../errors.ts';

/** Largest zip or folder read, and largest total unpacked (bytes). */
export const MAX_FILE_MIRROR_BYTES = 2 * 1024 * 1024 * 1024;
/** Most entries read from one zip. */
export const MAX_FILE_ENTRIES = 200_000;

/** The repository paths a client fetches (format.md §1): everything else in a tree is ignored. */
const WANTED = /^(timestamp\.json|root\.json|root\/[1-9][0-9]{0,9}\.json|objects\/[0-9a-f]{64})$/;

/** A mirror tree held in memory: repository path → bytes. */
export type MirrorTree = ReadonlyMap<string, Uint8Array>;

/**
 * Normalise paths of a tree (a zip's entries or a folder's relative paths): the tree's top is the
 * shallowest folder holding `timestamp.json` (a zip of `www/` or of its contents both work).
 */
export function treeFromEntries(entries: Iterable<readonly [string, Uint8Array]>): Map<string, Uint8Array> {
  const all = [...entries].map(([p, b]) => [p.replace(/\\/g, '/').replace(/^\.?\//, ''), b] as const);
  const tops = all.filter(([p]) => p === 'timestamp.json' || p.endsWith('/timestamp.json')).map(([p]) => p.slice(0, -'timestamp.json'.length));
  if (tops.length === 0) throw new PigeonError('NOT_BUNDLE', 'this file holds no Pigeonpost mirror (no timestamp.json in it)');
  const top = tops.sort((a, b) => a.split('/').length - b.split('/').length || a.length - b.length)[0]!;
  const tree = new Map<string, Uint8Array>();
  for (const [p, b] of all) {
    if (!p.startsWith(top)) continue;
    const rel = p.slice(top.length);
    if (WANTED.test(rel)) tree.set(rel, b);
  }
  return tree;
}

/** Unpack a mirror zip (capped; see the module header). */
export async function treeFromZip(zip: Uint8Array): Promise<Map<string, Uint8Array>> {
  if (zip.length > MAX_FILE_MIRROR_BYTES) throw new PigeonError('TOO_LARGE', `the mirror file is ${zip.length} bytes; at most ${MAX_FILE_MIRROR_BYTES} are read`);
  // The end-of-central-directory record: a zip cut off in transfer has none.
  if (zip.length < 22 || !hasEndRecord(zip)) {
    if (zip.length >= 4 && zip[0] === 0x50 && zip[1] === 0x4b && zip[2] === 0x03 && zip[3] === 0x04) {
      throw new PigeonError('TRUNCATED', 'the mirror file is cut off (its zip directory at the end is missing)');
    }
    throw new PigeonError('NOT_BUNDLE', 'this is not a mirror file (not a zip)');
  }
  let entries = 0;
  let total = 0;
  const files = await new Promise<Unzipped>((resolve, reject) => {
    unzip(
      zip,
      {
        filter: (f) => {
          if (++entries > MAX_FILE_ENTRIES) throw new PigeonError('TOO_LARGE', `the mirror file has more than ${MAX_FILE_ENTRIES} entries`);
          const name = f.name.replace(/\\/g, '/');
          const keep = /(^|\/)(timestamp\.json|root\.json|root\/[1-9][0-9]{0,9}\.json|objects\/[0-9a-f]{64})$/.test(name);
          if (keep) {
            total += f.originalSize;
            if (total > MAX_FILE_MIRROR_BYTES) throw new PigeonError('TOO_LARGE', `the mirror file unpacks to more than ${MAX_FILE_MIRROR_BYTES} bytes`);
          }
          return keep;
        },
      },
      (err, data) => (err ? reject(err) : resolve(data)),
    );
  }).catch((e: unknown) => {
    if (e instanceof PigeonError) throw e;
    throw new PigeonError('MALFORMED', `the mirror file is damaged (${e instanceof Error ? e.message : String(e)})`.slice(0, 300));
  });
  return treeFromEntries(Object.entries(files));
}

function hasEndRecord(zip: Uint8Array): boolean {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const from = Math.max(0, zip.length - 22 - 0xffff);
  for (let i = zip.length - 22; i >= from; i--) {
    if (zip[i] === 0x50 && zip[i + 1] === 0x4b && zip[i + 2] === 0x05 && zip[i + 3] === 0x06) return true;
  }
  return false;
}

/** The host of file sources: `.invalid` never resolves, so nothing can ever reach a network. */
export const FILE_MIRROR_HOST = 'mirror-file.invalid';

/** A mirror address for a file source (the status line shows `mirror-file.invalid/<name>`). */
export function fileMirrorUrl(name: string): string {
  const clean = name.replace(/[^\p{L}\p{N}._-]/gu, '_').slice(0, 80) || 'mirror';
  return `https://${FILE_MIRROR_HOST}/${encodeURIComponent(clean)}/`;
}

/**
 * A `fetch` that serves `tree` under `base` (404 for anything else, as a mirror would). Bodies are
 * streamed in chunks so the engine's byte caps and throughput checks see a real stream.
 */
export function treeFetch(tree: MirrorTree, base: string): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const bytes = url.startsWith(base) ? tree.get(url.slice(base.length)) : undefined;
    if (!bytes) return new Response('not found', { status: 404 });
    return new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) } });
  }) as typeof fetch;
}
