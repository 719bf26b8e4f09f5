/**
 * What the search worker does, apart from messaging: keep one site's index (keeper.ts) over the
 * stored articles (src/shared/db), answer queries with ranked, filtered, paged hits and their
 * passages. No worker globals here, so it runs in Node tests against fake-indexeddb.
 */
import { gunzipSync, gzipSync } from 'fflate';
import { getArticle, listArticles, loadPassageTexts, loadSearchRecord, savePassageTexts, saveSearchRecord, type ArticleSummary, type PassageTextRow } from '../shared/db/index.ts';
import { rank, type RankedHit } from './engine.ts';
import { htmlText } from './html-text.ts';
import { SearchIndexKeeper } from './keeper.ts';
import type { HitView, IndexingProgress, QueryOptions, QueryResult, UpdateResult } from './protocol.ts';
import { highlight, matcher, passage } from './snippet.ts';

/** Most hits returned per request. */
export const MAX_LIMIT = 50;
/** Article texts kept in memory for passages (the most recently shown). */
const TEXTS_KEPT = 200;
/** Passage texts written per transaction while indexing. */
const TEXT_BATCH = 50;

/** The version key of a stored article: the same key means the same signed text. */
const versionOf = (a: ArticleSummary): string => `${a.rev}:${a.envelopeSha256 ?? ''}`;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

function counts(values: Iterable<string>): [string, number][] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** One site's search. */
export class SearchService {
  private readonly keeper: SearchIndexKeeper;
  private byId = new Map<string, ArticleSummary>();
  private readonly texts = new Map<string, Promise<string>>();
  /** Texts read while indexing, waiting to be stored for passages (passage-text.ts). */
  private pendingTexts: { id: string; version: string; text: string }[] = [];
  /** The chain of passage-text writes (one at a time, in order). */
  private textWrites: Promise<void> = Promise.resolve();
  /** False once a write was refused (a full disk): passages then read the articles. */
  private storeTexts = true;
  private running: Promise<UpdateResult> | undefined;
  private queued: Promise<UpdateResult> | undefined;
  private indexing: IndexingProgress | undefined;
  private ready: Promise<void>;
  private markReady!: () => void;

  constructor(
    private readonly site: string,
    private readonly onProgress: (p: IndexingProgress) => void = () => undefined,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.keeper = new SearchIndexKeeper({
      list: async () => {
        const list = await listArticles(site, { limit: Number.MAX_SAFE_INTEGER });
        this.byId = new Map(list.map((a) => [a.id, a]));
        this.texts.clear();
        return list.map((a) => ({ id: a.id, key: versionOf(a) }));
      },
      doc: async (id) => {
        const full = await getArticle(site, id);
        if (!full) return undefined;
        const text = htmlText(full.html);
        this.keepText(id, versionOf(full), text);
        return { id, title: full.title, summary: full.summary, section: full.section, author: full.author ?? '', text, lang: full.lang };
      },
      load: () => loadSearchRecord(site),
      save: (saved) => saveSearchRecord(site, saved),
    });
  }

  /**
   * Bring the index in line with the stored articles and save it. Calls made while one runs
   * share a single further run after it (articles may have changed again meanwhile).
   */
  update(): Promise<UpdateResult> {
    if (!this.running) return this.start();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<UpdateResult> {
    const run = (async (): Promise<UpdateResult> => {
      const t0 = performance.now();
      try {
        const report = await this.keeper.update((done, total) => {
          this.markReady();
          this.indexing = { done, total };
          this.onProgress(this.indexing);
        });
        this.indexing = undefined;
        this.markReady();
        await this.flushTexts();
        // A failure to save (storage full) only means the next visit indexes again.
        const saved = await this.keeper.persist().catch(() => false);
        const savedBytes = saved ? this.keeper.savedBytes : undefined;
        return { ...report, documents: this.keeper.current.documentCount, ms: Math.round(performance.now() - t0), ...(savedBytes === undefined ? {} : { savedBytes }) };
      } finally {
        this.indexing = undefined;
        this.running = undefined;
      }
    })();
    this.running = run;
    return run;
  }

  /** Ranked, filtered hits of `o.q` from `o.offset`, with passages. Waits for an index to exist. */
  async query(o: QueryOptions): Promise<QueryResult> {
    if (!this.keeper.started) void this.update().catch(() => undefined);
    await this.ready;
    const t0 = performance.now();
    const ranking = rank(this.keeper.current, o.q);
    const ranked = ranking.hits.filter((h) => this.byId.has(h.id));
    const filtered = ranked.filter((h) => (o.section === undefined || h.section === o.section) && (o.lang === undefined || h.lang === o.lang));
    const limit = Math.max(0, Math.min(MAX_LIMIT, o.limit));
    const page = filtered.slice(Math.max(0, o.offset), Math.max(0, o.offset) + limit);
    const t1 = performance.now();
    const head = matcher(ranking.head);
    const body = matcher(ranking.body);
    this.prefetch(page.map((h) => h.id));
    const hits = await Promise.all(page.map((h) => this.view(h, head, body)));
    return {
      total: filtered.length,
      hits: hits.filter((h): h is HitView => h !== undefined),
      sections: counts(ranked.map((h) => h.section)),
      langs: counts(ranked.map((h) => h.lang)),
      ...(this.indexing ? { indexing: this.indexing } : {}),
      ms: Math.round((performance.now() - t0) * 10) / 10,
      rankMs: Math.round((t1 - t0) * 10) / 10,
    };
  }

  /** Forget everything in memory; nothing is saved any more. */
  close(): void {
    this.keeper.close();
    // Nothing may write after an erase (a write would open, and so re-create, the database).
    this.storeTexts = false;
    this.pendingTexts = [];
    this.byId = new Map();
    this.texts.clear();
  }

  /** Queue an indexed article's text to be stored for passages; written TEXT_BATCH at a time. */
  private keepText(id: string, version: string, text: string): void {
    if (!this.storeTexts) return;
    this.pendingTexts.push({ id, version, text });
    if (this.pendingTexts.length >= TEXT_BATCH) void this.flushTexts();
  }

  /** Compress and store the queued texts (outside the transaction, then one write). Never throws. */
  private flushTexts(): Promise<void> {
    const batch = this.pendingTexts;
    this.pendingTexts = [];
    if (batch.length > 0) {
      this.textWrites = this.textWrites.then(async () => {
        if (!this.storeTexts) return;
        try {
          // fflate, synchronously: a few KB each, where a CompressionStream pipeline per row costs
          // more in promise hops than the compression itself.
          const rows: PassageTextRow[] = batch.map((t) => ({ id: t.id, version: t.version, gzip: gzipSync(utf8.encode(t.text)) }));
          await savePassageTexts(this.site, rows);
        } catch {
          this.storeTexts = false; // storage full or closing: passages read the articles instead
        }
      });
    }
    return this.textWrites;
  }

  /** An article's text for its passage: the stored copy when it is of this version, else the article. */
  private async readText(id: string, row: PassageTextRow | undefined): Promise<string> {
    const summary = this.byId.get(id);
    if (row && summary && row.version === versionOf(summary)) {
      try {
        return fromUtf8.decode(gunzipSync(row.gzip));
      } catch {
        // Our own row, written from a verified article: a damaged one means reading the article.
      }
    }
    const a = await getArticle(this.site, id);
    if (!a) return '';
    const text = htmlText(a.html);
    // Stored now, so the next query finds it (a saved index from before passage texts existed).
    this.keepText(id, versionOf(a), text);
    void this.flushTexts();
    return text;
  }

  /** Start reading the texts of `ids` not in memory: their stored rows in one transaction. */
  private prefetch(ids: readonly string[]): void {
    const wanted = ids.filter((id) => !this.texts.has(id));
    if (wanted.length === 0) return;
    const rows = loadPassageTexts(this.site, wanted).catch(() => wanted.map(() => undefined));
    wanted.forEach((id, i) => this.remember(id, rows.then((r) => this.readText(id, r[i]))));
  }

  /** Keep `p` as the text of `id`, most recently used last, at most TEXTS_KEPT. */
  private remember(id: string, p: Promise<string>): Promise<string> {
    this.texts.delete(id);
    this.texts.set(id, p);
    p.catch(() => this.texts.delete(id));
    for (const k of this.texts.keys()) {
      if (this.texts.size <= TEXTS_KEPT) break;
      this.texts.delete(k);
    }
    return p;
  }

  private text(id: string): Promise<string> {
    const known = this.texts.get(id);
    if (known) return this.remember(id, known);
    this.prefetch([id]);
    return this.texts.get(id)!;
  }

  private async view(h: RankedHit, head: (word: string) => boolean, body: (word: string) => boolean): Promise<HitView | undefined> {
    const a = this.byId.get(h.id);
    if (!a) return undefined;
    const text = await this.text(h.id).catch(() => '');
    return {
      id: a.id,
      title: highlight(a.title, head),
      passage: text === '' ? passage(a.summary, head) : passage(text, body),
      section: a.section,
      lang: a.lang,
      dir: a.dir === 'rtl' ? 'rtl' : 'ltr',
      published: a.published,
      publishedMs: a.publishedMs,
      exact: h.allExact,
    };
  }
}
