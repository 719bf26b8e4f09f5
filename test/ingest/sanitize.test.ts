/**
 * The body sanitizer: DOMPurify plus normalisation for a Markdown file.
 */
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { sanitizeBody, serializeBody } from '../../src/cli/ingest/sanitize.ts';

const run = (html: string, base = 'https://outlet.example/news/story'): string => serializeBody(sanitizeBody(html, base));

describe('sanitizeBody', () => {
  it('removes active content and attributes', () => {
    const out = run('<p onclick="x()" class="lead" style="color:red" id="p1">Hi <a href="javascript:alert(1)">there</a><img src="a.jpg" onerror="steal()"></p><script>bad()</script><iframe src="https://video.example/e"></iframe><video src="v.mp4">fallback</video>');
    expect(out).toBe('<p>Hi there<img src="https://outlet.example/news/a.jpg"></p>');
  });

  it('makes links absolute and keeps fragments and mailto', () => {
    const out = run('<p><a href="/about">About</a> <a href="#note">note</a> <a href="mailto:desk@outlet.example">mail</a></p>');
    expect(out).toBe('<p><a href="https://outlet.example/about">About</a> <a href="#note">note</a> <a href="mailto:desk@outlet.example">mail</a></p>');
  });

  it('resolves lazy-loaded images', () => {
    const out = run('<figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/real.jpg" alt="Real"><figcaption>Cap</figcaption></figure><p><img srcset="/s.jpg 320w, /m.jpg 800w, /l.jpg 1600w" alt="Set"></p>');
    expect(out).toBe('<figure><img src="https://outlet.example/img/real.jpg" alt="Real"><figcaption>Cap</figcaption></figure>\n\n<p><img alt="Set" src="https://outlet.example/l.jpg"></p>');
  });

  it('turns wrapper divs into paragraphs and keeps blocks apart', () => {
    const out = run('<div><div>First line</div><div>Second <b>line</b></div><section><p>Para</p></section></div>');
    expect(out).toBe('<p>First line</p>\n\n<p>Second <b>line</b></p>\n\n<p>Para</p>');
  });

  it('keeps blank lines inside blocks without ending the Markdown HTML block', () => {
    const out = run('<blockquote><pre>line 1\n\nline 3</pre></blockquote><p>after</p>');
    expect(out).not.toMatch(/\n[ \t]*\n(?!<)/);
    const html = marked.parse(out, { async: false }) as string;
    expect(html).toContain('<pre>line 1\n&#10;line 3</pre>');
    expect(html).toContain('<p>after</p>');
  });

  it('keeps rtl and lang attributes', () => {
    expect(run('<p dir="rtl" lang="ar">مرحبا <span lang="en">hello</span></p>')).toBe('<p dir="rtl" lang="ar">مرحبا <span lang="en">hello</span></p>');
  });
});
