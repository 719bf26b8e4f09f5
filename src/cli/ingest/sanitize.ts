/**
 * Sanitizes an article body with DOMPurify (on a jsdom window) and normalises it for the
 * Markdown file: a flat run of block elements, links made absolute, image sources resolved but
 * not yet fetched (images.ts does that), no scripts, frames, styles, classes or event handlers.
 */
import type { Config } from 'dompurify';
import { parseFragment, sharedPurifier } from './dom.ts';
import { resolveRef } from './resource.ts';
import { squash } from './text.ts';

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'q', 'cite', 'pre', 'code',
  'em', 'i', 'strong', 'b', 'u', 's', 'del', 'ins', 'sub', 'sup', 'small', 'mark', 'abbr', 'time',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'figure', 'figcaption', 'img', 'table', 'thead',
  'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'span', 'div', 'section', 'article', 'header',
  'main', 'center', 'font', 'picture', 'bdi', 'bdo', 'wbr', 'kbd', 'samp', 'var',
];
const ALLOWED_ATTR = [
  'href', 'src', 'srcset', 'alt', 'title', 'lang', 'dir', 'colspan', 'rowspan', 'datetime', 'cite',
  'start', 'reversed', 'scope', 'data-src', 'data-original', 'data-lazy-src',
];
const PURIFY_CONFIG: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  KEEP_CONTENT: true,
  FORBID_CONTENTS: [
    'script', 'style', 'noscript', 'iframe', 'object', 'embed', 'video', 'audio', 'svg', 'math',
    'button', 'form', 'select', 'textarea', 'template', 'head', 'title',
  ],
  // Keeps data: image URIs (decoded locally), refuses everything else that is not a plain link.
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|file:|data:image\/|#|\/|\.|[^a-z]|[a-z0-9+.-]+(?:[^a-z0-9+.:-]|$))/i,
};

/** Wrapper elements that carry no meaning once classes are gone: replaced by their children. */
const UNWRAP = new Set(['DIV', 'SECTION', 'ARTICLE', 'HEADER', 'MAIN', 'CENTER', 'FONT', 'SPAN', 'PICTURE']);
/** Elements that may stand at the top level of the body. */
const BLOCKS = new Set([
  'P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'PRE', 'UL', 'OL', 'DL', 'FIGURE', 'TABLE', 'HR',
]);

/**
 * Sanitizes `html` and returns a detached container whose children are the body's blocks.
 * @param base URL the HTML came from; relative image sources resolve against it.
 * @param linkBase URL relative links resolve against (the article's public address when a local
 *   copy is ingested), defaults to `base`.
 */
export function sanitizeBody(html: string, base: string, linkBase = base): HTMLElement {
  const clean = sharedPurifier().sanitize(html, { ...PURIFY_CONFIG, RETURN_TRUSTED_TYPE: false }) as string;
  const root = parseFragment(clean);
  fixImages(root, base);
  fixLinks(root, linkBase);
  unwrapWrappers(root);
  dropEmpty(root);
  wrapLooseInline(root);
  tidyWhitespace(root);
  return root;
}

/** Containers whose whitespace-only text children are layout noise. */
const STRUCTURAL = new Set(['FIGURE', 'UL', 'OL', 'DL', 'TABLE', 'THEAD', 'TBODY', 'TFOOT', 'TR', 'BLOCKQUOTE', 'PICTURE']);

/** Drops indentation between structural children and trims the edges of text blocks. */
function tidyWhitespace(root: Element): void {
  for (const el of Array.from(root.querySelectorAll('*'))) {
    if (el.closest('pre')) continue;
    if (STRUCTURAL.has(el.tagName)) {
      for (const n of Array.from(el.childNodes)) if (n.nodeType === 3 && squash(n.nodeValue ?? '') === '') n.remove();
    }
    const first = el.firstChild;
    if (first?.nodeType === 3) first.nodeValue = (first.nodeValue ?? '').replace(/^\s+/, '');
    const last = el.lastChild;
    if (last?.nodeType === 3) last.nodeValue = (last.nodeValue ?? '').replace(/\s+$/, '');
  }
}

/** Serialises a body container: top-level blocks separated by blank lines (see file header). */
export function serializeBody(root: Element): string {
  const parts: string[] = [];
  for (const el of Array.from(root.children)) {
    // A blank line would end a CommonMark HTML block; keep the newline as a character reference.
    let html = el.outerHTML;
    while (/\n[ \t]*\n/.test(html)) html = html.replace(/\n[ \t]*\n/g, '\n&#10;');
    parts.push(html.trim());
  }
  return parts.join('\n\n');
}

function fixImages(root: Element, base: string): void {
  for (const img of Array.from(root.querySelectorAll('img'))) {
    const candidate = pickImageSource(img);
    for (const a of ['srcset', 'data-src', 'data-original', 'data-lazy-src']) img.removeAttribute(a);
    if (!candidate) {
      removeImage(img);
      continue;
    }
    try {
      img.setAttribute('src', resolveRef(candidate, base));
    } catch {
      removeImage(img);
    }
  }
  for (const el of Array.from(root.querySelectorAll('[srcset], [data-src], [data-original], [data-lazy-src]'))) {
    for (const a of ['srcset', 'data-src', 'data-original', 'data-lazy-src']) el.removeAttribute(a);
  }
}

/** The real image behind lazy-loading tricks: src unless it is a tiny placeholder, else data-src, else srcset. */
function pickImageSource(img: Element): string | undefined {
  const src = img.getAttribute('src')?.trim();
  const placeholder = !src || (/^data:/i.test(src) && src.length < 400);
  if (!placeholder) return src;
  const lazy = img.getAttribute('data-src') ?? img.getAttribute('data-original') ?? img.getAttribute('data-lazy-src');
  if (lazy?.trim()) return lazy.trim();
  const srcset = img.getAttribute('srcset');
  if (srcset) {
    const candidates = srcset.split(',').map((c) => c.trim().split(/\s+/)).filter((c) => c[0]);
    let best: string | undefined;
    let bestW = -1;
    for (const [url, desc] of candidates) {
      const w = desc && /^\d+w$/.test(desc) ? parseInt(desc, 10) : 1;
      if (w > bestW && w <= 2000) {
        best = url;
        bestW = w;
      }
    }
    return best ?? candidates[0]?.[0];
  }
  return src || undefined;
}

/** Removes an image, and its figure when the figure has nothing else to show. */
export function removeImage(img: Element): void {
  const fig = img.closest('figure');
  img.remove();
  if (fig && !fig.querySelector('img')) fig.remove();
}

function fixLinks(root: Element, base: string): void {
  const remoteBase = /^https?:/i.test(base);
  for (const a of Array.from(root.querySelectorAll('a'))) {
    const href = a.getAttribute('href')?.trim();
    if (!href) {
      unwrap(a);
      continue;
    }
    if (href.startsWith('#')) continue;
    let abs: URL | undefined;
    try {
      abs = new URL(href, base);
    } catch {
      abs = undefined;
    }
    if (abs && (abs.protocol === 'https:' || abs.protocol === 'http:' || abs.protocol === 'mailto:')) {
      a.setAttribute('href', abs.href);
    } else if (abs && abs.protocol === 'file:' && !remoteBase) {
      unwrap(a); // a link to another local file means nothing to a reader
    } else {
      unwrap(a);
    }
  }
}

function unwrap(el: Element): void {
  el.replaceWith(...Array.from(el.childNodes));
}

function unwrapWrappers(root: Element): void {
  // Deepest first, so nested wrappers collapse in one pass.
  for (const el of Array.from(root.querySelectorAll('*')).reverse()) {
    if (!UNWRAP.has(el.tagName)) continue;
    if (el.tagName === 'SPAN' && (el.hasAttribute('lang') || el.hasAttribute('dir'))) continue;
    const inline = el.tagName === 'SPAN' || el.tagName === 'FONT' || el.tagName === 'PICTURE';
    const parent = el.parentElement;
    const flowParent = parent === root || (parent !== null && (UNWRAP.has(parent.tagName) || parent.tagName === 'BLOCKQUOTE'));
    if (!inline && flowParent && hasInlineContent(el) && !hasBlockChild(el)) {
      // <div>Some text</div> is a paragraph in disguise: keep it apart from its neighbours.
      const p = el.ownerDocument.createElement('p');
      p.append(...Array.from(el.childNodes));
      el.replaceWith(p);
    } else {
      unwrap(el);
    }
  }
}

function hasInlineContent(el: Element): boolean {
  for (const n of Array.from(el.childNodes)) {
    if (n.nodeType === 3 && squash(n.nodeValue ?? '') !== '') return true;
    if (n.nodeType === 1 && !BLOCKS.has((n as Element).tagName) && !UNWRAP.has((n as Element).tagName)) return true;
  }
  return false;
}

function hasBlockChild(el: Element): boolean {
  return Array.from(el.children).some((c) => BLOCKS.has(c.tagName) || (UNWRAP.has(c.tagName) && c.tagName !== 'SPAN'));
}

function dropEmpty(root: Element): void {
  for (const el of Array.from(root.querySelectorAll('p, li, h1, h2, h3, h4, h5, h6, blockquote, figcaption, ul, ol, figure, em, strong, b, i, a')).reverse()) {
    if (!el.isConnected && !root.contains(el)) continue;
    if (squash(el.textContent ?? '') === '' && !el.querySelector('img, br, hr')) el.remove();
  }
}

/** Wraps top-level text and inline elements into paragraphs, so every top-level node is a block. */
function wrapLooseInline(root: Element): void {
  const doc = root.ownerDocument;
  let para: HTMLElement | undefined;
  for (const node of Array.from(root.childNodes)) {
    const isBlock = node.nodeType === 1 && BLOCKS.has((node as Element).tagName);
    if (isBlock) {
      para = undefined;
      continue;
    }
    if (node.nodeType === 3 && squash(node.nodeValue ?? '') === '' && !para) {
      node.remove();
      continue;
    }
    if (node.nodeType !== 1 && node.nodeType !== 3) {
      node.remove();
      continue;
    }
    if (node.nodeType === 1 && (node as Element).tagName === 'BR' && !para) {
      node.remove();
      continue;
    }
    if (!para) {
      para = doc.createElement('p');
      root.insertBefore(para, node);
    }
    para.appendChild(node);
  }
  for (const p of Array.from(root.children)) {
    if (p.tagName === 'P' && squash(p.textContent ?? '') === '' && !p.querySelector('img')) p.remove();
  }
}

/** DOMPurify with the body configuration, for raw HTML snippets inside Markdown. */
export function purifySnippet(html: string): string {
  return sharedPurifier().sanitize(html, { ...PURIFY_CONFIG, RETURN_TRUSTED_TYPE: false }) as string;
}
