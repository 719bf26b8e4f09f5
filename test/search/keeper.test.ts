/**
 * The saved, incrementally updated offline search index (src/search/keeper.ts), with an
 * in-memory source: a saved index is loaded instead of indexing again, only changed and new
 * articles are indexed, gone ones are discarded, and anything odd about the saved copy (another
 * engine version, a damaged index, a document list that does not match) means a clean rebuild.
 */
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION, rank, type SearchDoc } from '../../src/search/engine.ts';
import { SearchIndexKeeper, type IndexSource, type SavedIndex } from '../../src/search/keeper.ts';

interface Stored {
  key: string;
  doc: SearchDoc;
}

function doc(id: string, text: string, title = `Title ${id}`): SearchDoc {
  return { id, title, summary: '', section: 'City', author: '', text, lang: 'en' };
}

/** A source over a mutable article map; counts what the keeper asks for. */
function source(articles: Map<string, Stored>) {
  const counts = { docs: 0, saves: 0, loads: 0 };
  let saved: unknown;
  let failSave: Error | undefined;
  const src: IndexSource = {
    list: async () => [...articles].map(([id, a]) => ({ id, key: a.key })),
    doc: async (id) => {
      counts.docs++;
      return articles.get(id)?.doc;
    },
    load: async () => {
      counts.loads++;
      return saved;
    },
    save: async (s: SavedIndex) => {
      if (failSave) throw failSave;
      counts.saves++;
      saved = structuredClone(s);
    },
  };
  return {
    src,
    counts,
    /** What was saved last. */
    get saved(): SavedIndex | undefined {
      return saved as SavedIndex | undefined;
    },
    /** Replace the saved copy (a damaged or foreign one). */
    replaceSaved(v: unknown) {
      saved = v;
    },
    failNextSaves(e: Error | undefined) {
      failSave = e;
    },
  };
}

const ids = (k: SearchIndexKeeper, q: string) => rank(k.current, q).hits.map((r) => r.id).sort();

function corpus(): Map<string, Stored> {
  return new Map([
    ['a', { key: '1:aa', doc: doc('a', 'The river bridge was repaired after the winter floods.') }],
    ['b', { key: '1:bb', doc: doc('b', 'Жители обсуждали выборы в городском совете.') }],
    ['c', { key: '1:cc', doc: doc('c', 'The library opens a night reading room.') }],
  ]);
}

describe('SearchIndexKeeper', () => {
  it('indexes everything the first time, saves it, and a later visit loads it without indexing again', async () => {
    const articles = corpus();
    const s = source(articles);
    const first = new SearchIndexKeeper(s.src);
    expect(await first.update()).toEqual({ loaded: false, added: 3, removed: 0 });
    expect(await first.persist()).toBe(true);
    expect(s.saved).toMatchObject({ engine: ENGINE_VERSION, docs: [['a', '1:aa'], ['b', '1:bb'], ['c', '1:cc']] });
    expect(ids(first, 'bridge')).toEqual(['a']);

    const docsAsked = s.counts.docs;
    const second = new SearchIndexKeeper(s.src);
    expect(await second.update()).toEqual({ loaded: true, added: 0, removed: 0 });
    expect(s.counts.docs).toBe(docsAsked);
    expect(ids(second, 'bridge')).toEqual(['a']);
    expect(ids(second, 'выборах')).toEqual(['b']);
    // Nothing changed: nothing to save.
    expect(await second.persist()).toBe(false);
    expect(s.counts.saves).toBe(1);
  });

  it('re-indexes only changed and new articles, and forgets removed ones', async () => {
    const articles = corpus();
    const s = source(articles);
    const k = new SearchIndexKeeper(s.src);
    await k.update();
    const before = s.counts.docs;
    articles.set('a', { key: '2:a2', doc: doc('a', 'The ferry replaced the bridge for a month.') });
    articles.delete('c');
    articles.set('d', { key: '1:dd', doc: doc('d', 'A new market opened near the station.') });
    // Already in memory: nothing loaded, two discarded (a changed, c gone), two indexed (a, d).
    expect(await k.update()).toEqual({ loaded: false, added: 2, removed: 2 });
    expect(s.counts.docs - before).toBe(2);
    expect(ids(k, 'ferry')).toEqual(['a']);
    expect(ids(k, 'floods')).toEqual([]);
    expect(ids(k, 'library')).toEqual([]);
    expect(ids(k, 'market')).toEqual(['d']);
    expect(await k.persist()).toBe(true);
    // An update that finds nothing new does not save again.
    expect(await k.update()).toEqual({ loaded: false, added: 0, removed: 0 });
    expect(await k.persist()).toBe(false);
    // The saved copy carries the update: a new visit sees the same.
    const again = new SearchIndexKeeper(s.src);
    expect(await again.update()).toEqual({ loaded: true, added: 0, removed: 0 });
    expect(ids(again, 'ferry')).toEqual(['a']);
    expect(ids(again, 'library')).toEqual([]);
  });

  it("forgets, as it loads, the articles a retention drop listed in the saved copy's forget list", async () => {
    const articles = corpus();
    const s = source(articles);
    const first = new SearchIndexKeeper(s.src);
    await first.update();
    await first.persist();
    // What shared/db/search-record.ts forgetInSearchRecord writes in the dropping transaction.
    articles.delete('c');
    s.replaceSaved({ ...s.saved!, forget: ['c', 'never-indexed'] });
    const k = new SearchIndexKeeper(s.src);
    // Discarded while loading (before the list is even read), so the update itself removes nothing.
    expect(await k.update()).toEqual({ loaded: true, added: 0, removed: 0 });
    expect(ids(k, 'library')).toEqual([]);
    expect(ids(k, 'bridge')).toEqual(['a']);
    // Saved again without it, and without the list.
    expect(await k.persist()).toBe(true);
    expect(s.saved?.docs.map((d) => d[0])).toEqual(['a', 'b']);
    expect(s.saved?.forget).toBeUndefined();
  });

  it('rebuilds when the saved copy is of another engine version, damaged, or does not match its list', async () => {
    const articles = corpus();
    const s = source(articles);
    const k = new SearchIndexKeeper(s.src);
    await k.update();
    await k.persist();
    const good: SavedIndex = s.saved!;
    const variants: unknown[] = [
      { ...good, engine: ENGINE_VERSION + 1 },
      { ...good, index: '{"not": "an index"' },
      { ...good, index: {} },
      { ...good, index: { ...good.index, body: good.index.body.slice(0, -1) } },
      { ...good, index: { ...good.index, termStem: new Uint32Array(2) } },
      { ...good, index: { ...good.index, ids: ['a', 'b', 'x'] } },
      { ...good, docs: good.docs.slice(1) },
      { ...good, docs: [[1, 2]] },
      'a string',
      null,
    ];
    for (const v of variants) {
      s.replaceSaved(v);
      const fresh = new SearchIndexKeeper(s.src);
      expect(await fresh.update()).toEqual({ loaded: false, added: 3, removed: 0 });
      expect(ids(fresh, 'bridge')).toEqual(['a']);
      // A rebuilt index is saved again.
      expect(await fresh.persist()).toBe(true);
    }
  });

  it('an article gone between listing and reading is left out and picked up by a later update', async () => {
    const articles = corpus();
    const s = source(articles);
    const k = new SearchIndexKeeper(s.src);
    const realDoc = s.src.doc;
    s.src.doc = async (id) => (id === 'b' ? undefined : realDoc(id));
    expect(await k.update()).toMatchObject({ added: 2 });
    expect(ids(k, 'выборах')).toEqual([]);
    s.src.doc = realDoc;
    expect(await k.update()).toMatchObject({ added: 1, removed: 0 });
    expect(ids(k, 'выборах')).toEqual(['b']);
  });

  it('a failed save is tried again after the next update; after close nothing is saved', async () => {
    const s = source(corpus());
    const k = new SearchIndexKeeper(s.src);
    await k.update();
    s.failNextSaves(new Error('storage full'));
    await expect(k.persist()).rejects.toThrow('storage full');
    s.failNextSaves(undefined);
    await k.update();
    expect(await k.persist()).toBe(true);
    expect(s.counts.saves).toBe(1);

    const s2 = source(corpus());
    const k2 = new SearchIndexKeeper(s2.src);
    await k2.update();
    k2.close();
    expect(await k2.persist()).toBe(false);
    expect(s2.counts.saves).toBe(0);
    expect(() => k2.current).toThrow();
  });
});
