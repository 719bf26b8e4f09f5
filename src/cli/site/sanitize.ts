/**
 * Publish-time HTML sanitising: DOMPurify on a jsdom window, strict profile.
 *
 * An allowlist of text and structure elements only: no script, style, iframe, form, object, embed,
 * base, meta, link, svg, math or template; no event handlers, no style or class, no data-*
 * attributes. Links may point to http(s), mailto or in-page anchors and get
 * rel="noopener noreferrer". Every <img> src is handed to `onImage`, which returns its rewritten
 * `media/<sha256>` or throws (remote and out-of-site images are refused by the caller).
 * Readers sanitise again before rendering (format.md §3.5); this pass keeps the signed HTML small
 * and predictable.
 *
 * Speed: jsdom's own HTML parser appends every text token to the text node through the DOM
 * mutation machinery, which made parsing a text-heavy 8 KB article cost several milliseconds. So
 * the markup is parsed with parse5 (the parser jsdom itself uses, with scripting disabled like
 * jsdom's DOMParser), the same tree is built in the jsdom document with whole text nodes, and
 * DOMPurify sanitises that tree in place. Nodes whose names the DOM refuses are dropped (their
 * text kept), which is what DOMPurify does with unknown elements anyway.
 *
 * Second, `childNodes` on the sanitizer's own (private) window returns a frozen array snapshot
 * instead of jsdom's live NodeList; see {@link installChildNodeSnapshots} for why that is safe.
 */
import createDOMPurify, { type Config } from 'dompurify';
import { JSDOM } from 'jsdom';
import { parse, type DefaultTreeAdapterMap } from 'parse5';

type P5Node = DefaultTreeAdapterMap['childNode'] | DefaultTreeAdapterMap['parentNode'];

/** Elements an article may contain. */
export const ALLOWED_TAGS = [
  'a', 'abbr', 'b', 'blockquote', 'br', 'caption', 'cite', 'code', 'dd', 'del', 'dfn', 'div', 'dl', 'dt', 'em',
  'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'mark', 'ol',
  'p', 'pre', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th',
  'thead', 'time', 'tr', 'u', 'ul', 'var', 'wbr',
];

/** Attributes an article may use (no event handlers, style, class, id or srcset). */
export const ALLOWED_ATTR = ['alt', 'colspan', 'datetime', 'dir', 'height', 'href', 'lang', 'reversed', 'rowspan', 'scope', 'src', 'start', 'title', 'width'];

const FORBID_TAGS = ['script', 'style', 'iframe', 'frame', 'form', 'object', 'embed', 'base', 'meta', 'link', 'svg', 'math', 'template', 'input', 'button', 'textarea', 'select', 'noscript'];

/**
 * http(s), mailto, and references without a scheme (relative paths, `#anchors`); any other scheme
 * is dropped. DOMPurify's default pattern with the scheme list cut down. Image sources are checked
 * again by `onImage` (remote and out-of-site images are refused there).
 */
const URI_PATTERN = /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;

/**
 * Articles built in one document before the sanitizer starts a new (inert, scriptless) one.
 *
 * jsdom registers every NodeIterator (DOMPurify creates one or two per call) in its document's set
 * of working iterators, through a WeakRef that only a full GC clears, and the iterator holds its
 * root: V8's young-generation collections keep WeakRef targets, so every article's whole tree
 * survived them and was promoted (~2 MB copied per scavenge, ~0.5 ms of GC per article), and each
 * node removal walks that growing set. So the tree is detached from its root once serialised (the
 * iterator then pins an empty <div>), and a document is dropped with its set after this many uses.
 */
const DOCUMENT_REUSE = 32;

/** Output of one sanitise call. */
export interface Sanitized {
  readonly html: string;
  /** Text of the first paragraph with text (for a default summary). */
  readonly firstText: string;
}

/** A sanitizer bound to one jsdom window; reuse it for every article of a run. */
export interface Sanitizer {
  sanitize(dirty: string, opts: SanitizeOptions): Sanitized;
  /**
   * Sanitise a tree that `build` makes in the sanitizer's document under `root` (empty) instead of
   * parsing markup; undefined when `build` returns false (it built nothing).
   */
  sanitizeBuilt(build: (document: Document, root: Element) => boolean, opts: SanitizeOptions): Sanitized | undefined;
}

/** How to sanitise one article. */
export interface SanitizeOptions {
  /** Drop every image (the site's text-only option). */
  readonly textOnly: boolean;
  /** Rewrites an image source (to `media/<sha256>`) or throws. */
  readonly onImage: (src: string, alt: string) => string;
}

/**
 * Create a sanitizer (one jsdom window, one DOMPurify instance, hooks installed once).
 * `liveChildNodes` keeps jsdom's live NodeList (slower; for the test that compares both).
 */
export function createSanitizer(opts: { liveChildNodes?: boolean } = {}): Sanitizer {
  const { window } = new JSDOM('<!DOCTYPE html><html><head></head><body></body></html>');
  const windowDocument = window.document;
  // Articles are built in documents of this window, a new one every DOCUMENT_REUSE calls (see there).
  let document = windowDocument.implementation.createHTMLDocument('');
  let uses = 0;
  // Before DOMPurify is created: it caches the childNodes getter when it is created.
  if (!opts.liveChildNodes) installChildNodeSnapshots(window as unknown as ChildNodeWindow);
  const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  let onImage: ((src: string, alt: string) => string) | undefined;
  let failure: unknown;
  let emptyImages: Element[] = [];

  purify.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    if (el.nodeName === 'A') {
      if (el.hasAttribute('href')) el.setAttribute('rel', 'noopener noreferrer');
    } else if (el.nodeName === 'IMG') {
      const src = el.getAttribute('src');
      if (src === null || src.trim() === '') {
        emptyImages.push(el); // removed after the walk, never during it
        return;
      }
      try {
        el.setAttribute('src', onImage!(src.trim(), el.getAttribute('alt') ?? ''));
      } catch (e) {
        // Hooks must not throw through DOMPurify; remember the first failure and report it after.
        failure ??= e;
      }
    }
  });
  // rel is set by the hook above, after attribute filtering; allow it through on <a> only.
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    if (data.attrName === 'rel' && node.nodeName === 'A') data.forceKeepAttr = true;
  });

  /** Copy a parse5 subtree into the jsdom document under `parent`. */
  const build = (from: P5Node, parent: Node): void => {
    const children = 'childNodes' in from ? from.childNodes : [];
    for (const c of children) {
      if (c.nodeName === '#text') {
        parent.appendChild(document.createTextNode((c as DefaultTreeAdapterMap['textNode']).value));
      } else if ('tagName' in c) {
        let el: Element;
        try {
          el = document.createElementNS(c.namespaceURI, c.tagName);
        } catch {
          build(c, parent); // a name the DOM refuses: keep the text, drop the element
          continue;
        }
        for (const a of c.attrs) {
          try {
            el.setAttribute(a.prefix ? `${a.prefix}:${a.name}` : a.name, a.value);
          } catch {
            // an attribute name the DOM refuses is dropped
          }
        }
        build(c, el);
        parent.appendChild(el);
      }
      // comments, doctypes and template contents are dropped
    }
  };

  /**
   * A fresh root for one article, in the current document (a new one every DOCUMENT_REUSE
   * articles), inside a wrapper: DOMPurify walks the wrapper, and afterwards one removal of the root
   * from it drops the whole tree (see DOCUMENT_REUSE); removing each top-level child instead cost
   * about 0.15 ms per article.
   */
  const newRoot = (): Element => {
    if (++uses > DOCUMENT_REUSE) {
      document = windowDocument.implementation.createHTMLDocument('');
      uses = 1;
    }
    const wrapper = document.createElement('div');
    const root = document.createElement('div');
    wrapper.appendChild(root);
    return root;
  };

  /** DOMPurify over the tree under `root`, then the result; detaches `root` (see {@link newRoot}). */
  const purifyRoot = (root: Element, opts: SanitizeOptions): Sanitized => {
    const wrapper = root.parentNode!;
    onImage = opts.onImage;
    failure = undefined;
    emptyImages = [];
    const config: Config & { IN_PLACE: true } = {
      ALLOWED_TAGS,
      ALLOWED_ATTR,
      FORBID_TAGS: opts.textOnly ? [...FORBID_TAGS, 'img'] : FORBID_TAGS,
      ALLOW_DATA_ATTR: false,
      ALLOW_ARIA_ATTR: false,
      ALLOWED_URI_REGEXP: URI_PATTERN,
      KEEP_CONTENT: true,
      IN_PLACE: true,
    };
    try {
      purify.sanitize(wrapper, config);
    } finally {
      onImage = undefined;
    }
    // The root is an allowed <div> with no attributes: DOMPurify keeps it where it is.
    if (root.parentNode !== wrapper || wrapper.childNodes.length !== 1) throw new Error('internal: the sanitizer lost its root');
    if (failure !== undefined) {
      wrapper.removeChild(root);
      throw failure;
    }
    for (const img of emptyImages) img.remove();
    // The first top-level paragraph with text (no selector engine: it costs more than the walk).
    let firstText = '';
    for (let el = root.firstElementChild; el && firstText === ''; el = el.nextElementSibling) {
      if (el.nodeName === 'P') firstText = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    }
    const out = root.innerHTML;
    wrapper.removeChild(root);
    return { html: out, firstText };
  };

  return {
    sanitize(dirty, opts) {
      const doc = parse(`<!DOCTYPE html><html><head></head><body>${dirty}`, { scriptingEnabled: false });
      const html = doc.childNodes.find((n) => n.nodeName === 'html') as DefaultTreeAdapterMap['element'];
      const body = html.childNodes.find((n) => n.nodeName === 'body') as DefaultTreeAdapterMap['element'];
      const root = newRoot();
      build(body, root);
      return purifyRoot(root, opts);
    },
    sanitizeBuilt(builder, opts) {
      const root = newRoot();
      if (!builder(document, root)) return undefined;
      return purifyRoot(root, opts);
    },
  };
}

/** The part of a jsdom window that {@link installChildNodeSnapshots} touches. */
interface ChildNodeWindow {
  Node: { prototype: object };
}

/**
 * Make `childNodes` on `window`'s nodes a frozen array of the children at the time of the read,
 * instead of jsdom's live NodeList. Only for the sanitizer's private window: no other code runs in
 * it, and nothing but DOMPurify and this module reads its nodes' `childNodes`.
 *
 * Why: jsdom's NodeList is a Proxy; every `childNodes[i]` and `.length` goes through its traps, a
 * brand check and a re-sync with the tree. DOMPurify 3.5's in-place mode walks the tree five times
 * through `childNodes`, which made these reads the largest single cost of publishing (measured in
 * docs/benchmarks.md "Publish").
 *
 * Why it is safe (every read of `childNodes` in dompurify/dist/purify.es.mjs, 3.5.0; DOMPurify
 * reads it through the getter it looked up on the prototype chain when it was created, so this must
 * be installed first):
 * - `_walkTree` (the in-place pre-pass `_neutralizePatchLinkage`, `_collectLiveNodes`,
 *   `_neutralizeSubtree`) and `_sanitizeAttachedShadowRoots` read the list after visiting the node,
 *   then `length` and every index at once, and push the children on their stack: a snapshot taken
 *   at that moment holds exactly what the live list holds.
 * - `_neutralizeRoot` and `_fosterTableContent` copy the list with `Array.prototype.slice` first.
 * - `_sanitizeDisallowedNode` (KEEP_CONTENT hoisting) reads `length` once, then index i from the
 *   last down while moving child i out. The loop only ever removes children at index >= i, so on the
 *   live list index i is still the node the snapshot has at index i; an `insertBefore` that throws
 *   ends the loop at the same step in both modes. Nothing else runs during those moves: no hooks,
 *   and no custom-element reactions (nothing is defined in this window).
 * - `_isClobbered` compares `element.childNodes` with the cached getter's result (for <form>). jsdom
 *   29 has no named properties on forms, so both reads reach this getter, one right after the
 *   other; two reads in a row of the same node with the same children (same nodes, same order)
 *   return the same array (all nodes without children share one empty array). That identity is
 *   required: a fresh array per read would make every form look clobbered and drop it with its
 *   content instead of hoisting it (the test catches that).
 * - `_initDocument` reads `body.childNodes[0]` (string input only; this module passes a node).
 * The tree walks proper (NodeIterator, textContent, normalize, innerHTML) are jsdom internals on
 * the implementation objects and never use the wrapper's `childNodes` (innerHTML of an HTML
 * document serialises through jsdom's impl tree adapter; only XML serialisation reads wrappers).
 * The arrays are frozen, so nothing can change a snapshot that is handed out again.
 * test/cli/sanitize.test.ts compares this mode with the live NodeList and with DOMPurify's own
 * string path on jsdom (XSS, mXSS, namespace, clobbering, hoisting and deep-nesting payloads, and a
 * property over generated markup), and pins the DOMPurify version this was checked against.
 */
function installChildNodeSnapshots(window: ChildNodeWindow): void {
  const proto = window.Node.prototype;
  const getter = (name: string): ((this: Node) => Node | null) => {
    const get = Object.getOwnPropertyDescriptor(proto, name)?.get;
    if (!get) throw new Error(`jsdom Node.prototype has no ${name} getter`);
    return get as (this: Node) => Node | null;
  };
  const firstChild = getter('firstChild');
  const nextSibling = getter('nextSibling');
  if (!Object.getOwnPropertyDescriptor(proto, 'childNodes')?.get) throw new Error('jsdom Node.prototype has no childNodes getter');
  // One remembered snapshot is enough for the identity _isClobbered needs (two reads in a row);
  // a WeakMap per node cost more in lookups and garbage collection than the arrays themselves.
  const EMPTY: readonly Node[] = Object.freeze([]);
  let lastNode: Node | undefined;
  let lastSnapshot: readonly Node[] = EMPTY;
  Object.defineProperty(proto, 'childNodes', {
    configurable: true,
    enumerable: true,
    get(this: Node): readonly Node[] {
      let c = firstChild.call(this);
      if (c === null) return EMPTY;
      const now: Node[] = [];
      for (; c !== null; c = nextSibling.call(c)) now.push(c);
      if (lastNode === this && lastSnapshot.length === now.length) {
        let same = true;
        for (let i = 0; i < now.length && same; i++) same = lastSnapshot[i] === now[i];
        if (same) return lastSnapshot;
      }
      lastNode = this;
      lastSnapshot = Object.freeze(now);
      return lastSnapshot;
    },
  });
}
