/**
 * The offline full-text index over stored articles (minisearch), kept by search-keeper.ts: saved
 * in the reader database after it changes, loaded on the next visit, and brought up to date
 * article by article when the stored articles change. Nothing about a search ever leaves the device.
 */
import { siteConfig } from 'virtual:pigeonpost-site';
import { getArticle, listArticles, loadSearchRecord, saveSearchRecord, type ArticleSummary } from '../shared/db/index.ts';
import { articleText } from './sanitize.ts';
import { runSearch } from './search-engine.ts';
import { SearchIndexKeeper } from './search-keeper.ts';

/** A search hit: the stored summary plus the score. */
export interface SearchHit {
  readonly article: ArticleSummary;
  readonly score: number;
}

/** The articles list of the last update, for turning hits into summaries. */
let byId = new Map<string, ArticleSummary>();
let keeper: SearchIndexKeeper | undefined;
let updating: { version: number; promise: Promise<void> } | undefined;
let readyVersion: number | undefined;

function newKeeper(): SearchIndexKeeper {
  const site = siteConfig.id;
  return new SearchIndexKeeper({
    list: async () => {
      const list = await listArticles(site, { limit: Number.MAX_SAFE_INTEGER });
      byId = new Map(list.map((a) => [a.id, a]));
      return list.map((a) => ({ id: a.id, key: `${a.rev}:${a.envelopeSha256 ?? ''}` }));
    },
    doc: async (id) => {
      const full = await getArticle(site, id);
      return full && { id, title: full.title, summary: full.summary, section: full.section, author: full.author ?? '', text: articleText(full.html) };
    },
    load: () => loadSearchRecord(site),
    save: (saved) => saveSearchRecord(site, saved),
  });
}

async function update(version: number): Promise<void> {
  keeper ??= newKeeper();
  const k = keeper;
  await k.update();
  if (keeper !== k) return; // erased meanwhile
  readyVersion = version;
  // Saving serialises the whole index: after the results are shown, not before. A failure (storage
  // full) only means the next visit indexes again; the keeper retries after its next update.
  setTimeout(() => void k.persist().catch(() => undefined), 0);
}

/** Search the stored articles; `version` is appState.articlesVersion (a change updates the index). */
export async function searchStored(query: string, version: number): Promise<SearchHit[]> {
  if (readyVersion !== version) {
    if (!updating || updating.version !== version) {
      // One update at a time: a newer version waits for the running one, then runs.
      const previous = updating?.promise;
      updating = {
        version,
        promise: (async () => {
          await previous?.catch(() => undefined);
          await update(version);
        })(),
      };
    }
    await updating.promise;
  }
  if (!keeper || readyVersion !== version) return []; // erased while this search waited
  return runSearch(keeper.current, query).flatMap((r) => {
    const article = byId.get(String(r.id));
    return article ? [{ article, score: r.score }] : [];
  });
}

/** Forget the index in memory (ERASE_ALL deletes the saved one with the database). */
export function dropSearchIndex(): void {
  keeper?.close();
  keeper = undefined;
  updating = undefined;
  readyVersion = undefined;
  byId = new Map();
}
