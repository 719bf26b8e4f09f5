/**
 * Ingest bookkeeping in `<site-dir>/.pigeonpost/ingest.json`: which source identity (guid or
 * canonical URL) became which article id, when it was first seen (the date of last resort),
 * and hashes that let an unchanged item be skipped without re-fetching its images.
 *
 * Ids are assigned once and then never change, so an outlet renaming a headline updates the
 * same file instead of creating a new one. The same story reached by another route (its page
 * and its feed item) is recognised by its URLs (canonical, og:url, address, feed link; see
 * story-url.ts): the second identity is recorded as an alias of the first and gets its id.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_ID_LENGTH } from './config.ts';
import { readIfExists, writeAtomic } from './atomic-write.ts';
import { IngestError } from './errors.ts';
import type { ItemHints } from './sources/item.ts';
import { isValidId, shortHash, slugify, truncateSlug } from './slug.ts';
import { storyUrlKeys } from './story-url.ts';

/** What is remembered per source identity. */
export interface StateEntry {
  id: string;
  /** ISO time the item was first ingested; used when the source gives no date. */
  firstSeen: string;
  /** Hash of the extracted draft and options that produced the current file. */
  input?: string;
  /** SHA-256 of the article file as written. */
  output?: string;
  /** Media file names written for the article. */
  media?: string[];
  /** Comparison keys (story-url.ts) of every URL that names the story. */
  urls?: string[];
  /** The source identity whose version is in the file, when it is not the entry's own key. */
  owner?: string;
  /** Characters of text of the version in the file (the fuller route wins, see ingest.ts). */
  textLength?: number;
}

interface StateFile {
  version: 1;
  items: Record<string, StateEntry>;
  /** Other source identities of the same story (feed guid → page URL, ...) → the entry's key. */
  aliases?: Record<string, string>;
}

/** Path of the state file inside a site folder. */
export function statePath(siteDir: string): string {
  return join(siteDir, '.pigeonpost', 'ingest.json');
}

/** The loaded mapping, with id assignment. */
export class IngestState {
  private readonly items: Map<string, StateEntry>;
  private readonly owner = new Map<string, string>(); // id → key
  private readonly foreign: Set<string>; // article ids on disk that ingest did not create
  private readonly path: string;
  private readonly original: string;
  private readonly aliases: Map<string, string>;
  private readonly byUrl = new Map<string, string>(); // story URL key → entry key

  private constructor(path: string, items: Map<string, StateEntry>, aliases: Map<string, string>, onDisk: Set<string>, original: string) {
    this.path = path;
    this.items = items;
    this.aliases = aliases;
    this.original = original;
    for (const [k, e] of items) {
      this.owner.set(e.id, k);
      for (const u of e.urls ?? []) if (!this.byUrl.has(u)) this.byUrl.set(u, k);
    }
    this.foreign = new Set([...onDisk].filter((id) => !this.owner.has(id)));
  }

  /** Loads the state (an absent file is an empty state; a corrupt one is an error). */
  static async load(siteDir: string): Promise<IngestState> {
    const path = statePath(siteDir);
    const raw = await readIfExists(path);
    const items = new Map<string, StateEntry>();
    const aliases = new Map<string, string>();
    let original = '';
    if (raw) {
      original = new TextDecoder().decode(raw);
      let parsed: unknown;
      try {
        parsed = JSON.parse(original);
      } catch {
        throw new IngestError('IO', `${path} is not valid JSON; fix or delete it`);
      }
      const itemsObj = (parsed as { items?: unknown } | null)?.items;
      if (!itemsObj || typeof itemsObj !== 'object') throw new IngestError('IO', `${path} has no "items" mapping`);
      for (const [k, v] of Object.entries(itemsObj as Record<string, unknown>)) {
        const e = v as Partial<StateEntry> | null;
        if (!e || typeof e.id !== 'string' || !isValidId(e.id) || typeof e.firstSeen !== 'string') continue;
        items.set(k, { ...e, id: e.id, firstSeen: e.firstSeen });
      }
      const aliasObj = (parsed as { aliases?: unknown }).aliases;
      if (aliasObj && typeof aliasObj === 'object') {
        for (const [k, v] of Object.entries(aliasObj as Record<string, unknown>)) {
          if (typeof v === 'string' && items.has(v) && !items.has(k)) aliases.set(k, v);
        }
      }
    }
    const onDisk = new Set<string>();
    const files = await readdir(join(siteDir, 'articles')).catch(() => [] as string[]);
    for (const f of files) if (f.endsWith('.md')) onDisk.add(f.slice(0, -3));
    return new IngestState(path, items, aliases, onDisk, original);
  }

  /** The key of the entry that stands for `key` (itself, or the story it is an alias of). */
  primaryKey(key: string): string {
    return this.items.has(key) ? key : (this.aliases.get(key) ?? key);
  }

  /** The entry of a source identity (or of the story it is an alias of), if any. */
  get(key: string): StateEntry | undefined {
    return this.items.get(this.primaryKey(key));
  }

  /**
   * The id for `key`: the remembered one; else, when one of `hints.urls` names a story already
   * ingested by another route, that story's id (and `key` becomes its alias); else a new unique
   * id from the hints.
   * @param strict when the preferred id is taken, fail instead of adding a suffix (Markdown ids).
   * @param now ISO time recorded as firstSeen for a new key.
   */
  assignId(key: string, hints: ItemHints, now: string, strict = false): string {
    const known = this.get(key);
    if (known) {
      this.addUrls(key, hints.urls);
      return known.id;
    }
    const story = storyUrlKeys(hints.urls ?? []).filter(isStoryPath).map((u) => this.byUrl.get(u)).find((k) => k !== undefined);
    if (story !== undefined) {
      this.aliases.set(key, story);
      this.addUrls(key, hints.urls);
      return this.items.get(story)!.id;
    }
    const base = candidateId(key, hints);
    let id = base;
    if (this.isTaken(id)) {
      if (strict && hints.preferredId) {
        const holder = this.owner.get(id);
        throw new IngestError('USAGE', `id "${id}" is already used by ${holder ?? `articles/${id}.md`}`);
      }
      for (let n = 2; this.isTaken(id); n++) {
        const suffix = `-${n}`;
        id = `${truncateSlug(base, MAX_ID_LENGTH - suffix.length)}${suffix}`;
      }
    }
    this.items.set(key, { id, firstSeen: now });
    this.owner.set(id, key);
    this.addUrls(key, hints.urls);
    return id;
  }

  /** Records more URLs that name the story of `key` (site roots are ignored: they name no story). */
  addUrls(key: string, urls: readonly string[] | undefined): void {
    const primary = this.primaryKey(key);
    const e = this.items.get(primary);
    if (!e || !urls?.length) return;
    const keys = storyUrlKeys(urls).filter(isStoryPath);
    const merged = [...new Set([...(e.urls ?? []), ...keys])].sort();
    if (merged.length !== (e.urls ?? []).length) this.items.set(primary, { ...e, urls: merged });
    for (const u of keys) if (!this.byUrl.has(u)) this.byUrl.set(u, primary);
  }

  /** Records the result of writing an article. */
  update(key: string, patch: Partial<Omit<StateEntry, 'id' | 'firstSeen'>>): void {
    const primary = this.primaryKey(key);
    const e = this.items.get(primary);
    if (!e) throw new Error(`no state entry for ${key}`);
    const next = { ...e, ...patch };
    if (next.owner === primary) delete next.owner;
    this.items.set(primary, next);
  }

  /** Writes the state when it changed. @returns bytes written (0 when unchanged). */
  async save(): Promise<number> {
    const sorted: StateFile = { version: 1, items: {} };
    for (const k of [...this.items.keys()].sort()) sorted.items[k] = this.items.get(k)!;
    if (this.aliases.size) {
      sorted.aliases = {};
      for (const k of [...this.aliases.keys()].sort()) sorted.aliases[k] = this.aliases.get(k)!;
    }
    const text = `${JSON.stringify(sorted, null, 2)}\n`;
    if (text === this.original) return 0;
    await writeAtomic(this.path, text);
    return Buffer.byteLength(text);
  }

  private isTaken(id: string): boolean {
    return this.owner.has(id) || this.foreign.has(id);
  }
}

/** A site root or section front ("//outlet.example/") names no single story. */
function isStoryPath(urlKey: string): boolean {
  return !/^\/\/[^/]+\/$/.test(urlKey);
}

/** Readable id from the hints: preferred id, else title, else the URL's last segment, else a hash. */
export function candidateId(key: string, hints: ItemHints): string {
  const fromPreferred = hints.preferredId ? slugify(hints.preferredId) : '';
  if (fromPreferred) return fromPreferred;
  const fromTitle = hints.title ? slugify(hints.title) : '';
  if (fromTitle) return fromTitle;
  if (hints.link) {
    try {
      const seg = new URL(hints.link).pathname.split('/').filter(Boolean).pop() ?? '';
      const fromLink = slugify(decodeURIComponent(seg).replace(/\.(?:html?|php|aspx?)$/i, ''));
      if (fromLink && /[a-z]/.test(fromLink)) return fromLink;
    } catch {
      // fall through to the hash
    }
  }
  return `item-${shortHash(key, 10)}`;
}
