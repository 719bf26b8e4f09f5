/**
 * Inventory diff of nearby sync (format.md §10.3): which of the peer's articles this side asks
 * for. An article is wanted when this side lacks it or stores a lower revision; never when it
 * stores the same or a higher one (revisions only move forward, as with mirrors). Two different
 * envelopes under one id and revision cannot both be the publisher's honest work: such an entry is
 * not wanted and is counted as a conflict. A peer's inventory may name an id only once.
 */
import { PigeonError } from '../errors.ts';
import type { InventoryEntry } from './messages.ts';

/** What this side stores of one article (hash unknown for rows stored by old versions). */
export interface LocalEntry {
  readonly rev: number;
  readonly sha256: string | undefined;
}

/** The outcome of comparing the peer's inventory with ours. */
export interface InventoryDiff {
  /** Entries to ask for, sorted by id. */
  readonly want: readonly InventoryEntry[];
  /** Same id and revision, another envelope hash. */
  readonly conflicts: readonly InventoryEntry[];
}

/**
 * Collects a peer's inventory across its messages: refuses a repeated id and more entries than
 * the hello announced.
 */
export class InventoryCollector {
  private readonly byId = new Map<string, InventoryEntry>();
  private readonly announced: number;

  constructor(announced: number) {
    this.announced = announced;
  }

  /** Add the entries of one inventory message. */
  add(entries: readonly InventoryEntry[]): void {
    for (const e of entries) {
      if (this.byId.has(e.id)) throw new PigeonError('MALFORMED', `the peer's inventory names ${e.id} twice`);
      if (this.byId.size >= this.announced) throw new PigeonError('TOO_LARGE', `the peer's inventory runs past the ${this.announced} entries it announced`);
      this.byId.set(e.id, e);
    }
  }

  /** After the last part: the whole inventory (throws if fewer entries came than announced). */
  finish(): ReadonlyMap<string, InventoryEntry> {
    if (this.byId.size !== this.announced) throw new PigeonError('MALFORMED', `the peer announced ${this.announced} articles and listed ${this.byId.size}`);
    return this.byId;
  }
}

/** Compare the peer's inventory with what this side stores. */
export function diffInventory(remote: Iterable<InventoryEntry>, local: ReadonlyMap<string, LocalEntry>): InventoryDiff {
  const want: InventoryEntry[] = [];
  const conflicts: InventoryEntry[] = [];
  for (const e of remote) {
    const mine = local.get(e.id);
    if (!mine || mine.rev < e.rev) want.push(e);
    else if (mine.rev === e.rev && mine.sha256 !== undefined && mine.sha256 !== e.sha256) conflicts.push(e);
  }
  want.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { want, conflicts };
}

/** Split `items` into chunks of at most `size` (at least one chunk, possibly empty). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length === 0 ? [[]] : out;
}
