/**
 * Article HTML at render time against the adversarial checklist §G (item 48): every payload is
 * neutralised by src/app/sanitize.ts, run in jsdom (the same DOMPurify, the same configuration).
 */
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WindowLike } from 'dompurify';
import { createArticleSanitizer, HTML_POLICY_NAME, PARSE_POLICY_NAME, type ArticleSanitizer } from '../../src/app/sanitize.ts';
import { TRUSTED_TYPES_POLICIES, shellCsp } from '../../src/cli/app-shell/csp.ts';
import { SW_POLICY_NAME } from '../../src/app/sw-url.ts';
import { SEARCH_POLICY_NAME } from '../../src/search/protocol.ts';

const SHA = 'ab'.repeat(32);
let s: ArticleSanitizer;
let dom: JSDOM;

/** Parse sanitized output and return the body for inspection. */
function clean(html: string): HTMLElement {
  const out = s.sanitize(html);
  const doc = new JSDOM(`<!doctype html><body>${out}</body>`).window.document;
  return doc.body;
}

/** Every URL-bearing attribute in the output. */
function urls(body: HTMLElement): string[] {
  const found: string[] = [];
  for (const el of Array.from(body.querySelectorAll('*'))) {
    for (const a of Array.from(el.attributes)) {
      if (['href', 'src', 'srcset', 'action', 'formaction', 'poster', 'background', 'xlink:href', 'data', 'cite', 'ping', 'style'].includes(a.name)) found.push(`${el.localName}[${a.name}]=${a.value}`);
    }
  }
  return found;
}

beforeAll(() => {
  dom = new JSDOM('<!doctype html><body></body>', { url: 'https://mirror.test/news/article/x' });
  s = createArticleSanitizer(dom.window as unknown as WindowLike, '/news/');
});

describe('sanitize: scripts and event handlers', () => {
  it.each([
    ['script element', '<p>a</p><script>alert(1)</script>'],
    ['script in svg', '<svg><script>alert(1)</script></svg>'],
    ['onerror', '<img src="x" onerror="alert(1)">'],
    ['onload on body-ish', '<div onload="alert(1)" onclick="alert(2)" onmouseover="alert(3)">x</div>'],
    ['javascript: link', '<a href="javascript:alert(1)">x</a>'],
    ['javascript: with entities', '<a href="jav&#x09;ascript:alert(1)">x</a>'],
    ['javascript: upper case and spaces', '<a href="  JaVaScRiPt:alert(1)">x</a>'],
    ['vbscript', '<a href="vbscript:msgbox(1)">x</a>'],
    ['data: html link', '<a href="data:text/html,<script>alert(1)</script>">x</a>'],
    ['iframe', '<iframe src="https://evil.test/"></iframe><iframe srcdoc="<script>alert(1)</script>"></iframe>'],
    ['object/embed', '<object data="https://evil.test/x.swf"></object><embed src="https://evil.test/x">'],
    ['form', '<form action="https://evil.test/"><input name="q"><button formaction="https://evil.test/">go</button></form>'],
    ['base', '<base href="https://evil.test/"><a href="x">x</a>'],
    ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.test/">'],
    ['link stylesheet', '<link rel="stylesheet" href="https://evil.test/x.css">'],
    ['style element', '<style>body{background:url(https://evil.test/t.gif)}</style>'],
    ['style attribute', '<p style="background:url(https://evil.test/t.gif)">x</p>'],
    ['svg use/xlink', '<svg><use xlink:href="https://evil.test/s.svg#x"></use><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'],
    ['svg animate', '<svg><animate attributeName="href" to="javascript:alert(1)"/><set attributeName="onmouseover" to="alert(1)"/></svg>'],
    ['svg foreignObject', '<svg><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>'],
    ['math', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'],
    ['mXSS noscript', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
    ['template', '<template><script>alert(1)</script></template>'],
    ['video/audio poster', '<video poster="https://evil.test/p.jpg" src="https://evil.test/v.mp4"></video><audio src="https://evil.test/a.mp3"></audio>'],
  ])('%s', (_name, payload) => {
    const body = clean(payload);
    const html = body.innerHTML;
    expect(html).not.toMatch(/<(script|iframe|object|embed|form|input|button|base|meta|link|style|svg|math|template|video|audio|noscript)\b/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html.toLowerCase()).not.toContain('javascript:');
    expect(html.toLowerCase()).not.toContain('vbscript:');
    expect(urls(body).filter((u) => !/^a\[href\]=https?:|^img\[src\]=\/news\/media\//.test(u))).toEqual([]);
    expect(html).not.toContain('evil.test/x.css');
  });
});

describe('sanitize: remote resources', () => {
  it('drops remote tracking images but keeps their alt text', () => {
    const body = clean('<p>x<img src="https://tracker.test/pixel.gif" alt="a chart" width="1" height="1"></p><img src="//tracker.test/p.gif">');
    expect(body.querySelector('img')).toBeNull();
    expect(body.textContent).toContain('a chart');
  });

  it('drops srcset, protocol-relative, data: and relative images', () => {
    const body = clean(`<img src="media/${SHA}" srcset="https://t.test/a.jpg 2x"><img src="data:image/png;base64,AAAA"><img src="../media/${SHA}"><img src="media/${SHA}?x=1"><picture><source srcset="https://t.test/b.jpg"><img src="media/${SHA}"></picture>`);
    const imgs = Array.from(body.querySelectorAll('img'));
    expect(imgs.map((i) => i.getAttribute('src'))).toEqual([`/news/media/${SHA}`, `/news/media/${SHA}`]);
    expect(body.innerHTML).not.toContain('srcset');
    expect(body.querySelector('source')).toBeNull();
  });

  it('keeps media/<sha256> images, rewritten to the app media route', () => {
    const body = clean(`<figure><img src="media/${SHA}" alt="Crowd" width="800" height="600"><figcaption>Queues</figcaption></figure>`);
    const img = body.querySelector('img')!;
    expect(img.getAttribute('src')).toBe(`/news/media/${SHA}`);
    expect(img.getAttribute('alt')).toBe('Crowd');
    expect(img.getAttribute('loading')).toBe('lazy');
    expect(img.getAttribute('referrerpolicy')).toBe('no-referrer');
  });

  it('refuses upper-case or short hashes', () => {
    const body = clean(`<img src="media/${SHA.toUpperCase()}"><img src="media/abc">`);
    expect(body.querySelector('img')).toBeNull();
  });
});

describe('sanitize: links', () => {
  it('opens web links in a new context without opener or referrer', () => {
    const a = clean('<a href="https://outlet.test/story" target="_self" rel="opener" ping="https://t.test/">story</a>').querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://outlet.test/story');
    expect(a.getAttribute('target')).toBe('_blank');
    expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    expect(a.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(a.hasAttribute('ping')).toBe(false);
  });

  it('removes relative, fragment and credential links but keeps their text', () => {
    const body = clean('<a href="/settings">a</a><a href="#top">b</a><a href="https://u:p@outlet.test/">c</a><a href="mailto:desk@outlet.test">d</a>');
    const hrefs = Array.from(body.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual([null, null, null, 'mailto:desk@outlet.test']);
    expect(body.textContent).toBe('abcd');
    for (const a of Array.from(body.querySelectorAll('a:not([href])'))) expect(a.hasAttribute('target')).toBe(false);
  });
});

describe('sanitize: DOM clobbering and attribute allowlist', () => {
  it('drops id, name, class, data- and aria- attributes', () => {
    const body = clean('<img name="getElementById" id="cookie" src="media/' + SHA + '"><form id="location"></form><p id="defaultView" class="visually-hidden" data-x="1" aria-hidden="true" role="button">x</p><a id="__proto__" name="body" href="https://o.test/">y</a>');
    for (const el of Array.from(body.querySelectorAll('*'))) {
      for (const a of ['id', 'name', 'class', 'data-x', 'aria-hidden', 'role']) expect(el.hasAttribute(a), `${el.localName}[${a}]`).toBe(false);
    }
  });

  it('keeps ordinary article structure', () => {
    const body = clean('<h2>Head</h2><p lang="ru" dir="ltr">Привет <strong>мир</strong></p><blockquote cite="https://o.test/">q</blockquote><table><tr><th scope="col">a</th></tr><tr><td colspan="2">b</td></tr></table><ul><li>i</li></ul>');
    expect(body.querySelector('h2')?.textContent).toBe('Head');
    expect(body.querySelector('p')?.getAttribute('lang')).toBe('ru');
    expect(body.querySelector('th')?.getAttribute('scope')).toBe('col');
    expect(body.querySelector('td')?.getAttribute('colspan')).toBe('2');
    expect(body.querySelector('blockquote')?.getAttribute('cite')).toBe('https://o.test/');
  });
});

describe('share files: signed HTML shown as it is only when the allowlist keeps all of it', () => {
  it('keeps plain article markup, pictures and links', () => {
    expect(s.keepsAll(`<h2>Мост</h2><p>Text <a href="https://o.test/x">link</a> and <em>more</em>.</p><figure><img src="media/${SHA}" alt="A bridge"><figcaption>Cap</figcaption></figure>`)).toBe(true);
    expect(s.keepsAll('<p>Plain text only.</p>')).toBe(true);
  });

  it('refuses anything the allowlist would drop', () => {
    for (const html of [
      '<p onclick="x()">a</p>',
      '<p>a</p><script>alert(1)</script>',
      '<p style="position:fixed">a</p>',
      '<img src="https://tracker.test/p.gif" alt="x">',
      '<img alt="no source">',
      '<a href="javascript:alert(1)">a</a>',
      '<p id="story-1">a</p>',
      '<meta http-equiv="refresh" content="0;url=https://o.test/">',
      '<meta http-equiv="refresh" content="0;url=https://o.test/"><table><tr><td>a</td></tr></table>',
      '<body onload="x()"><p>a</p>',
      '<form action="https://o.test/"><input name="q"></form>',
      '<svg><a href="https://o.test/">x</a></svg>',
    ]) {
      expect([html, s.keepsAll(html)]).toEqual([html, false]);
    }
  });
});

describe('article text for search', () => {
  it('joins block text with spaces and never returns markup', () => {
    expect(s.text('<h2>Выборы</h2><p>First&nbsp;line</p><p>second <b>bold</b></p><script>alert(1)</script>')).toBe('Выборы First\u00a0line second bold'.replace(/\s+/g, ' '));
  });
});

describe('Trusted Types names', () => {
  it('the CSP allows exactly the policies the app creates, plus lit-html', () => {
    expect([...TRUSTED_TYPES_POLICIES].sort()).toEqual([HTML_POLICY_NAME, PARSE_POLICY_NAME, SW_POLICY_NAME, SEARCH_POLICY_NAME, 'lit-html'].sort());
    expect(shellCsp()).toContain(`trusted-types ${TRUSTED_TYPES_POLICIES.join(' ')}`);
    expect(shellCsp()).toContain("require-trusted-types-for 'script'");
  });
});
