/**
 * Slugs, dates and language decisions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeDate } from '../../src/cli/ingest/dates.ts';
import { decideDir, decideLang, guessLangFromText, normalizeLang } from '../../src/cli/ingest/lang.ts';
import { isValidId, slugify } from '../../src/cli/ingest/slug.ts';
import { candidateId } from '../../src/cli/ingest/state.ts';
import { makeSummary } from '../../src/cli/ingest/text.ts';

describe('slugify', () => {
  it('transliterates Cyrillic', () => {
    expect(slugify('Выборы в Москве')).toBe('vybory-v-moskve');
    expect(slugify('Щука, ёж и Юлия: съезд')).toBe('shchuka-ezh-i-yuliya-sezd');
    expect(slugify('Київ і Львів')).toBe('kiyiv-i-lviv');
  });

  it('strips Latin accents and punctuation', () => {
    expect(slugify('Ça coûte 5 € — Straße!')).toBe('ca-coute-5-strasse');
  });

  it('gives up on scripts it cannot transliterate', () => {
    expect(slugify('مهرجان البحر يعود في الصيف')).toBe('');
    expect(slugify('2026 מהדורת הבוקר של החדשות')).toBe('');
  });

  it('caps length at 96 on a word boundary', () => {
    const s = slugify('word '.repeat(60));
    expect(s.length).toBeLessThanOrEqual(96);
    expect(s.endsWith('-')).toBe(false);
  });

  it('only ever yields [a-z0-9-] without path characters (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        const slug = slugify(s);
        expect(slug).toMatch(/^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$/);
        expect(slug.length).toBeLessThanOrEqual(96);
      }),
      { numRuns: 500 },
    );
  });

  it('candidate ids fall back to the URL, then to a hash', () => {
    expect(candidateId('k', { title: 'Выборы в Москве' })).toBe('vybory-v-moskve');
    expect(candidateId('k', { title: 'مهرجان البحر', link: 'https://sahil.example/2026/03/sea-festival.html' })).toBe('sea-festival');
    const hashed = candidateId('urn:sahil:2026:0303', { title: 'مهرجان البحر' });
    expect(hashed).toMatch(/^item-[0-9a-f]{10}$/);
    expect(isValidId(hashed)).toBe(true);
    expect(candidateId('urn:sahil:2026:0303', { title: 'مهرجان البحر' })).toBe(hashed);
  });
});

describe('normalizeDate', () => {
  it('keeps RFC 822 offsets', () => {
    expect(normalizeDate('Tue, 10 Jun 2025 09:30:00 +0300')).toBe('2025-06-10T09:30:00+03:00');
    expect(normalizeDate('Sat, 17 Jan 2026 22:10:00 -0530')).toBe('2026-01-17T22:10:00-05:30');
    expect(normalizeDate('17 Jan 2026 22:10 EST')).toBe('2026-01-17T22:10:00-05:00');
    expect(normalizeDate('Thu, 15 Jan 2026 06:00:00 GMT')).toBe('2026-01-15T06:00:00+00:00');
  });

  it('keeps ISO 8601 offsets and Z', () => {
    expect(normalizeDate('2026-11-20T21:30:00+03:00')).toBe('2026-11-20T21:30:00+03:00');
    expect(normalizeDate('2026-11-20T21:30:00.123+0530')).toBe('2026-11-20T21:30:00+05:30');
    expect(normalizeDate('2026-11-20T21:30:00Z')).toBe('2026-11-20T21:30:00Z');
    expect(normalizeDate('2026-11-20')).toBe('2026-11-20T00:00:00Z');
  });

  it('rejects non-dates and impossible dates', () => {
    expect(normalizeDate('yesterday')).toBeUndefined();
    expect(normalizeDate('2026-02-31T10:00:00Z')).toBeUndefined();
    expect(normalizeDate('')).toBeUndefined();
  });

  it('agrees with Date.parse on the instant (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }).map((m) => m - (m % 15)),
        (d, offMin) => {
          const local = new Date(d.getTime() + offMin * 60_000);
          const sign = offMin < 0 ? '-' : '+';
          const abs = Math.abs(offMin);
          const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          const iso = `${local.toISOString().slice(0, 19)}${off}`;
          const out = normalizeDate(iso)!;
          expect(out).toBe(iso);
          expect(Date.parse(out)).toBe(Math.floor(d.getTime() / 1000) * 1000);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('language and direction', () => {
  it('normalises declared tags', () => {
    expect(normalizeLang('ru_RU')).toBe('ru-RU');
    expect(normalizeLang('EN-gb')).toBe('en-gb');
    expect(normalizeLang('not a tag')).toBeUndefined();
  });

  it('guesses from letters', () => {
    expect(guessLangFromText('Городская избирательная комиссия утвердила новые правила')).toBe('ru');
    expect(guessLangFromText('أعلنت البلدية أن مهرجان البحر سيعود')).toBe('ar');
    expect(guessLangFromText('The council met on Tuesday')).toBeUndefined();
  });

  it('overrides a template lang="en" on Cyrillic text, keeps uk on Cyrillic text', () => {
    expect(decideLang(['en'], 'Городская избирательная комиссия утвердила новые правила', 'en')).toBe('ru');
    expect(decideLang(['uk'], 'Міська виборча комісія затвердила нові правила', 'en')).toBe('uk');
    expect(decideLang([undefined], 'plain English text', 'fr')).toBe('fr');
  });

  it('sets rtl for Arabic, Hebrew, Persian and Urdu, and when the page says so', () => {
    for (const l of ['ar', 'he', 'fa', 'ur', 'ar-EG']) expect(decideDir(undefined, l)).toBe('rtl');
    expect(decideDir(undefined, 'ru')).toBeUndefined();
    expect(decideDir('rtl', 'en')).toBe('rtl');
  });
});

describe('makeSummary', () => {
  it('cuts at a sentence or word boundary', () => {
    const s = makeSummary('First sentence here. '.repeat(30), 100);
    expect(s.length).toBeLessThanOrEqual(100);
    expect(s.endsWith('.')).toBe(true);
    const w = makeSummary('word '.repeat(100), 50);
    expect(w.endsWith('…')).toBe(true);
    expect(w.length).toBeLessThanOrEqual(50);
  });
});
