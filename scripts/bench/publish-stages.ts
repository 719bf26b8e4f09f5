/**
 * Where a render worker's time goes, per article, with every stage timed in turn for each article
 * (so that all stages see the same machine speed, which drifts on a shared machine; see
 * docs/benchmarks.md "Publish"). Wall time per stage in µs on this thread, three passes; signing is
 * asynchronous (WebCrypto), so its figure is mostly waiting, not CPU.
 *
 *   node --import tsx scripts/bench/publish-stages.ts [--articles N]
 */
import { parseArgs } from 'node:util';
import { Marked } from 'marked';
import { generateSigningKey } from '../../src/core/crypto/ed25519.ts';
import { canonicalMembers, joinMembers } from '../../src/core/encoding/canonical-json.ts';
import { signEnvelopeText } from '../../src/core/format/envelope.ts';
import { signEd25519Node } from '../../src/cli/util/node-signer.ts';
import { decodeArticle } from '../../src/core/format/article.ts';
import { FileRenderer } from '../../src/cli/publish/render-worker-main.ts';
import { sha256Node } from '../../src/cli/publish/objects.ts';
import { parseArticleFile } from '../../src/cli/site/front-matter.ts';
import { ArticleRenderer } from '../../src/cli/site/render.ts';
import { ImageResolver } from '../../src/cli/site/images.ts';
import { buildMarkdownDom } from '../../src/cli/site/markdown-dom.ts';
import { createSanitizer } from '../../src/cli/site/sanitize.ts';
import { rng } from './generate.ts';
import { articleFile } from './publish-articles.ts';
const { values } = parseArgs({ options: { articles: { type: 'string' } } });
const N = Number(values.articles ?? 1500); const r = rng(42);
const texts = Array.from({ length: N }, (_, i) => articleFile(i, r, 7_600));
const bufs = texts.map((t) => Buffer.from(t));
const { key } = await generateSigningKey();
const signers = [{ keyid: 'a'.repeat(64), key }];
const marked = new Marked({ gfm: true, breaks: false, async: false });
const san = createSanitizer();
const ar = new ArticleRenderer('bench', new ImageResolver('.'), false);
const fr = new FileRenderer({ siteDir: '.', siteId: 'bench', siteLang: 'en', textOnly: false, keyids: signers[0]!.keyid }, { signers, known: {}, tombstones: {} });
const acc = new Map<string, number>();
const add = (k: string, t: number) => acc.set(k, (acc.get(k) ?? 0) + t);
for (let pass = 0; pass < 3; pass++) {
  acc.clear();
  for (let i = 0; i < N; i++) {
    let t = performance.now(), u;
    const text = bufs[i]!.toString('utf8'); u = performance.now(); add('utf8 decode', u - t); t = u;
    const src = parseArticleFile(text, 'articles/a.md', 'a', 'en'); u = performance.now(); add('front matter', u - t); t = u;
    const toks = marked.lexer(src.body); u = performance.now(); add('lexer', u - t); t = u;
    san.sanitizeBuilt((d, root) => buildMarkdownDom(toks, d, root), { textOnly: false, onImage: (s) => s })!; u = performance.now(); add('build+purify', u - t); t = u;
    const rendered = ar.render(src); u = performance.now(); add('ArticleRenderer.render (all)', u - t); t = u;
    decodeArticle({ ...rendered.payload, rev: 1 }, 'x'); u = performance.now(); add('decodeArticle', u - t); t = u;
    const m = canonicalMembers(rendered.payload); const base = joinMembers(m); u = performance.now(); add('canonical', u - t); t = u;
    sha256Node(Buffer.from(`${base}\n${signers[0]!.keyid}`)); u = performance.now(); add('content hash', u - t); t = u;
    await signEnvelopeText(joinMembers(m, { key: 'rev', value: 1 }), signers, signEd25519Node); u = performance.now(); add('sign (node:crypto)', u - t); t = u;
    await fr.render(`articles/a${i}.md`, bufs[i]); u = performance.now(); add('FileRenderer.render (all)', u - t); t = u;
  }
  console.log(`pass ${pass}: ` + [...acc].map(([k, v]) => `${k} ${(v / N * 1000).toFixed(0)}`).join(', '));
}
