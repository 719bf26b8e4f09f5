/**
 * Generated articles for the sync benchmark: ~8 KB of HTML each, alternating English and Russian,
 * 100 per day (one pack per day), deterministic (a seeded generator), written as a site folder's
 * `articles/<id>.md` with a raw-HTML body so that the published HTML is known exactly, and as the
 * plain-JSON "floor" files the benchmark compares against.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const EN = 'the city council river bridge market school library night bus winter plan budget residents street station reading club volunteers mayor report weather harbour spring festival museum hospital road work'.split(' ');
const RU = 'город совет река мост рынок школа библиотека ночной автобус зима план бюджет жители улица вокзал клуб волонтёры мэр отчёт погода порт весна праздник музей больница дорога работа'.split(' ');

/** Mulberry32: a small deterministic PRNG (shared by the benchmark generators). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(words: readonly string[], r: () => number): string {
  const n = 8 + Math.floor(r() * 10);
  const s = Array.from({ length: n }, () => words[Math.floor(r() * words.length)]!).join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1) + '.';
}

/** One generated article. */
export interface BenchArticle {
  readonly id: string;
  readonly title: string;
  readonly lang: 'en' | 'ru';
  readonly section: string;
  readonly published: string;
  readonly summary: string;
  readonly html: string;
}

const DAY_MS = 86_400_000;
/** Day 0 of the generated archive. */
const EPOCH = Date.parse('2026-01-01T08:00:00Z');

/** Article number `n` (deterministic), about `htmlBytes` bytes of UTF-8 HTML. */
export function benchArticle(n: number, htmlBytes = 8 * 1024): BenchArticle {
  const r = rng(n + 1);
  const ru = n % 2 === 1;
  const words = ru ? RU : EN;
  const enc = new TextEncoder();
  const paras: string[] = [];
  let size = 0;
  while (size < htmlBytes - 200) {
    const p = `<p>${Array.from({ length: 4 }, () => sentence(words, r)).join(' ')}</p>`;
    paras.push(p);
    size += enc.encode(p).length + 1;
  }
  const day = Math.floor(n / 100);
  const published = new Date(EPOCH + day * DAY_MS + (n % 100) * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    id: `a-${n}`,
    title: `${ru ? 'Новость' : 'Story'} ${n}: ${sentence(words, r).slice(0, 60)}`,
    lang: ru ? 'ru' : 'en',
    section: 'News',
    published,
    summary: sentence(words, r),
    html: paras.join('\n'),
  };
}

/** Write articles `from`..`to - 1` into `<siteDir>/articles/`. */
export async function writeArticles(siteDir: string, from: number, to: number): Promise<BenchArticle[]> {
  await mkdir(join(siteDir, 'articles'), { recursive: true });
  const out: BenchArticle[] = [];
  for (let n = from; n < to; n++) {
    const a = benchArticle(n);
    out.push(a);
    const md = ['---', `id: ${a.id}`, `title: ${JSON.stringify(a.title)}`, `date: ${a.published}`, `lang: ${a.lang}`, `section: ${a.section}`, `summary: ${JSON.stringify(a.summary)}`, '---', '', a.html, ''].join('\n');
    await writeFile(join(siteDir, 'articles', `${a.id}.md`), md);
  }
  return out;
}
