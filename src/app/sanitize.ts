/// <reference types="vite/client" />
/**
 * Article HTML at render time: DOMPurify behind a Trusted Types policy.
 *
 * Article HTML is signed and was sanitized by the publisher, but a signature proves origin, not
 * harmlessness, and DOMPurify improves: we sanitize again on every render (adversarial checklist
 * §G item 48, §5.3). What survives:
 * - a fixed allowlist of text-level and structural tags (no SVG, MathML, forms, frames, media,
 *   style, base, meta, template);
 * - a fixed allowlist of attributes (no id/name/class/style/data-/aria-/event handlers, no srcset);
 * - images only as `media/<sha256>` (rewritten to the app's `/media/<sha256>` route, which the
 *   service worker serves from IndexedDB): no remote image can ever load;
 * - links only to absolute http(s) and mailto URLs, always opened in a new browsing context with
 *   `rel="noopener noreferrer"` and no referrer.
 * All rewriting happens inside DOMPurify hooks, never on its output.
 *
 * Under the shell's CSP (`require-trusted-types-for 'script'`) every HTML sink demands a
 * TrustedHTML. Two policies exist, both created here once:
 * - `pigeonpost-html` (exported through renderArticleHtml): createHTML = DOMPurify.sanitize;
 * - `pigeonpost-purify`: a private no-op policy DOMPurify uses to parse its input. It never leaves
 *   this module. (DOMPurify otherwise creates its own `dompurify` policy; naming ours keeps the
 *   CSP allowlist exact, and passing the sanitizing policy back to DOMPurify would recurse.)
 */
import DOMPurify, { type Config, type DOMPurify as Purifier, type WindowLike } from 'dompurify';

/** Policy names; the CSP in src/cli/app-shell/csp.ts lists the same (a test checks). */
export const HTML_POLICY_NAME = 'pigeonpost-html';
export const PARSE_POLICY_NAME = 'pigeonpost-purify';

type TrustedTypePolicy = NonNullable<Config['TRUSTED_TYPES_POLICY']>;
type TrustedHTML = ReturnType<TrustedTypePolicy['createHTML']>;

const TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'img', 'figure', 'figcaption', 'blockquote', 'q', 'cite',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'strong', 'em', 'b', 'i', 'u', 's', 'small', 'sub', 'sup', 'mark', 'code', 'pre',
  'kbd', 'samp', 'var', 'abbr', 'time', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup',
  'col', 'span', 'div', 'section', 'article', 'aside', 'header', 'footer', 'details', 'summary', 'del', 'ins', 'bdi',
  'bdo', 'wbr', 'ruby', 'rt', 'rp',
];
/** Attributes that hold URLs: checked by the hooks and by ALLOWED_URI_REGEXP. */
const URL_ATTRS = ['href', 'src', 'cite'];
/** Plain-value attributes (exempt from the URI check, which would otherwise apply to them too). */
const VALUE_ATTRS = ['alt', 'title', 'width', 'height', 'lang', 'dir', 'datetime', 'colspan', 'rowspan', 'scope', 'headers', 'start', 'reversed', 'abbr', 'open'];

const MEDIA_SRC = /^\/?media\/([0-9a-f]{64})$/;

/** An absolute http(s) or mailto URL without credentials, or null. */
function safeLink(value: string): string | null {
  let u: URL;
  try {
    u = new URL(value.trim());
  } catch {
    return null;
  }
  if (u.protocol === 'mailto:') return u.href;
  if ((u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '') return u.href;
  return null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A configured sanitizer over one window (the page's, or jsdom's in tests). */
export interface ArticleSanitizer {
  /** Sanitized HTML as a string. */
  sanitize(html: string): string;
  /** The article's visible text (for search), block boundaries kept as spaces. */
  text(html: string): string;
  /**
   * True when the allowlist keeps every element and attribute of `html` (the hooks may still add
   * attributes or normalise a link): such HTML may be shown as it is in a standalone share file,
   * whose own CSP lets nothing run or load (share-export.ts, format.md §7.1).
   */
  keepsAll(html: string): boolean;
}

/**
 * Create a sanitizer. `base` is the app's base path (`/` or `/news/`): image sources become
 * `${base}media/<sha256>`. `parsePolicy` is the no-op policy DOMPurify parses with when Trusted
 * Types are enforced (undefined where they are not).
 */
export function createArticleSanitizer(win: WindowLike, base: string, parsePolicy?: TrustedTypePolicy): ArticleSanitizer {
  const purify: Purifier = DOMPurify(win);
  const config: Config = {
    ALLOWED_TAGS: TAGS,
    ALLOWED_ATTR: [...URL_ATTRS, ...VALUE_ATTRS],
    ADD_URI_SAFE_ATTR: VALUE_ATTRS,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    // Second net behind the hooks: only these URL shapes pass DOMPurify's own URI check.
    ALLOWED_URI_REGEXP: new RegExp(`^(?:https?:|mailto:|${escapeRegExp(base)}media/[0-9a-f]{64}$)`, 'i'),
    SANITIZE_DOM: true,
    SANITIZE_NAMED_PROPS: true,
    KEEP_CONTENT: true,
    WHOLE_DOCUMENT: false,
    // A strict TT list allows only our names: parse with our private policy, or none at all.
    TRUSTED_TYPES_POLICY: parsePolicy ?? null,
    RETURN_TRUSTED_TYPE: false,
  };

  purify.addHook('uponSanitizeAttribute', (node, data) => {
    const tag = node.nodeName.toLowerCase();
    if (data.attrName === 'src') {
      const m = tag === 'img' ? MEDIA_SRC.exec(data.attrValue.trim()) : null;
      if (m) data.attrValue = `${base}media/${m[1]}`;
      else data.keepAttr = false;
    } else if (data.attrName === 'href') {
      const link = tag === 'a' ? safeLink(data.attrValue) : null;
      if (link) data.attrValue = link;
      else data.keepAttr = false;
    } else if (data.attrName === 'cite') {
      // `cite` is never fetched, but keep it to plain web addresses.
      const link = safeLink(data.attrValue);
      if (link) data.attrValue = link;
      else data.keepAttr = false;
    }
  });

  purify.addHook('afterSanitizeAttributes', (node) => {
    const tag = node.nodeName.toLowerCase();
    if (tag === 'a') {
      if (node.hasAttribute('href')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
        node.setAttribute('referrerpolicy', 'no-referrer');
      }
    } else if (tag === 'img') {
      if (!node.hasAttribute('src')) {
        // A remote or unknown image: drop it, keep its description readable.
        const alt = node.getAttribute('alt');
        const doc = node.ownerDocument;
        if (alt && doc) node.replaceWith(doc.createTextNode(alt));
        else node.remove();
        return;
      }
      node.setAttribute('loading', 'lazy');
      node.setAttribute('decoding', 'async');
      node.setAttribute('referrerpolicy', 'no-referrer');
    }
  });

  return {
    sanitize(html) {
      return purify.sanitize(html, config);
    },
    keepsAll(html) {
      // Document-level tags would merge into the share page's own <html>/<body>: never as they are.
      if (/<\/?(?:html|head|body)\b/i.test(html)) return false;
      const out = purify.sanitize(html, config);
      // DOMPurify records the <body> it parsed the fragment into as removed: that one does not count.
      const removed = purify.removed.filter((r) => !('element' in r && r.element.nodeName === 'BODY' && r.element.parentNode === null));
      // Not every drop is recorded (an <img> a hook replaced, a <meta> the parser moved to <head>),
      // nor is an element the parser implied: the output must hold the input's tags, in order.
      const tags = (h: string): string => [...h.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase()).join(' ');
      return removed.length === 0 && tags(out) === tags(html);
    },
    text(html) {
      const frag = purify.sanitize(html, { ...config, RETURN_DOM_FRAGMENT: true });
      const doc = frag.ownerDocument;
      const walker = doc.createTreeWalker(frag, 4 /* NodeFilter.SHOW_TEXT */);
      const parts: string[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) parts.push(n.nodeValue ?? '');
      return parts.join(' ').replace(/\s+/g, ' ').trim();
    },
  };
}

interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createHTML?: (s: string) => string; createScriptURL?: (s: string) => string }): TrustedTypePolicy;
}

let pageSanitizer: ArticleSanitizer | undefined;
let parsePolicy: TrustedTypePolicy | undefined;
let htmlPolicy: TrustedTypePolicy | null | undefined;

function setUp(): { sanitizer: ArticleSanitizer; policy: TrustedTypePolicy | null } {
  if (pageSanitizer === undefined) {
    const tt = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
    const parse = tt?.createPolicy(PARSE_POLICY_NAME, { createHTML: (s) => s, createScriptURL: (s) => s });
    parsePolicy = parse;
    const sanitizer = createArticleSanitizer(window, import.meta.env.BASE_URL, parse);
    pageSanitizer = sanitizer;
    htmlPolicy = tt ? tt.createPolicy(HTML_POLICY_NAME, { createHTML: (s) => sanitizer.sanitize(s) }) : null;
  }
  return { sanitizer: pageSanitizer, policy: htmlPolicy ?? null };
}

/**
 * Replace the children of `target` with the sanitized article HTML. With Trusted Types the value
 * handed to the sink is a TrustedHTML from the `pigeonpost-html` policy; a plain string would throw.
 */
export function renderArticleHtml(target: Element | ShadowRoot, html: string): void {
  const { sanitizer, policy } = setUp();
  const value: TrustedHTML | string = policy ? policy.createHTML(html) : sanitizer.sanitize(html);
  // lib.dom types innerHTML as string; the platform accepts TrustedHTML (and requires it here).
  target.innerHTML = value as string;
}

/** The visible text of article HTML, for the search index. */
export function articleText(html: string): string {
  return setUp().sanitizer.text(html);
}

let shareSanitizer: ArticleSanitizer | undefined;

/**
 * Article HTML for a standalone share file (core/format/share-html.ts): the same allowlist, with
 * images left as `media/<sha256>` for the file writer to inline as `data:` URLs. A string: it is
 * written into a file, never into this page's DOM.
 */
export function shareViewHtml(html: string): string {
  return shareView().sanitize(html);
}

function shareView(): ArticleSanitizer {
  setUp();
  // DOMPurify parses with the private no-op policy when Trusted Types are enforced (see setUp).
  return (shareSanitizer ??= createArticleSanitizer(window, '', parsePolicy));
}

/**
 * The HTML a standalone share file shows for a signed article: the signed HTML itself when the
 * reader's allowlist keeps all of it (the file then carries that text once, as a story region the
 * importer verifies byte for byte: format.md §7.1), else {@link shareViewHtml}'s sanitized copy.
 */
export function shareViewSource(html: string): string {
  const s = shareView();
  return s.keepsAll(html) ? html : s.sanitize(html);
}
