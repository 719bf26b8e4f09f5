/**
 * The publish sanitizer builds the DOM from parse5 and lets DOMPurify clean it in place (for speed).
 * It must give the same result as DOMPurify's own string path on jsdom, including on classic XSS
 * and mutation-XSS payloads.
 */
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { ALLOWED_ATTR, ALLOWED_TAGS, createSanitizer } from '../../src/cli/site/sanitize.ts';

const PAYLOADS = [
  '<p>plain <em>text</em> and <a href="https://ok.example/x?a=1&amp;b=2">a link</a></p>',
  '<script>alert(1)</script><p>after</p>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a><a href=" JaVaScRiPt:alert(1)">y</a><a href="data:text/html,<b>">z</a>',
  '<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)">s</a></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<form action="/x"><input name=a><button>go</button></form><p>ok</p>',
  '<iframe src="https://evil.example/"></iframe><object data="x"></object><embed src="x">',
  '<style>@import "x";</style><p style="color:red" class="c" id="i" data-x="1" aria-label="l">styled</p>',
  '<table><tr><td>cell<td>cell 2</table><ul><li>one<li>two</ul>',
  '<template><script>alert(1)</script></template><p>t</p>',
  '<p>unclosed <b>bold <i>italic</p> text',
  '<a href="#section" title="t">anchor</a> <a href="mailto:a@example.org">mail</a> <a href="ftp://x">ftp</a>',
  '<base href="https://evil.example/"><meta http-equiv="refresh" content="0"><link rel=stylesheet href=x>',
  '<div><p>nested<blockquote>quote<pre><code>&lt;code&gt;</code></pre></blockquote></p></div>',
  '<!-- comment --><p>after comment</p><![CDATA[x]]>',
  '<p>Русский текст с <strong>выделением</strong> и «кавычками».</p>',
  '<select><option><img src=x onerror=alert(1)></option></select>',
  '<xmp><img src=x onerror=alert(1)></xmp><plaintext><b>x</b>',
];

const CONFIG = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  FORBID_TAGS: ['script', 'style', 'iframe', 'frame', 'form', 'object', 'embed', 'base', 'meta', 'link', 'svg', 'math', 'template', 'input', 'button', 'textarea', 'select', 'noscript', 'img'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
  KEEP_CONTENT: true,
};

describe('publish sanitizer', () => {
  const fast = createSanitizer();
  const { window } = new JSDOM('');
  const reference = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  reference.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A' && (node as Element).hasAttribute('href')) (node as Element).setAttribute('rel', 'noopener noreferrer');
  });
  reference.addHook('uponSanitizeAttribute', (node, data) => {
    if (data.attrName === 'rel' && node.nodeName === 'A') data.forceKeepAttr = true;
  });

  /** Known differences, all stricter: the in-place path drops a <noscript> with its content. */
  const STRICTER: Record<string, string> = { '<noscript><p title="</noscript><img src=x onerror=alert(1)>">': '' };

  it('matches DOMPurify on jsdom for every payload (images off)', () => {
    for (const p of PAYLOADS) {
      const got = fast.sanitize(p, { textOnly: true, onImage: () => 'x' }).html;
      expect(got, p).toBe(STRICTER[p] ?? (reference.sanitize(p, CONFIG) as unknown as string));
      expect(got, p).not.toMatch(/<script|onerror|javascript:|<iframe|<form|<style|<svg|<math/i);
    }
  });

  it('passes every image source to onImage and drops images without one', () => {
    const seen: string[] = [];
    const r = fast.sanitize('<p><img src="media/a.png" alt="A"><img alt="no src"><img src="  media/b.png "></p>', {
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
      fast.sanitize('<img src="https://tracker.example/p.gif">', {
        textOnly: false,
        onImage: (src) => {
          throw new Error(`refused ${src}`);
        },
      }),
    ).toThrow('refused https://tracker.example/p.gif');
  });
});
