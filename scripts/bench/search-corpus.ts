/**
 * Articles for the search benchmark with the word statistics of real text: words drawn, by a
 * Zipf–Mandelbrot law (as word frequencies in natural text are), from real vocabularies nobody
 * here wrote: the English word list of Debian's `wamerican` and every inflected form of the
 * Russian `aspell-ru` dictionary (`aspell -d ru dump master | aspell -l ru expand`, about 1.5
 * million forms). The sync benchmark's generator (generate.ts) uses 29 words per language, so
 * every word is in every article of its language: kept as the worst case (`--corpus small`).
 *
 *   apt-get install wamerican aspell aspell-ru
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rng, type BenchArticle } from './generate.ts';

/** Word lists by language, most frequent first (the Zipf rank order). */
export interface Vocabulary {
  readonly en: readonly string[];
  readonly ru: readonly string[];
  readonly source: string;
}

const EN_LIST = '/usr/share/dict/american-english';
/** Words used per language (real news of this size has a few hundred thousand distinct forms). */
const VOCAB = { en: 60_000, ru: 300_000 };
const SECTIONS = { en: ['City', 'Politics', 'Economy', 'Culture', 'Science', 'Sport'], ru: ['Город', 'Политика', 'Экономика', 'Культура', 'Наука', 'Спорт'] };

function shuffled<T>(list: T[], seed: number): T[] {
  const r = rng(seed);
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

/** Load both vocabularies; throws with the install command when a list is missing. */
export function loadVocabulary(): Vocabulary {
  let en: string[];
  let ruText: string;
  try {
    en = readFileSync(EN_LIST, 'utf8').split('\n').filter((w) => /^[a-z]+$/.test(w));
    ruText = execFileSync('sh', ['-c', 'aspell -d ru dump master | aspell -l ru expand'], { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
  } catch (e) {
    throw new Error(`the search corpus needs real word lists: apt-get install wamerican aspell aspell-ru (${e instanceof Error ? e.message : String(e)})`);
  }
  const ru = [...new Set(ruText.split(/\s+/).filter((w) => /^[а-яё]+$/.test(w)))];
  return {
    en: shuffled(en, 1).slice(0, VOCAB.en),
    ru: shuffled(ru, 2).slice(0, VOCAB.ru),
    source: `${EN_LIST} (${en.length} words, ${VOCAB.en} used) and aspell-ru expanded (${ru.length} forms, ${VOCAB.ru} used), Zipf–Mandelbrot s = 1.05, q = 2.7`,
  };
}

/** Cumulative Zipf–Mandelbrot weights for `n` ranks. */
function zipfCdf(n: number): Float64Array {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) cdf[k] = sum += 1 / Math.pow(k + 1 + 2.7, 1.05);
  for (let k = 0; k < n; k++) cdf[k]! /= sum;
  return cdf;
}

const cdfs = new Map<number, Float64Array>();

function draw(words: readonly string[], r: () => number): string {
  let cdf = cdfs.get(words.length);
  if (!cdf) cdfs.set(words.length, (cdf = zipfCdf(words.length)));
  const x = r();
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return words[lo]!;
}

function sentence(words: readonly string[], r: () => number): string {
  const n = 6 + Math.floor(r() * 14);
  const s = Array.from({ length: n }, () => draw(words, r)).join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1) + '.';
}

/** Article `n` of the corpus (deterministic), about `htmlBytes` of HTML, alternating en and ru. */
export function corpusArticle(v: Vocabulary, n: number, htmlBytes = 8 * 1024): BenchArticle {
  const r = rng(n + 7);
  const lang = n % 2 === 1 ? 'ru' : 'en';
  const words = v[lang];
  const enc = new TextEncoder();
  const paras: string[] = [];
  let size = 0;
  while (size < htmlBytes - 200) {
    const p = `<p>${Array.from({ length: 4 }, () => sentence(words, r)).join(' ')}</p>`;
    paras.push(p);
    size += enc.encode(p).length + 1;
  }
  const published = new Date(Date.parse('2026-01-01T08:00:00Z') + Math.floor(n / 100) * 86_400_000 + (n % 100) * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    id: `a-${n}`,
    title: sentence(words, r).slice(0, 80).replace(/\.$/, ''),
    lang,
    section: SECTIONS[lang][Math.floor(r() * 6)]!,
    published,
    summary: sentence(words, r),
    html: paras.join('\n'),
  };
}

/** Write articles 0..n-1 of the corpus into `<siteDir>/articles/`. */
export async function writeCorpusArticles(siteDir: string, v: Vocabulary, n: number): Promise<BenchArticle[]> {
  await mkdir(join(siteDir, 'articles'), { recursive: true });
  const out: BenchArticle[] = [];
  for (let i = 0; i < n; i++) {
    const a = corpusArticle(v, i);
    out.push(a);
    const md = ['---', `id: ${a.id}`, `title: ${JSON.stringify(a.title)}`, `date: ${a.published}`, `lang: ${a.lang}`, `section: ${JSON.stringify(a.section)}`, `summary: ${JSON.stringify(a.summary)}`, '---', '', a.html, ''].join('\n');
    await writeFile(join(siteDir, 'articles', `${a.id}.md`), md);
  }
  return out;
}
