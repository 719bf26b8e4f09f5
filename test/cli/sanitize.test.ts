/**
 * The publish sanitizer builds the DOM from parse5 and lets DOMPurify clean it in place (for speed),
 * on a private jsdom window whose `childNodes` returns array snapshots instead of live NodeLists.
 * It must give the same result as the same sanitizer with jsdom's live NodeList, and as DOMPurify's
 * own string path on jsdom, including on classic XSS, mutation-XSS, namespace-confusion and DOM
 * clobbering payloads; a property test compares the two modes on generated markup.
 */
import createDOMPurify from 'dompurify';
import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { describe, expect, it } from 'vitest';
import { ALLOWED_ATTR, ALLOWED_TAGS, createSanitizer } from '../../src/cli/site/sanitize.ts';

/** Many children of one disallowed wrapper (KEEP_CONTENT hoists them in reverse order). */
const manyChildren = (wrapper: string, n: number): string =>
  `<${wrapper}>${Array.from({ length: n }, (_, i) => (i % 3 === 0 ? `text ${i} ` : i % 3 === 1 ? `<b>b${i}</b>` : `<font>f${i}<i>i${i}</i></font>`)).join('')}</${wrapper}>`;

/** `depth` levels of `open`, text at the bottom. */
const deep = (open: string, close: string, depth: number): string => `${open.repeat(depth)}bottom${close.repeat(depth)}`;

const PAYLOADS = [
  // ordinary content
  '<p>plain <em>text</em> and <a href="https://ok.example/x?a=1&amp;b=2">a link</a></p>',
  '<p>Русский текст с <strong>выделением</strong> и «кавычками».</p>',
  '<table><tr><td>cell<td>cell 2</table><ul><li>one<li>two</ul>',
  '<div><p>nested<blockquote>quote<pre><code>&lt;code&gt;</code></pre></blockquote></p></div>',
  '<p>unclosed <b>bold <i>italic</p> text',
  '<a href="#section" title="t">anchor</a> <a href="mailto:a@example.org">mail</a> <a href="ftp://x">ftp</a>',
  '<figure><img src="media/a.png" alt="a"><figcaption>cap</figcaption></figure><time datetime="2030-01-01">d</time>',
  '<ol start="3" reversed><li dir="rtl" lang="he">שלום</li></ol><td>stray cell</td><tr>stray row',

  // XSS classics
  '<script>alert(1)</script><p>after</p>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT><scr<script>ipt>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<img src="x" ONERROR="alert(1)" onload=alert(2)><body onload=alert(3)><p onclick="x()" onmouseover=y()>p</p>',
  '<a href="javascript:alert(1)">x</a><a href=" JaVaScRiPt:alert(1)">y</a><a href="data:text/html,<b>">z</a>',
  '<a href="java&#x09;script:alert(1)">tab</a><a href="&#106;avascript:alert(1)">entity</a><a href="vbscript:x">vb</a>',
  '<a href="\u0001javascript:alert(1)">ctl</a><a href="javascript&colon;alert(1)">colon</a><a href="  data:image/svg+xml,x">d</a>',
  '<img src="data:image/png;base64,AAAA"><img src="javascript:alert(1)"><img srcset="x 1x, javascript:alert(1) 2x">',
  '<iframe src="https://evil.example/"></iframe><object data="x"></object><embed src="x">',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe><frameset><frame src=x></frameset>',
  '<object data="javascript:alert(1)"><param name=x value=y><p>fallback</p></object>',
  '<form action="/x"><input name=a><button formaction="javascript:alert(1)">go</button></form><p>ok</p>',
  '<form><textarea>&lt;script&gt;</textarea><select><option>o</option></select><isindex action=javascript:x></form>',
  '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=javascript:alert(1)"><link rel=stylesheet href=x>',
  '<meta charset="utf-7">+ADw-script+AD4-alert(1)+ADw-/script+AD4-',
  '<style>@import "x";</style><p style="color:red" class="c" id="i" data-x="1" aria-label="l">styled</p>',
  '<p style="background:url(javascript:alert(1))">s</p><div style="behavior:url(x.htc)">b</div>',
  '<video><source onerror=alert(1)></video><audio src=x onerror=alert(1)></audio><marquee onstart=alert(1)>m</marquee>',
  '<details open ontoggle=alert(1)><summary>s</summary>d</details><dialog open>dlg</dialog>',
  '<a href="https://ok.example/" target="_blank" rel="opener" ping="https://t.example/">t</a>',
  '<a rel="author opener">no link, so no rel</a> <a name="x" rel="nofollow" href="javascript:alert(1)">script link</a>',
  '<img src=x alt="&quot; onerror=&quot;alert(1)">',
  '<xmp><img src=x onerror=alert(1)></xmp><plaintext><b>x</b>',
  '<select><option><img src=x onerror=alert(1)></option></select>',

  // mXSS and namespace confusion
  '<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)">s</a></svg>',
  '<svg><style><img src=x onerror=alert(1)></style></svg>',
  '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
  '<svg><p><style><img src=x onerror=alert(1)></style></p></svg>',
  '<svg><foreignObject><p>fo</p><img src=x onerror=alert(1)></foreignObject><desc><b>d</b></desc></svg>',
  '<svg><title><style><img src=x onerror=alert(1)></style></title></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style><img src onerror=alert(1)>"></style></h1>',
  '<math><mi><b>x</b></mi><annotation-xml encoding="text/html"><style><img src=x onerror=alert(1)></style></annotation-xml></math>',
  '<math></p><style><img src=x onerror=alert(1)></style></math>',
  '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<noscript><style></noscript><img src=x onerror=alert(1)></style></noscript>',
  '<noembed><img title="</noembed><img src=x onerror=alert(1)>"></noembed><noframes><p>nf</p></noframes>',
  '<template><script>alert(1)</script></template><p>t</p>',
  '<template><style></template><img src=x onerror=alert(1)></style></template>',
  '<table><p>fostered</p><tr><td>c</td></tr><b>bold</b>text</table>',
  '<table><tbody><tr><td><table><caption>cap<b>x</b></caption>foster<tr><td>in</td></tr></table></td></tr></tbody></table>',
  '<table><style><img src=x onerror=alert(1)></style><tr><td>x</td></tr></table>',
  '<table><svg><desc><td>cell</td></desc></svg></table>',
  '<!-- comment --><p>after comment</p><![CDATA[x]]>',
  '<!-- a <!-- b --> c --><p>nested comments</p><!--><img src=x onerror=alert(1)>-->',
  '<!--[if IE]><script>alert(1)</script><![endif]--><p>cc</p><!-- --!><img src=x onerror=alert(1)> -->',
  '<p><!--</p><img src=x onerror=alert(1)>--></p>',
  '<?xml-stylesheet href="x"?><p>pi</p><?php echo 1; ?>',
  '<svg><![CDATA[</svg><img src=x onerror=alert(1)>]]></svg>',
  '<math><style><img src=x onerror=alert(1)></style></math><math><mglyph><style>x</style></mglyph></math>',
  '<svg><a href="javascript:alert(1)"><text>t</text></a><animate attributeName=href values="javascript:alert(1)"/></svg>',
  '<div><svg><font color=red>breaks out of svg</font></svg></div><svg><b>also breaks</b></svg>',
  '<p>a</p><svg><p>in svg</p></svg><math><p>in math</p></math>',
  '<listing>&lt;img src=x onerror=alert(1)&gt;</listing><textarea><img src=x onerror=alert(1)></textarea>',
  '<title><img src=x onerror=alert(1)></title><iframe><img src=x onerror=alert(1)></iframe>',
  '<a href="https://ok.example/">a<a href="https://ok2.example/">nested a</a></a><p><p>double p',

  // DOM clobbering
  '<form><input name=attributes></form><p>after</p>',
  '<form><input name=childNodes><input name=nodeName><input name=removeChild><input name=attributes>text</form>',
  '<form id=childNodes><input name=parentNode>kept?</form><form name=ownerDocument><p>x</p></form>',
  '<img name=cookie><img id=getElementById><a id=location href="https://x.example/">loc</a>',
  '<p id=attributes>a</p><div id=childNodes>c</div><span name=nodeType>n</span><a name=body>b</a>',
  '<form><img name=nodeName><img name=textContent><img name=hasChildNodes>f</form>',
  '<div id="defaultView"><div id="documentElement">dd</div></div><a id=x name=x href=#x>x</a>',

  // KEEP_CONTENT hoisting of disallowed wrappers
  manyChildren('section', 90),
  manyChildren('font', 61),
  `<div>${manyChildren('article', 40)}${manyChildren('center', 40)}</div>`,
  `<p>${manyChildren('label', 30)}</p>`,
  `<section>${manyChildren('aside', 20)}${manyChildren('nav', 20)}tail</section>`,
  '<custom-el><b>in custom</b><other-el>text<i>i</i></other-el></custom-el><x-y>xy</x-y>',
  '<font><script>alert(1)</script><style>x</style><b>kept</b></font><section><iframe>x</iframe>s</section>',

  // deep nesting
  deep('<div>', '</div>', 600),
  deep('<section>', '</section>', 400),
  deep('<b><font>', '</font></b>', 300),
  deep('<blockquote><article>', '</article></blockquote>', 250),
  deep('<ul><li>', '</li></ul>', 200),
  deep('<svg>', '</svg>', 100),
];

type P5Node = DefaultTreeAdapterMap['node'];

const FORBID = ['script', 'style', 'iframe', 'frame', 'form', 'object', 'embed', 'base', 'meta', 'link', 'svg', 'math', 'template', 'input', 'button', 'textarea', 'select', 'noscript'];
const URI = /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;

/** DOMPurify's own string path on a fresh jsdom, configured like the sanitizer (images off). */
function referenceSanitizer(): (dirty: string) => string {
  const { window } = new JSDOM('');
  const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A' && (node as Element).hasAttribute('href')) (node as Element).setAttribute('rel', 'noopener noreferrer');
  });
  const config = { ALLOWED_TAGS, ALLOWED_ATTR, FORBID_TAGS: [...FORBID, 'img'], ALLOW_DATA_ATTR: false, ALLOW_ARIA_ATTR: false, ALLOWED_URI_REGEXP: URI, KEEP_CONTENT: true };
  return (dirty) => purify.sanitize(dirty, config) as unknown as string;
}

const snapshot = createSanitizer();
const publicSnapshot = createSanitizer({ childNodes: 'public' });
const live = createSanitizer({ childNodes: 'live' });
const reference = referenceSanitizer();

const textOnly = { textOnly: true, onImage: (): string => 'unused' };
/** Images on: a deterministic rewrite that records what it saw. */
const withImages = (seen: string[]) => ({
  textOnly: false,
  onImage: (src: string, alt: string): string => {
    seen.push(`${src}|${alt}`);
    return `media/${src.length}-${alt.length}`;
  },
});

/**
 * Nothing executable or styling survives, whatever the input: the output, parsed again as a browser
 * would, holds only allowed HTML elements and attributes, and no link to a forbidden scheme.
 */
function expectInert(html: string, why: string): void {
  const allowedTags = new Set(ALLOWED_TAGS);
  const allowedAttrs = new Set(ALLOWED_ATTR);
  const walk = (n: P5Node): void => {
    if ('tagName' in n) {
      expect(n.namespaceURI, why).toBe('http://www.w3.org/1999/xhtml');
      expect(allowedTags.has(n.tagName), `${why}: <${n.tagName}>`).toBe(true);
      for (const a of n.attrs) {
        // DOMPurify empties a disallowed `is` rather than removing it (a customized built-in must not upgrade).
        const emptyIs = a.name === 'is' && a.value === '';
        expect(allowedAttrs.has(a.name) || (a.name === 'rel' && n.tagName === 'a') || emptyIs, `${why}: ${a.name}=`).toBe(true);
        if (a.name === 'href' || a.name === 'src') {
          const compact = a.value.replace(/[\u0000-\u0020\u00A0\u1680\u180E\u2000-\u2029\u205F\u3000]/g, '');
          if (compact !== '') expect(compact, why).toMatch(URI);
          expect(compact, why).not.toMatch(/^(javascript|vbscript|data):/i);
        }
      }
    }
    if ('childNodes' in n) for (const c of n.childNodes) walk(c);
  };
  walk(parseFragment(html));
}

/**
 * Known differences from the string path:
 * - a <noscript> whose markup contains `</noscript>` is dropped with its content (DOMPurify's
 *   FALLBACK_TAG_CLOSE check on the parse5-built tree); the string path keeps its text. Stricter.
 * - text foster-parented out of a table stays in front of the table, where the HTML standard (and
 *   parse5, and browsers) put it; jsdom's own parser adapter moves it behind the table unless a text
 *   node is already there (`insertTextBefore` calls `_append`, which ignores the reference node;
 *   jsdom 29.1). Not a sanitizer difference: the tree DOMPurify is given differs.
 * - whitespace right after a leading comment is kept: the string path parses the whole document, so
 *   a comment at the very start lands before <html> and the whitespace after it is dropped; the
 *   sanitizer parses in body context, as the markup is meant.
 */
const KNOWN: Record<string, string> = {
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">': '',
  '<table><p>fostered</p><tr><td>c</td></tr><b>bold</b>text</table>': '<p>fostered</p><b>bold</b>text<table><tbody><tr><td>c</td></tr></tbody></table>',
  '<!-- a <!-- b --> c --><p>nested comments</p><!--><img src=x onerror=alert(1)>-->': ' c --&gt;<p>nested comments</p>--&gt;',
  '<table><tbody><tr><td><table><caption>cap<b>x</b></caption>foster<tr><td>in</td></tr></table></td></tr></tbody></table>':
    '<table><tbody><tr><td>foster<table><caption>cap<b>x</b></caption><tbody><tr><td>in</td></tr></tbody></table></td></tr></tbody></table>',
};

describe('publish sanitizer', () => {
  it('is checked against the DOMPurify version its childNodes snapshots were reviewed for', () => {
    // installChildNodeSnapshots in src/cli/site/sanitize.ts argues from every use of childNodes in
    // dompurify 3.5.0; a different version needs that argument re-checked before this is updated.
    expect(createDOMPurify.version).toBe('3.5.0');
  });

  it("reads children from and appends them to jsdom's own tree with the pinned jsdom, else through the public DOM", () => {
    // jsdomTreeReader relies on jsdom internals; a jsdom upgrade that moves them falls back to the
    // public getters (slower, same output): this test says so instead of letting it pass unseen.
    expect(snapshot.childNodes).toBe('internal');
    expect(publicSnapshot.childNodes).toBe('public');
    expect(live.childNodes).toBe('live');
    // Likewise jsdomAppender: trees are built with jsdom's own insertion in the default mode only.
    expect(snapshot.append).toBe('internal');
    expect(publicSnapshot.append).toBe('public');
    expect(live.append).toBe('public');
  });

  it('snapshot (internal and public reads) and live childNodes give identical output for every payload (images off and on)', () => {
    for (const p of PAYLOADS) {
      expect(snapshot.sanitize(p, textOnly), p).toEqual(live.sanitize(p, textOnly));
      expect(publicSnapshot.sanitize(p, textOnly), p).toEqual(live.sanitize(p, textOnly));
      const seenA: string[] = [];
      const seenB: string[] = [];
      const seenC: string[] = [];
      const a = snapshot.sanitize(p, withImages(seenA));
      expect(a, p).toEqual(live.sanitize(p, withImages(seenB)));
      expect(publicSnapshot.sanitize(p, withImages(seenC)), p).toEqual(a);
      expect(seenA, p).toEqual(seenB);
      expect(seenC, p).toEqual(seenB);
      expectInert(a.html, p);
    }
  });

  it('matches DOMPurify string path on jsdom for every payload (images off)', () => {
    for (const p of PAYLOADS) {
      const got = snapshot.sanitize(p, textOnly).html;
      expect(got, p).toBe(KNOWN[p] ?? reference(p));
      expectInert(got, p);
    }
  });

  it('hoists the children of a disallowed wrapper in document order', () => {
    const r = snapshot.sanitize(manyChildren('section', 9), textOnly).html;
    expect(r).toBe('text 0 <b>b1</b>f2<i>i2</i>text 3 <b>b4</b>f5<i>i5</i>text 6 <b>b7</b>f8<i>i8</i>');
  });

  it('survives deep nesting without changing it', () => {
    const r = snapshot.sanitize(deep('<div>', '</div>', 600), textOnly).html;
    expect(r).toBe(deep('<div>', '</div>', 600));
    expect(snapshot.sanitize(deep('<section>', '</section>', 400), textOnly).html).toBe('bottom');
  });

  it('leaves other jsdom windows with the live NodeList', () => {
    const { window } = new JSDOM('<p>a</p><p>b</p>');
    const list = window.document.body.childNodes;
    expect(list).toBeInstanceOf(window.NodeList);
    window.document.body.append(window.document.createElement('p'));
    expect(list.length).toBe(3);
  });

  it('agrees between snapshot and live childNodes on generated markup (property)', () => {
    const TAGS = [
      ...['p', 'a', 'b', 'i', 'em', 'div', 'span', 'ul', 'li', 'table', 'tr', 'td', 'th', 'tbody', 'caption', 'pre', 'code', 'blockquote', 'img', 'br', 'h2', 'figure'],
      ...['section', 'font', 'center', 'label', 'custom-el', 'x-y', 'annotation-xml', 'foreignObject', 'mglyph', 'malignmark', 'mtext', 'mi', 'desc', 'title'],
      ...['script', 'style', 'svg', 'math', 'template', 'noscript', 'noembed', 'xmp', 'iframe', 'textarea', 'select', 'option', 'form', 'input', 'object', 'base', 'meta', 'plaintext', 'frameset'],
    ];
    const ATTRS = ['href', 'src', 'alt', 'title', 'name', 'id', 'onerror', 'onclick', 'style', 'class', 'xlink:href', 'data-x', 'aria-label', 'colspan', 'dir', 'lang', 'rel', 'is', 'srcset', 'encoding'];
    const VALUES = ['x', 'javascript:alert(1)', ' JaVaScRiPt:x', 'data:text/html,<b>', 'https://ok.example/', '#a', 'media/a.png', '</noscript><img src=x onerror=alert(1)>', 'attributes', 'childNodes', 'text/html', '"', "'", '<', '&amp;', ''];
    const TEXTS = ['text', ' ', 'Русский', '&lt;script&gt;', '<!--', '-->', '<!-- c -->', ']]>', '<![CDATA[x]]>', '</p>', '</table>', '&', '\n', '<?pi x?>', '</noscript>', '</style>'];
    const attr = fc.tuple(fc.constantFrom(...ATTRS), fc.constantFrom(...VALUES), fc.constantFrom('"', "'", '')).map(([n, v, q]) => (q === '' ? ` ${n}=${v.replace(/[\s"'<>=`]/g, '') || 'x'}` : ` ${n}=${q}${v.split(q).join('')}${q}`));
    const token = fc.oneof(
      { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...TAGS), fc.array(attr, { maxLength: 3 })).map(([t, a]) => `<${t}${a.join('')}>`) },
      { weight: 2, arbitrary: fc.constantFrom(...TAGS).map((t) => `</${t}>`) },
      { weight: 3, arbitrary: fc.constantFrom(...TEXTS) },
      { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
    );
    const markup = fc.array(token, { maxLength: 40 }).map((t) => t.join(''));
    fc.assert(
      fc.property(markup, (m) => {
        const a = snapshot.sanitize(m, textOnly);
        expect(a, m).toEqual(live.sanitize(m, textOnly));
        expectInert(a.html, m);
        expect(publicSnapshot.sanitize(m, textOnly), m).toEqual(a);
        const seenA: string[] = [];
        const seenB: string[] = [];
        expect(snapshot.sanitize(m, withImages(seenA)), m).toEqual(live.sanitize(m, withImages(seenB)));
        expect(seenA, m).toEqual(seenB);
      }),
      { numRuns: 600 },
    );
  }, 180_000);

  it('follows the text-only option from call to call (its configuration is set once per option)', () => {
    const s = createSanitizer();
    const markup = '<p>a<img src="media/a.png" alt="A"></p>';
    const images = () => s.sanitize(markup, { textOnly: false, onImage: () => `media/${'1'.repeat(64)}` }).html;
    for (let i = 0; i < 3; i++) {
      expect(images()).toBe(`<p>a<img src="media/${'1'.repeat(64)}" alt="A"></p>`);
      expect(images()).toBe(`<p>a<img src="media/${'1'.repeat(64)}" alt="A"></p>`);
      expect(s.sanitize(markup, textOnly).html).toBe('<p>a</p>');
      expect(s.sanitize(markup, textOnly).html).toBe('<p>a</p>');
    }
  });

  it('passes every image source to onImage and drops images without one', () => {
    const seen: string[] = [];
    const r = snapshot.sanitize('<p><img src="media/a.png" alt="A"><img alt="no src"><img src="  media/b.png "></p>', {
      textOnly: false,
      onImage: (src, alt) => {
        seen.push(`${src}|${alt}`);
        return `media/${'0'.repeat(64)}`;
      },
    });
    expect(seen).toEqual(['media/a.png|A', 'media/b.png|']);
    expect(r.html).toBe(`<p><img src="media/${'0'.repeat(64)}" alt="A"><img src="media/${'0'.repeat(64)}"></p>`);
  });

  it('reports the first image failure after the walk', () => {
    expect(() =>
      snapshot.sanitize('<img src="https://tracker.example/p.gif">', {
        textOnly: false,
        onImage: (src) => {
          throw new Error(`refused ${src}`);
        },
      }),
    ).toThrow('refused https://tracker.example/p.gif');
  });
});
