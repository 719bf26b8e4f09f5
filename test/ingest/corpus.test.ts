/**
 * The corpus check over our own committed pages (test/fixtures/ingest/corpus/<page>/source.html
 * and expected.html, shaped like real outlets' pages in English and Russian): ingest is never
 * more than 0.05 token F1 below plain Readability 0.6.0, and on the appeal, flash and untitled
 * pages it yields exactly the story. The same scoring runs over Mozilla Readability's corpus in
 * `npm run bench:ingest-corpus` (see docs/benchmarks.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { referenceText, regressions, scorePage, type PageScore } from '../../scripts/bench-ingest-corpus-score.ts';
import { extractPage } from '../../src/cli/ingest/sources/page.ts';
import { FIXTURES } from './helpers.ts';

const CORPUS = join(FIXTURES, 'corpus');
const PAGES = readdirSync(CORPUS).sort();

/** Pages whose ingested text must be exactly the story of expected.html. */
const EXACT = [
  'en-ledger-appeal', 'en-courier-inline-appeal', 'ru-vestnik-appeal', 'ru-listok-inline-appeal',
  'en-flash-short', 'en-untitled-bare', 'en-harbour-blog-comments', 'ru-gazeta-comments',
];

function source(page: string): Uint8Array {
  return new Uint8Array(readFileSync(join(CORPUS, page, 'source.html')));
}

function plainReadabilityText(page: string): string {
  const dom = new JSDOM(readFileSync(join(CORPUS, page, 'source.html'), 'utf8'), { url: 'https://outlet.example/a', virtualConsole: new VirtualConsole() });
  try {
    return (new Readability(dom.window.document).parse()?.textContent ?? '').replace(/\s+/g, ' ');
  } finally {
    dom.window.close();
  }
}

function extract(page: string) {
  const warnings: string[] = [];
  const draft = extractPage({ bytes: source(page), contentType: '', url: `https://outlet.example/${page}` }, { siteLang: 'en', warn: (w) => warnings.push(w) });
  return { draft, warnings };
}

describe('the reference text', () => {
  it('leaves a reader comment section of expected.html out, and nothing else', () => {
    const ref = referenceText('<div><p>The council asked for comments.</p><div id="comments"><p>First!</p><div id="respond"><p>Leave a reply</p></div></div><p>The end.</p></div>');
    expect(ref.commentsExcluded).toBe(true);
    expect(ref.text).toContain('asked for comments');
    expect(ref.text).toContain('The end.');
    expect(ref.text).not.toContain('First!');
    expect(referenceText('<div><p class="comments">Story text.</p></div>')).toEqual({ text: 'Story text.', commentsExcluded: false });
  });
});

describe('corpus of our own outlet-shaped pages', () => {
  const scores = new Map<string, PageScore>();
  beforeAll(async () => {
    for (const page of PAGES) scores.set(page, await scorePage(join(CORPUS, page), page));
  }, 120_000);

  it('has the pages it is meant to have', () => {
    expect(PAGES.length).toBeGreaterThanOrEqual(7);
    for (const page of EXACT) expect(PAGES).toContain(page);
  });

  it('ingest is never more than 0.05 F1 below plain Readability', () => {
    expect(regressions([...scores.values()]).map((s) => `${s.name}: ingest ${s.ingest.toFixed(3)} < Readability ${s.readability.toFixed(3)}`)).toEqual([]);
    for (const s of scores.values()) expect(s.error, s.name).toBeUndefined();
  });

  it('yields exactly the story on the appeal, flash and untitled pages', () => {
    for (const page of EXACT) expect(scores.get(page)!.ingest, page).toBe(1);
    for (const s of scores.values()) expect(s.ingest, s.name).toBeGreaterThanOrEqual(0.95);
  });

  it('does better than Readability where furniture sits inside the article (Readability keeps it)', () => {
    for (const [page, furniture] of [['en-courier-inline-appeal', 'free articles this month'], ['ru-listok-inline-appeal', 'Напомнить позже'], ['ru-listok-inline-appeal', 'бесплатных статей']] as const) {
      expect(plainReadabilityText(page), `control: plain Readability keeps "${furniture}" on ${page}`).toContain(furniture);
      expect(scores.get(page)!.ingest).toBeGreaterThan(scores.get(page)!.readability);
      expect(extract(page).draft.body).not.toContain(furniture);
    }
  });
});

describe('real-outlet-shaped article pages ingest as exactly headline and story', () => {
  it.each([
    ['en-ledger-appeal', 'Miners walk out at Kestrel Ridge over unpaid wages', ['Dear readers', 'Remind me later', 'Pay by card', 'cookies', 'Investigations', 'Comments', 'More on this topic', 'in your inbox', 'Read also', 'Share', '©']],
    ['en-courier-inline-appeal', 'Food bank on Mill Street runs out of rice as demand doubles', ['Dear readers', 'Donate now', '£5', 'free articles', 'privacy', 'Comments', 'Most read', 'All rights reserved']],
    ['ru-vestnik-appeal', 'Жителей Кедрового оставили без воды на вторую неделю', ['Дорогие читатели', 'Напомнить позже', 'Банковской картой', 'cookies', 'Подпишитесь', 'Читайте также', 'Ещё по теме', 'Комментарии', 'Поделиться', 'Все права защищены']],
    ['ru-listok-inline-appeal', 'Суд отказался отпустить под залог учителя из Берёзовки', ['Уважаемые читатели', 'Напомнить позже', '500 ₽', 'бесплатных статей', 'cookie', 'Обсуждение', 'Читайте также', '©']],
  ])('%s', (page, headline, gone) => {
    const { draft } = extract(page);
    expect(draft.title).toBe(headline);
    for (const text of gone) expect(draft.body, `${text} must be gone`).not.toContain(text);
  });

  it('keeps story sentences that use appeal words ("support", "readers", "подписка", "donations", "monthly")', () => {
    expect(extract('en-ledger-appeal').draft.body).toContain('Now we need it to support our families');
    expect(extract('en-ledger-appeal').draft.body).toContain('Our readers of the notice board');
    expect(extract('en-courier-inline-appeal').draft.body).toContain('We live on donations. Most of our money comes from people who give five or ten pounds monthly');
    expect(extract('ru-vestnik-appeal').draft.body).toContain('«Подписка на газету у нас была сорок лет');
    expect(extract('ru-listok-inline-appeal').draft.body).toContain('кто-то перевел разово тысячу рублей, кто-то обещал помогать ежемесячно');
  });
});

describe('short and untitled pages', () => {
  it('a two-paragraph news flash is ingested with its headline', () => {
    const { draft } = extract('en-flash-short');
    expect(draft.title).toBe('Bridge closed after barge strike');
    expect(draft.body).toContain('No one was hurt.');
    expect(draft.body).not.toContain('Ferry timetable');
  });

  it('no headline: og:title, with a warning that says so', () => {
    const { draft, warnings } = extract('ru-untitled-og');
    expect(draft.title).toBe('В Берёзовке закрыли последнюю аптеку');
    expect(warnings).toContain('https://outlet.example/ru-untitled-og: no headline on the page; the title was taken from og:title');
  });

  it('no headline and no og:title: <title> minus the site name, with a warning', () => {
    const html = `<html><head><title>Night buses return to the Eastfield route | Harbour Courier</title></head><body><div><p>${'The night bus to Eastfield is back from Monday, the transport company said, after a year without it. '.repeat(3)}</p></div></body></html>`;
    const warnings: string[] = [];
    const d = extractPage({ bytes: new TextEncoder().encode(html), contentType: 'text/html', url: 'https://outlet.example/n' }, { siteLang: 'en', warn: (w) => warnings.push(w) });
    expect(d.title).toBe('Night buses return to the Eastfield route');
    expect(warnings).toContain('https://outlet.example/n: no headline on the page; the title was taken from <title>');
  });

  it('no headline, no og:title, no <title>: the first sentence, with a warning', () => {
    const { draft, warnings } = extract('en-untitled-bare');
    expect(draft.title).toMatch(/^Residents of the Eastfield estate will get a new playground by the end of October/);
    expect(draft.title.length).toBeLessThanOrEqual(120);
    expect(warnings).toContain('https://outlet.example/en-untitled-bare: no headline on the page; the title was taken from first sentence');
  });

  it('a very short page is ingested with a warning, not refused', () => {
    const html = '<html><head><title>Power cut</title></head><body><p>Power is off in the old town until 18:00.</p></body></html>';
    const warnings: string[] = [];
    const d = extractPage({ bytes: new TextEncoder().encode(html), contentType: 'text/html', url: 'https://outlet.example/p' }, { siteLang: 'en', warn: (w) => warnings.push(w) });
    expect(d.body).toContain('Power is off in the old town until 18:00.');
    expect(warnings.some((w) => /short article \(\d+ characters of text\)/.test(w))).toBe(true);
  });
});
