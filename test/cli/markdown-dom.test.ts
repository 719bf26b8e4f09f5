/**
 * The DOM built from marked's tokens (markdown-dom.ts) must sanitise to exactly what marked's HTML
 * parsed by parse5 sanitises to (render.ts takes the first route when it can, the second otherwise):
 * on every construct the builder covers, on Markdown it must refuse, and on generated Markdown.
 */
import fc from 'fast-check';
import { Marked } from 'marked';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { buildMarkdownDom } from '../../src/cli/site/markdown-dom.ts';
import { createSanitizer, type SanitizeOptions } from '../../src/cli/site/sanitize.ts';

const marked = new Marked({ gfm: true, breaks: false, async: false });
const viaHtml = createSanitizer();
const viaTokens = createSanitizer();
/** The token route built with the public appendChild instead of jsdom's own insertion. */
const viaTokensPublic = createSanitizer({ childNodes: 'public' });
const { document } = new JSDOM('').window;
const images: string[] = [];
const opts: SanitizeOptions = {
  textOnly: false,
  onImage: (src, alt) => {
    images.push(`${src}|${alt}`);
    return `media/${src.length}`;
  },
};

/** Both routes; `tokens` is undefined when the builder refused. */
function both(md: string): { html: string; firstText: string; images: string[]; removed?: string; tokens?: { html: string; firstText: string; images: string[]; removed?: string } } {
  images.length = 0;
  const a = viaHtml.sanitize(marked.parse(md) as string, opts);
  const aImages = [...images];
  images.length = 0;
  const toks = marked.lexer(md);
  const b = viaTokens.sanitizeBuilt((target, root) => buildMarkdownDom(toks, target, root), opts);
  const bImages = [...images];
  images.length = 0;
  const c = viaTokensPublic.sanitizeBuilt((target, root) => buildMarkdownDom(toks, target, root), opts);
  expect(c === undefined ? undefined : { ...c, images: [...images] }, `public and internal appends differ: ${JSON.stringify(md)}`).toEqual(b === undefined ? undefined : { ...b, images: bImages });
  images.length = 0;
  images.push(...bImages);
  return { ...a, images: aImages, ...(b ? { tokens: { ...b, images: [...images] } } : {}) };
}

/** What the token route must give: everything the HTML route gave, its removal report included. */
function sameAs(r: ReturnType<typeof both>): { html: string; firstText: string; images: string[]; removed?: string } {
  return { html: r.html, firstText: r.firstText, images: r.images, ...(r.removed === undefined ? {} : { removed: r.removed }) };
}

function expectSame(md: string): void {
  const r = both(md);
  expect(r.tokens, `builder refused: ${JSON.stringify(md)}`).toBeDefined();
  expect(r.tokens).toEqual(sameAs(r));
}

const COVERED = [
  'Plain paragraph.\n\nSecond paragraph, with a line\ncontinued on the next.',
  '# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six\n\nSetext\n======\n\nSub\n---',
  '*em* _em_ **strong** __strong__ ***both*** ~~del~~ ~single~ `code` ``co`de`` `<b>&amp;</b>`',
  'Line with break  \nnext, and a backslash\\\nbreak.',
  'Escapes: \\* \\_ \\# \\[ \\] \\` \\\\ \\< \\> \\" and \\\'',
  '[link](https://outlet.example/a?b=c#d) [titled](https://x.example "A title") [rel](../other) [anchor](#top) [mail](mailto:a@b.example)',
  '[bad](javascript:alert(1)) [data](data:text/html,x) [spaced](<https://x.example/a b>) [кириллица](https://пример.рф/путь?к=в)',
  '![alt text](pic.jpg) ![](empty-alt.png) ![with *em* and `code`](p.png "title") [![img in link](i.png)](https://x.example)',
  '---\n\n***\n\n> quote\n> > nested quote\n>\n> - list in quote',
  '- one\n- two\n  - nested\n  - nested 2\n- three',
  '1. one\n2. two\n\n---\n\n3. starts at three\n4. four\n\n---\n\n0. starts at zero',
  '- loose\n\n- list\n\n  with two paragraphs',
  '* star\n+ plus\n\n1) paren',
  'Русский текст «в кавычках» — с тире, עברית, العربية, emoji 🕊️ and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢.',
  'Bare URL www.example.org and https://example.org/path and mail a@b.example in text.',
  'Autolinks <https://autolink.example/a?b=1&c=2> <me@mail.example> and https://x.example/?q=a&r=b.',
  'Quotes "double" \'single\' 1 < 2 and 3 > 2, and a lone * star and _ underscore.',
  '',
  '   \n\n  ',
  'Trailing spaces   \n\n\n\nmany blank lines',
  'carriage\r\nreturns\r\n\r\nbecome newlines',
  '[ref] and [other][ref]\n\n[ref]: https://x.example "Ref title"',
];

const REFUSED = [
  '<div>raw block</div>',
  'inline <b>html</b> tag',
  '<!-- a comment -->',
  '```js\ncode block\n```',
  '    indented code',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  '- [ ] task\n- [x] done',
  'AT&T and &amp; and &copy;',
  'nul \u0000 char',
];

describe('buildMarkdownDom', () => {
  it('gives the same sanitised HTML, first text and images as marked + parse5 on every covered construct', () => {
    for (const md of COVERED) expectSame(md);
  });

  it('refuses raw HTML, code blocks, tables, task lists, entity references and NUL, leaving the root empty', () => {
    for (const md of REFUSED) {
      const root = document.createElement('div');
      expect(buildMarkdownDom(marked.lexer(md), document, root), JSON.stringify(md)).toBe(false);
      expect(root.childNodes.length).toBe(0);
    }
  });

  it('agrees with marked + parse5 on generated Markdown (property), taking the token route often', () => {
    const common = fc.constantFrom('news', 'mirror', 'город', 'новости', 'שלום', 'a', 'b_c', 'x*y', '1.', '2)', '-', '+', '#', '>', '`', '~~', '**', '*', '_', '[', ']', '(', ')', '!', '<', '>', '"', "'", '\\', '|', ':', 'http://x.example', 'www.y.example', 'me@z.example', '🕊️');
    // Rarer: entity references and raw HTML, which make the builder refuse (the HTML route must still agree).
    const rare = fc.constantFrom('AT&T', '&amp;', '&copy', '&#65;', '<b>', '</b>');
    const word = fc.oneof({ arbitrary: common, weight: 30 }, { arbitrary: rare, weight: 1 });
    const inline = fc.oneof(
      word,
      word.map((w) => `*${w}*`),
      word.map((w) => `**${w}**`),
      word.map((w) => `~~${w}~~`),
      word.map((w) => `\`${w}\``),
      fc.tuple(word, fc.constantFrom('https://o.example/p', 'rel/path', '#frag', 'javascript:x', 'https://o.example/a b')).map(([w, u]) => `[${w}](${u})`),
      fc.tuple(word, fc.constantFrom('pic.png', 'a/b.jpg')).map(([w, u]) => `![${w}](${u})`),
    );
    const line = fc.array(inline, { minLength: 1, maxLength: 8 }).map((ws) => ws.join(' '));
    const block = fc.oneof(
      line,
      fc.tuple(fc.integer({ min: 1, max: 6 }), line).map(([d, l]) => `${'#'.repeat(d)} ${l}`),
      fc.array(line, { minLength: 1, maxLength: 4 }).map((ls) => ls.map((l) => `- ${l}`).join('\n')),
      fc.tuple(fc.integer({ min: 0, max: 12 }), fc.array(line, { minLength: 1, maxLength: 3 })).map(([n, ls]) => ls.map((l, i) => `${n + i}. ${l}`).join('\n')),
      line.map((l) => `> ${l}`),
      fc.array(line, { minLength: 2, maxLength: 3 }).map((ls) => ls.join('  \n')),
      fc.constant('---'),
    );
    const doc = fc.array(block, { minLength: 1, maxLength: 6 }).chain((bs) => fc.constantFrom('\n\n', '\n').map((sep) => bs.join(sep)));
    let taken = 0;
    let runs = 0;
    fc.assert(
      fc.property(doc, (md) => {
        runs++;
        const r = both(md);
        if (!r.tokens) return;
        taken++;
        expect(r.tokens).toEqual(sameAs(r));
      }),
      { numRuns: 600 },
    );
    expect(taken / runs).toBeGreaterThan(0.5);
  });
});
