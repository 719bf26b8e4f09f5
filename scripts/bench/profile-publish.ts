/**
 * Where a render worker's time goes, per article (docs/benchmarks.md "Publish", "Where the time
 * goes"): each stage of rendering the publish benchmark's articles timed alone in a loop on this
 * thread (CPU time; the best of several rounds, since rounds vary a lot on a shared machine), then
 * the whole `FileRenderer.render` and pack building as a render worker runs them.
 *
 *   node --import tsx scripts/bench/profile-publish.ts [--articles N] [--rounds N]
 */
import { parseArgs } from 'node:util';
import { Marked } from 'marked';
import { canonicalJson } from '../../src/core/encoding/canonical-json.ts';
import { generateSigningKey } from '../../src/core/crypto/ed25519.ts';
import { signEnvelope } from '../../src/core/format/envelope.ts';
import { buildPack } from '../../src/cli/publish/packs.ts';
import { FileRenderer } from '../../src/cli/publish/render-worker-main.ts';
import { parseArticleFile } from '../../src/cli/site/front-matter.ts';
import { buildMarkdownDom } from '../../src/cli/site/markdown-dom.ts';
import { createSanitizer } from '../../src/cli/site/sanitize.ts';
import { rng } from './generate.ts';
import { articleFile } from './publish-articles.ts';

const { values } = parseArgs({ options: { articles: { type: 'string' }, rounds: { type: 'string' } } });
const N = Number(values.articles ?? 1000);
const ROUNDS = Number(values.rounds ?? 4);

const r = rng(42);
const texts = Array.from({ length: N }, (_, i) => articleFile(i, r, 7_600));
const files = texts.map((_, i) => `articles/a${String(i).padStart(5, '0')}.md`);

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Run `f` over every article `ROUNDS` times; print the best round in µs per article. */
async function stage<T>(name: string, f: (i: number) => T | Promise<T>): Promise<T[]> {
  let best = Infinity;
  let out: T[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const t = cpuMs();
    out = [];
    for (let i = 0; i < N; i++) out.push(await f(i));
    best = Math.min(best, cpuMs() - t);
  }
  console.log(`${name.padEnd(34)} ${((best / N) * 1000).toFixed(0).padStart(6)} µs per article`);
  return out;
}

console.log(`${N} articles, best of ${ROUNDS} rounds (process CPU time)`);
const sources = await stage('front matter (split + yaml)', (i) => parseArticleFile(texts[i]!, files[i]!, 'x', 'en'));
const marked = new Marked({ gfm: true, breaks: false, async: false });
const opts = { textOnly: false, onImage: (s: string) => s };
const tokens = await stage('Markdown lexer (marked)', (i) => marked.lexer(sources[i]!.body));
const sanitizer = createSanitizer();
const cleaned = await stage('DOM from tokens + DOMPurify (used)', (i) => sanitizer.sanitizeBuilt((document, root) => buildMarkdownDom(tokens[i]!, document, root), opts)!);
const htmls = await stage('Markdown to HTML (marked, HTML route)', (i) => marked.parser(tokens[i]!));
await stage('parse5 + jsdom + DOMPurify (HTML route)', (i) => sanitizer.sanitize(htmls[i]!, opts));
const payloads = cleaned.map((c, i) => ({ _type: 'pigeonpost.article', spec_version: 1, site: 'bench', id: `a${i}`, title: sources[i]!.front.title, lang: sources[i]!.front.lang, dir: 'ltr', section: sources[i]!.front.section, published: sources[i]!.front.date, summary: c.firstText.slice(0, 280), html: c.html, images: [] }));
await stage('canonical JSON of the payload', (i) => canonicalJson(payloads[i]));
const { key } = await generateSigningKey();
const signers = [{ keyid: 'a'.repeat(64), key }];
const envelopes = await stage('sign (canonical JSON + Ed25519)', (i) => signEnvelope({ ...payloads[i], rev: 1 }, signers));
const renderer = new FileRenderer({ siteDir: '.', siteId: 'bench', siteLang: 'en', textOnly: false, keyids: signers[0]!.keyid }, { signers, known: {}, tombstones: {} });
await stage('FileRenderer.render (all of it)', (i) => renderer.render(files[i]!, Buffer.from(texts[i]!)));
const items = envelopes.map((envelope, i) => ({ id: `a${i}`, section: 'News', published: '2030-01-01T00:00:00Z', envelope, images: [] }));
await stage('pack + gzip (per article, 100 a pack)', (i) => (i % 100 === 0 ? buildPack(items.slice(i, i + 100), '.') : undefined));
