/**
 * Packing new and changed articles (format.md §3.6): grouped by day (of `published`, in its own
 * time zone) and section, at most 100 articles per pack, each pack carrying every image its
 * articles pin. Packs are immutable; nothing here ever rewrites one.
 */
import { encodePack, type PackRecord } from '../../core/format/pack.ts';
import type { ImageType } from '../../core/format/article.ts';
import { readImageBytes } from '../site/images.ts';
import { CliError } from '../util/errors.ts';
import { buildObject, type BuiltObject } from './objects.ts';

/** Most articles in one pack (format.md §3.6). */
export const MAX_PACK_ARTICLES = 100;

/**
 * Largest pack or index segment written (stored, compressed bytes; format.md §6): IPFS gateways
 * serve an object as one raw block, and older IPFS nodes refuse blocks over 1 MiB.
 */
export const MAX_OBJECT_BYTES = 1024 * 1024;

/** A signed article waiting to be packed. */
export interface PackItem {
  readonly id: string;
  readonly section: string;
  readonly published: string;
  readonly envelope: Uint8Array;
  /** The images it pins; their bytes are read from the site folder when the pack is built. */
  readonly images: readonly { readonly sha256: string; readonly type: ImageType; readonly path: string }[];
}

/** A built pack: the object and the ids it holds, in order. */
export interface BuiltPack {
  readonly object: BuiltObject;
  readonly ids: readonly string[];
}

function groupKey(item: PackItem): string {
  return `${item.published.slice(0, 10)}\u0000${item.section}`;
}

/** Group, order and chunk items into packs; deterministic for the same items. */
export function planPacks(items: readonly PackItem[]): PackItem[][] {
  const groups = new Map<string, PackItem[]>();
  for (const it of items) {
    const k = groupKey(it);
    const g = groups.get(k);
    if (g) g.push(it);
    else groups.set(k, [it]);
  }
  const out: PackItem[][] = [];
  for (const k of [...groups.keys()].sort()) {
    const g = groups.get(k)!.sort((a, b) => (a.published < b.published ? -1 : a.published > b.published ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (let i = 0; i < g.length; i += MAX_PACK_ARTICLES) out.push(g.slice(i, i + MAX_PACK_ARTICLES));
  }
  return out;
}

/**
 * Build one pack: each article envelope followed by the images it pins that are not in yet, read
 * from `siteDir` and checked against their pinned hash.
 */
export function buildPack(items: readonly PackItem[], siteDir: string): BuiltPack {
  const records: PackRecord[] = [];
  const have = new Set<string>();
  for (const it of items) {
    records.push({ kind: 'article', bytes: it.envelope });
    for (const img of it.images) {
      if (have.has(img.sha256)) continue;
      have.add(img.sha256);
      records.push({ kind: 'image', sha256: img.sha256, type: img.type, bytes: readImageBytes(siteDir, img) });
    }
  }
  return { object: buildObject(encodePack(records)), ids: items.map((i) => i.id) };
}

/**
 * Build the packs of one plan, each at most MAX_OBJECT_BYTES: a pack that comes out larger is
 * split in two (keeping the plan's order) and built again. A single article whose envelope and
 * images alone exceed the cap is an error naming it.
 */
export async function buildPacksWithin(plan: readonly PackItem[], build: (plan: PackItem[]) => Promise<BuiltPack>): Promise<BuiltPack[]> {
  const pack = await build([...plan]);
  if (pack.object.gz.length <= MAX_OBJECT_BYTES) return [pack];
  if (plan.length === 1) {
    const mib = (pack.object.gz.length / 1024 / 1024).toFixed(2);
    throw new CliError(`article "${plan[0]!.id}" with its ${plan[0]!.images.length} image(s) is ${mib} MiB compressed, over the 1 MiB pack limit; use smaller or fewer images`);
  }
  const half = Math.ceil(plan.length / 2);
  return [...(await buildPacksWithin(plan.slice(0, half), build)), ...(await buildPacksWithin(plan.slice(half), build))];
}
