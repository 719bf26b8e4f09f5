/**
 * Publisher state, `<site>/.pigeonpost/publish-state.json`: what the last publish wrote, so the next
 * one is incremental and deterministic. Not secret; safe to keep in version control.
 *
 * - per article: the input fingerprint (file bytes, images, renderer), the content hash of the
 *   rendered payload, its revision and its index entry as published;
 * - the tombstones issued (a re-added id continues above its removed revision);
 * - every pack and segment still pinned, with what they hold (for compaction and merging without
 *   re-reading objects);
 * - the current manifest and the last timestamp version (versions only move forward);
 * - objects no longer referenced and since when (deleted after a grace period).
 */
import { join } from 'node:path';
import { CliError } from '../util/errors.ts';
import { readOptional, writeFileAtomic } from '../util/fs.ts';

/** The state file format version. */
export const STATE_FORMAT = 1;

/** An index entry exactly as written into a segment (format.md §3.4). */
export interface EntryWire {
  id: string;
  rev: number;
  title: string;
  lang: string;
  dir: 'ltr' | 'rtl';
  section: string;
  author?: string;
  published: string;
  updated?: string;
  summary: string;
  pack: string;
  envelope: { sha256: string; length: number };
  image_bytes: number;
}

/** An image file an article used, for cheap change detection. */
export interface ImageUse {
  path: string;
  size: number;
  mtimeMs: number;
  sha256: string;
}

/** One published article. */
export interface ArticleState {
  file: string;
  /** sha256 over renderer version, site, publish keys, options and the file bytes. */
  input: string;
  /** sha256 of the non-file part of `input` (renderer, site, keys, options). */
  env?: string;
  /** Size and mtime of the file when `input` was computed: equal stat and env → not re-read. */
  fileStat?: { size: number; mtimeMs: number };
  images: ImageUse[];
  /** sha256 of the rendered payload without `rev`, plus the publish keyids. */
  content: string;
  rev: number;
  entry: EntryWire;
}

/** A pinned object (gzip bytes: sha256, length; decompressed size). */
export interface PinState {
  sha256: string;
  length: number;
  size: number;
}

/** A pack: its pin and number of article records. */
export interface PackState extends PinState {
  count: number;
}

/** A segment: its pin, article count and what it lists. */
export interface SegmentState extends PinState {
  count: number;
  entries: [string, number][];
  removed: [string, number][];
  packs: string[];
}

/** The current manifest. */
export interface ManifestState extends PinState {
  version: number;
  expiresMs: number;
  publishedMs: number;
  mirrors: string[];
  /** IPFS gateways signed after the mirrors (absent: none). */
  gateways?: string[];
  rootVersion: number;
}

/** The whole state file. */
export interface PublishState {
  format: number;
  site: string;
  articles: Record<string, ArticleState>;
  tombstones: Record<string, number>;
  packs: Record<string, PackState>;
  segments: SegmentState[];
  manifest?: ManifestState;
  timestampVersion: number;
  /** sha256 → epoch ms when the object was first seen unreferenced. */
  retired: Record<string, number>;
}

/** Directory of publisher state inside a site folder. */
export function stateDir(siteDir: string): string {
  return join(siteDir, '.pigeonpost');
}

function statePath(siteDir: string): string {
  return join(stateDir(siteDir), 'publish-state.json');
}

/** An empty state for a site's first publish. */
export function emptyState(site: string): PublishState {
  return { format: STATE_FORMAT, site, articles: {}, tombstones: {}, packs: {}, segments: [], timestampVersion: 0, retired: {} };
}

/** Load the state, or an empty one when there is none yet. */
export async function loadState(siteDir: string, site: string): Promise<PublishState> {
  const bytes = await readOptional(statePath(siteDir));
  if (bytes === undefined) return emptyState(site);
  let s: PublishState;
  try {
    s = JSON.parse(Buffer.from(bytes).toString('utf8')) as PublishState;
  } catch (e) {
    throw new CliError(`${statePath(siteDir)} is not valid JSON (${(e as Error).message}); restore it from a backup`);
  }
  if (s.format !== STATE_FORMAT) throw new CliError(`${statePath(siteDir)} has format ${String(s.format)}; this pigeonpost reads format ${STATE_FORMAT}`);
  if (s.site !== site) throw new CliError(`${statePath(siteDir)} belongs to site "${s.site}", but site.json says "${site}"`);
  return s;
}

/** Save the state atomically (sorted keys are not needed: it is never signed). */
export async function saveState(siteDir: string, state: PublishState): Promise<void> {
  await writeFileAtomic(statePath(siteDir), JSON.stringify(state) + '\n');
}
