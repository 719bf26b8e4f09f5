/**
 * Page extraction keeps the article (headline, byline, date, body, figures) and drops the
 * clutter of a news page, on real jsdom + Readability + DOMPurify.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Readability } from '@mozilla/readability';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractPage } from '../../src/cli/ingest/sources/page.ts';
import { NoArticleError } from '../../src/cli/ingest/errors.ts';
import { FIXTURES } from './helpers.ts';

async function load(name: string) {
  const path = join(FIXTURES, 'pages', name);
  return { bytes: new Uint8Array(await readFile(path)), contentType: '', url: pathToFileURL(path).href };
}

describe('extractPage: English page with clutter', () => {
  it('keeps headline, byline, dates, section, lead image and body', async () => {
    const d = extractPage(await load('en-article.html'), { siteLang: 'en' });
    expect(d.title).toBe('Harbour ferry returns after three winters');
    expect(d.author).toBe('Mara Oakes');
    expect(d.date).toBe('2026-03-14T08:15:00+02:00');
    expect(d.updated).toBe('2026-03-14T11:40:00+02:00');
    expect(d.section).toBe('Local');
    expect(d.lang).toBe('en-GB');
    expect(d.dir).toBeUndefined();
    expect(d.source).toBe('https://lantern.example/2026/03/harbour-ferry-returns');
    expect(d.image?.alt).toBe('The rebuilt ferry tied up at the north quay');
    for (const para of [
      'For the first time in three winters, the blue-and-white ferry crossed',
      'spent eighteen months replacing planks',
      'People kept bringing us tea and biscuits',
      'The crossing takes six minutes',
      'For now the timetable is written on a chalkboard',
      'the town owed them "more than a ticket"',
    ]) expect(d.body).toContain(para);
    expect(d.body).toContain('<h2>A timetable written on a chalkboard</h2>');
  });

  it('keeps figures with their captions and alt text', async () => {
    const d = extractPage(await load('en-article.html'), { siteLang: 'en' });
    expect(d.body).toMatch(/<figure><img src="[^"]*harbour\.jpg" alt="The rebuilt ferry tied up at the north quay"><figcaption>The ferry at the north quay before its first crossing\. Photo: Lena Strand<\/figcaption><\/figure>/);
    expect(d.body).toContain('alt="Bar chart of passengers per month, 2019 to 2022"');
    expect(d.body).toContain('<figcaption>Passengers per month before the storm.</figcaption>');
  });

  it('drops every clutter block', async () => {
    const d = extractPage(await load('en-article.html'), { siteLang: 'en' });
    const dropped = {
      'skip link': 'Skip to content',
      'cookie notice': 'We use cookies',
      'cookie button': 'Accept all cookies',
      navigation: '>World<',
      'subscription banner': 'Sign up for our newsletter',
      'share buttons': 'Share on Facebook',
      'ad label': 'Advertisement',
      'read-also line': 'fish market gets a new roof',
      'donation appeal': 'please make a donation',
      'donation heading': 'Support independent local journalism',
      'tag list': 'volunteers</a>',
      'related stories': 'Storm damage along the coast',
      'most read': 'Lighthouse keeper retires',
      footer: 'All rights reserved',
      'headline repeated in body': '<h1>',
      'byline repeated in body': 'By Mara Oakes',
      'script': 'tracker',
    };
    for (const [what, text] of Object.entries(dropped)) {
      expect(d.body, `${what} should be gone`).not.toContain(text);
    }
    expect(d.body).not.toMatch(/<(script|style|iframe|nav|footer|aside|button|form)\b/);
    expect(d.body).not.toMatch(/\s(class|id|style|on\w+)=/);
  });

  it('does better than Readability alone on the same page (the pre-clean matters)', async () => {
    const raw = await load('en-article.html');
    const dom = new JSDOM(Buffer.from(raw.bytes), { url: raw.url });
    const plain = new Readability(dom.window.document).parse()?.textContent ?? '';
    // Readability keeps these in-article clutter blocks; our pipeline must not.
    expect(plain).toContain('Advertisement');
    expect(plain).toContain('Read also');
    const d = extractPage(raw, { siteLang: 'en' });
    expect(d.body).not.toContain('Advertisement');
    expect(d.body).not.toContain('Read also');
  });
});

describe('extractPage: Russian page (clutter without tell-tale classes)', () => {
  it('keeps the article and its metadata', async () => {
    const d = extractPage(await load('ru-article.html'), { siteLang: 'en' });
    expect(d.title).toBe('В Заречье открыли библиотеку в бывшей котельной');
    expect(d.author).toBe('Ирина Соколова');
    expect(d.date).toBe('2026-02-03T19:05:00+03:00');
    expect(d.lang).toBe('ru');
    expect(d.section).toBe('Общество');
    expect(d.body).toContain('В микрорайоне Заречье в субботу открылась новая библиотека');
    expect(d.body).toContain('около восьми тысяч томов');
    expect(d.body).toContain('alt="Читальный зал библиотеки с высокими окнами"');
    expect(d.body).toContain('<figcaption>Читальный зал в бывшем машинном отделении. Фото: Павел Ветров</figcaption>');
  });

  it('drops the Russian clutter', async () => {
    const d = extractPage(await load('ru-article.html'), { siteLang: 'en' });
    for (const text of [
      'Мы используем файлы cookie',
      'Подпишитесь на наш телеграм-канал',
      'Поделиться',
      'Поддержите «Вечерний маяк»',
      'существуем на пожертвования',
      'Читайте также',
      'Какие парки благоустроят весной',
      'Все права защищены',
      'Политика',
      'Автор:',
    ]) expect(d.body, text).not.toContain(text);
  });
});

describe('extractPage: right-to-left page', () => {
  it('sets lang ar and dir rtl and keeps Arabic text', async () => {
    const d = extractPage(await load('ar-article.html'), { siteLang: 'en' });
    expect(d.lang).toBe('ar');
    expect(d.dir).toBe('rtl');
    expect(d.title).toBe('إعادة افتتاح ميناء الصيد بعد الترميم');
    expect(d.author).toBe('سلمى حداد');
    expect(d.body).toContain('أعيد صباح الثلاثاء افتتاح ميناء الصيد القديم');
    expect(d.body).toContain('<figcaption>قوارب الصيد في الرصيف الشمالي صباح الافتتاح.</figcaption>');
    for (const text of ['شارك المقال', 'ادعمنا', 'تبرع الآن', 'مقالات ذات صلة', 'سوق السمك يغير مواعيده', 'جميع الحقوق محفوظة', 'الرئيسية']) {
      expect(d.body, text).not.toContain(text);
    }
  });

  it('takes dir=rtl from the page even without an RTL language tag', () => {
    const html = `<!doctype html><html dir="rtl"><head><title>x</title></head><body><article><h1>כותרת הכתבה</h1>
      <p>${'טקסט הכתבה בעברית עם מספיק מילים כדי להיחשב כמאמר אמיתי, ועוד קצת. '.repeat(6)}</p></article></body></html>`;
    const d = extractPage({ bytes: new TextEncoder().encode(html), contentType: 'text/html', url: 'https://outlet.example/a' }, { siteLang: 'en' });
    expect(d.dir).toBe('rtl');
    expect(d.lang).toBe('he');
  });
});

describe('extractPage: pages without an article', () => {
  it('throws NoArticleError for a page of furniture only', async () => {
    const page = await load('empty.html');
    expect(() => extractPage(page, { siteLang: 'en' })).toThrow(NoArticleError);
  });

  it('decodes an undeclared UTF-8 page as UTF-8, not windows-1252', () => {
    const html = `<html><body><article><h1>Заголовок</h1><p>${'Текст статьи без объявленной кодировки. '.repeat(8)}</p></article></body></html>`;
    const d = extractPage({ bytes: new TextEncoder().encode(html), contentType: 'text/html', url: 'https://outlet.example/b' }, { siteLang: 'en' });
    expect(d.title).toBe('Заголовок');
    expect(d.lang).toBe('ru');
  });
});
