/**
 * The search engine (src/search/engine.ts, terms.ts, snippet.ts, html-text.ts) in Node: Snowball
 * stems in Russian and English at index and query time, exact forms ranked first, ё/е folding,
 * prefixes from the second letter, passages with the matched words marked, article text without
 * a DOM.
 */
import { describe, expect, it } from 'vitest';
import { createIndex, InvertedIndex, rank, type SearchDoc } from '../../src/search/engine.ts';
import { SearchIndexError, withinOneEdit } from '../../src/search/inverted-index.ts';
import { htmlText } from '../../src/search/html-text.ts';
import { highlight, matcher, passage, SNIPPET_WORDS } from '../../src/search/snippet.ts';
import { fold, stemOf } from '../../src/search/terms.ts';

const docs: SearchDoc[] = [
  { id: 'vybory', title: 'Выборы в городе', summary: 'Итоги голосования', section: 'Политика', author: '', text: 'На выборах победил независимый кандидат. Ёлки у мэрии.', lang: 'ru' },
  { id: 'rynok', title: 'Цены растут', summary: 'Овощи дорожают', section: 'Экономика', author: '', text: 'Центральный рынок открылся после ремонта, торговцы довольны.', lang: 'ru' },
  { id: 'rynke', title: 'Новые правила', summary: 'Что изменилось', section: 'Экономика', author: '', text: 'На рынке теперь принимают карты.', lang: 'ru' },
  { id: 'election', title: 'Election night, hour by hour', summary: 'Results', section: 'Politics', author: 'Jane Doe', text: 'Queues formed before dawn at polling stations.', lang: 'en' },
  { id: 'weather', title: 'Storm warning', summary: 'Heavy rain', section: 'Weather', author: '', text: 'Rivers are rising; the council connected new pumps.', lang: 'en' },
  { id: 'connection', title: 'Ferry connection restored', summary: '', section: 'City', author: '', text: 'The connection to the island runs again.', lang: 'en' },
];
const index = createIndex();
index.addAll(docs);
const ids = (q: string) => rank(index, q).hits.map((r) => r.id);

describe('terms', () => {
  it('stems with Snowball in both languages, folding ё and diacritics', () => {
    expect(stemOf('рынке')).toBe('рынк');
    expect(stemOf('выборах')).toBe(stemOf('выборы'));
    expect(stemOf('новый')).toBe('нов'); // й seen by the stemmer before folding
    expect(stemOf('Ёлки')).toBe(stemOf('елки'));
    expect(stemOf('elections')).toBe('elect');
    expect(stemOf('connection')).toBe('connect');
    expect(fold('Café')).toBe('cafe');
    expect(stemOf('2026')).toBe('2026');
  });
});

describe('ranking', () => {
  it('finds Russian words in any form', () => {
    expect(ids('выборы')).toEqual(['vybory']);
    expect(ids('выборах')).toEqual(['vybory']);
    expect(ids('ВЫБОРОВ')).toEqual(['vybory']);
    expect(ids('елки')).toEqual(['vybory']);
    expect(ids('голосование')).toEqual(['vybory']);
  });

  it('«рынке» finds «рынок», and the exact form comes first', () => {
    expect(ids('рынке')).toEqual(['rynke', 'rynok']);
    expect(ids('рынок')).toEqual(['rynok', 'rynke']);
    const [first, second] = rank(index, 'рынке').hits;
    expect(first!.allExact).toBe(true);
    expect(second!.allExact).toBe(false);
  });

  it('finds English words by stem and ranks the exact form first', () => {
    expect(ids('elections')).toEqual(['election']);
    expect(ids('queue')).toEqual(['election']);
    expect(ids('polling station')).toEqual(['election']);
    expect(ids('jane')).toEqual(['election']);
    expect(ids('connected')[0]).toBe('weather');
    expect(ids('connected')).toContain('connection');
  });

  it('matches the last word as a prefix from the second letter (short ones in titles and summaries)', () => {
    expect(ids('вы')).toEqual(['vybory']);
    expect(ids('ni')).toEqual(['election']);
    expect(ids('st')).toEqual(['weather']); // "stations" is in a body: too short a prefix for bodies
    expect(ids('stati')).toEqual(['election']);
    expect(ids('рыно')).toContain('rynok');
    expect(ids('р')).toEqual([]); // one letter is not a prefix query
    expect(ids('вы городе')).toEqual([]); // only the last word is a prefix
    expect(ids('городе вы')).toEqual(['vybory']);
  });

  it('requires every word and ignores empty queries', () => {
    expect(ids('storm election')).toEqual([]);
    expect(ids('   ')).toEqual([]);
    expect(ids('!!!')).toEqual([]);
  });

  it('ranks the exact form of a word above its other forms, however often they occur', () => {
    const x = createIndex();
    x.addAll([
      { id: 'stemmed', title: 'Рынки, рынки, рынки', summary: 'Рынков много', section: '', author: '', text: 'рынками рынках рынкам', lang: 'ru' },
      { id: 'exact', title: 'Прочее', summary: '', section: '', author: '', text: `${'слово '.repeat(300)} на рынке`, lang: 'ru' },
    ]);
    const { hits } = rank(x, 'рынке');
    expect(hits.map((h) => h.id)).toEqual(['exact', 'stemmed']);
    // The stemmed article scores higher on its own: only the exact-first rule puts it second.
    expect(hits[1]!.score).toBeGreaterThan(hits[0]!.score);
    expect(hits.map((h) => h.allExact)).toEqual([true, false]);
  });

  it('marks the forms that matched, in the head and in the body apart', () => {
    const r = rank(index, 'рынке');
    expect([...r.body].sort()).toEqual(['рынке', 'рынок']);
    expect([...r.head]).toEqual([]);
    expect([...rank(index, 'st').head]).toEqual(['storm']);
    expect([...rank(index, 'st').body]).toEqual([]);
  });

  it('survives a save and load (by structured clone) with the same results', () => {
    const again = InvertedIndex.fromSaved(structuredClone(index.save()));
    for (const q of ['рынке', 'вы', 'stati', 'connected', 'городе вы', 'jane']) expect(rank(again, q).hits).toEqual(rank(index, q).hits);
    expect(again.documentCount).toBe(docs.length);
  });

  it('forgets discarded documents, compacts, and stays the same after a save', () => {
    const x = createIndex();
    const many = Array.from({ length: 1200 }, (_, i): SearchDoc => ({ id: `d${i}`, title: `Заметка ${i}`, summary: '', section: i % 2 ? 'A' : 'B', author: '', text: i % 3 === 0 ? 'рынок открыт' : 'market open', lang: i % 3 === 0 ? 'ru' : 'en' }));
    x.addAll(many);
    const terms = x.termCount;
    for (let i = 0; i < 1000; i++) x.discard(`d${i}`);
    expect(x.documentCount).toBe(200);
    // Compacted on the way: numbers reused from 0, and the forms of gone titles dropped.
    expect(x.capacity).toBeLessThan(1200);
    expect(x.termCount).toBeLessThan(terms);
    const expected = many.slice(1000).filter((d) => d.lang === 'ru').map((d) => d.id);
    expect(rank(x, 'рынка').hits.map((h) => h.id).sort()).toEqual(expected.sort());
    expect(rank(x, 'заметка 5').hits.map((h) => h.id)).toEqual([]);
    expect(rank(x, 'заметка 1100').hits.map((h) => h.id)).toEqual(['d1100']);
    x.add({ ...many[1100]!, text: 'replaced' });
    expect(x.documentCount).toBe(200);
    expect(rank(x, 'market 1100').hits).toEqual([]);
    const again = InvertedIndex.fromSaved(structuredClone(x.save()));
    expect(rank(again, 'replaced').hits.map((h) => h.id)).toEqual(['d1100']);
    expect(rank(again, 'рынка').hits.map((h) => h.id).sort()).toEqual(expected.sort());
  });

  it('refuses a damaged saved index with a specific error', () => {
    const good = index.save();
    const bad: unknown[] = [null, {}, { ...good, format: 2 }, { ...good, body: good.body.slice(1) }, { ...good, head: new Uint8Array([...good.head, 1]) }, { ...good, ids: good.ids.map(() => 'same') }, { ...good, termStem: good.termStem.map(() => 1e6) }, { ...good, order: good.order.slice().reverse() }, { ...good, order: good.order.map(() => 0) }];
    for (const v of bad) {
      try {
        InvertedIndex.fromSaved(v);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(SearchIndexError);
        expect((e as SearchIndexError).code).toBe('damaged');
      }
    }
  });

  it('stores section and language for the filters', () => {
    expect(rank(index, 'рынке').hits.map((r) => [r.section, r.lang])).toEqual([
      ['Экономика', 'ru'],
      ['Экономика', 'ru'],
    ]);
  });
});

describe('one edit apart', () => {
  it('allows one insertion, deletion or substitution, anywhere', () => {
    for (const [a, b] of [['рынк', 'рынок'], ['рынок', 'рынк'], ['elect', 'select'], ['cat', 'cut'], ['cat', 'cats'], ['cat', 'at'], ['same', 'same']]) expect(withinOneEdit(a!, b!)).toBe(true);
    for (const [a, b] of [['рынк', 'рыночн'], ['cat', 'dog'], ['abcd', 'abdc'], ['cat', 'c'], ['ab', 'ba']]) expect(withinOneEdit(a!, b!)).toBe(false);
  });
});

describe('passages', () => {
  it('marks the matched words, exact and stemmed, in the passage and the title', () => {
    const isMatch = matcher(rank(index, 'рынке').body);
    const p = passage(docs[1]!.text, isMatch);
    expect(p.segments.filter((s) => s.mark).map((s) => s.text)).toEqual(['рынок']);
    expect(p.segments.map((s) => s.text).join('')).toBe(docs[1]!.text.replace(/\.$/, ''));
    expect(highlight('Выборы в городе', matcher(rank(index, 'выборах').head))).toEqual([{ text: 'Выборы', mark: true }, { text: ' в городе' }]);
  });

  it('picks the window with the most distinct matches from a long text', () => {
    const filler = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    const text = `budget ${filler} The council passed the budget today. ${filler}`;
    const isMatch = (w: string) => /^(council|budget)$/i.test(w);
    const p = passage(text, isMatch);
    expect(p.cutBefore).toBe(true);
    expect(p.cutAfter).toBe(true);
    expect(p.segments.filter((s) => s.mark).map((s) => s.text)).toEqual(['council', 'budget']);
    expect(p.segments.map((s) => s.text).join('').split(' ').length).toBeLessThanOrEqual(SNIPPET_WORDS + 1);
  });

  it('opens with the first words when only the title matched', () => {
    const p = passage('One two three.', () => false);
    expect(p.segments).toEqual([{ text: 'One two three' }]);
    expect(p.cutBefore).toBe(false);
  });
});

describe('article text without a DOM', () => {
  it('decodes entities, keeps block boundaries and drops hidden content', () => {
    expect(htmlText('<p>Рынок&nbsp;закрыт &amp; <b>open</b></p><p>Second<br>line</p><script>x()</script><style>p{}</style><svg><text>no</text></svg><figcaption>Caption &laquo;x&raquo;</figcaption>')).toBe('Рынок закрыт & open Second line Caption «x»');
  });
});

describe('the passage matcher', () => {
  it('matches a word by its folded form whatever its first letter looks like', () => {
    const isMatch = matcher(new Set(['елка', 'иогурт', 'ecole', 'river', '2026']));
    for (const w of ['Ёлка', 'ёлка', 'Елка', 'Йогурт', 'йогурт', 'École', 'ecole', 'River', 'RIVER', '2026']) expect(isMatch(w), w).toBe(true);
    for (const w of ['Рынок', 'rivers', 'Ecoles', 'лес', 'Jogurt', '2025']) expect(isMatch(w), w).toBe(false);
  });
});
