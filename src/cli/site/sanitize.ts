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
 * Third, DOMPurify's configuration is set once ({@link Sanitizer} per text-only option) instead of
 * being parsed again on every call.
 */
import { createRequire } from 'node:module';
import createDOMPurify, { type Config } from 'dompurify';
import { JSDOM } from 'jsdom';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import type { DomTarget } from './markdown-dom.ts';
import { summariseRemoved, type RemovedEntry } from './removed-report.ts';

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
  /** What was removed that the operator should hear of (`1 script, 2 event handlers`), if anything. */
  readonly removed?: string;
}

/** A sanitizer bound to one jsdom window; reuse it for every article of a run. */
export interface Sanitizer {
  /**
   * How `childNodes` reads this window's tree: jsdom's live NodeList, array snapshots read through
   * the public DOM getters, or snapshots read from jsdom's own tree (see {@link jsdomTreeReader}).
   */
  readonly childNodes: 'live' | 'public' | 'internal';
  /** How the tree is built: the public `appendChild`, or jsdom's own insertion (see {@link jsdomAppender}). */
  readonly append: 'public' | 'internal';
  sanitize(dirty: string, opts: SanitizeOptions): Sanitized;
  /**
   * Sanitise a tree that `build` makes through `target` (the sanitizer's document) under `root`
   * (empty) instead of parsing markup; undefined when `build` returns false (it built nothing).
   */
  sanitizeBuilt(build: (target: DomTarget, root: Element) => boolean, opts: SanitizeOptions): Sanitized | undefined;
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
 * `childNodes`: 'live' keeps jsdom's live NodeList, 'public' reads snapshots through the public
 * getters (both slower; for the tests that compare all three); by default snapshots are read from
 * jsdom's own tree when this jsdom version allows it, else through the public getters. Trees are
 * built with jsdom's own insertion ({@link jsdomAppender}) in that default mode only.
 */
export function createSanitizer(opts: { childNodes?: 'live' | 'public' } = {}): Sanitizer {
  const { window } = new JSDOM('<!DOCTYPE html><html><head></head><body></body></html>');
  const windowDocument = window.document;
  // Articles are built in documents of this window, a new one every DOCUMENT_REUSE calls (see there).
  let document = windowDocument.implementation.createHTMLDocument('');
  let uses = 0;
  // Checked before the childNodes getter is replaced (the check reads the public one).
  const internalAppend = opts.childNodes === undefined ? jsdomAppender(windowDocument) : undefined;
  const appendNew = internalAppend ?? ((parent: Node, child: Node): void => void parent.appendChild(child));
  /** The builder's view of the current document (reads `document` at every call). */
  const target: DomTarget = {
    createElement: (tag) => document.createElement(tag),
    createTextNode: (text) => document.createTextNode(text),
    appendNew,
  };
  // Before DOMPurify is created: it caches the childNodes getter when it is created.
  let childNodes: Sanitizer['childNodes'] = 'live';
  if (opts.childNodes !== 'live') {
    const internal = opts.childNodes === 'public' ? undefined : jsdomTreeReader(windowDocument);
    installChildNodeSnapshots(window as unknown as ChildNodeWindow, internal);
    childNodes = internal ? 'internal' : 'public';
  }
  const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  let onImage: ((src: string, alt: string) => string) | undefined;
  let failure: unknown;
  let emptyImages: Element[] = [];
  /** The text-only option DOMPurify is configured for (setConfig), if any yet. */
  let configuredTextOnly: boolean | undefined;

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

  /** Copy a parse5 subtree into the jsdom document under `parent`. */
  const build = (from: P5Node, parent: Node): void => {
    const children = 'childNodes' in from ? from.childNodes : [];
    for (const c of children) {
      if (c.nodeName === '#text') {
        appendNew(parent, document.createTextNode((c as DefaultTreeAdapterMap['textNode']).value));
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
        appendNew(parent, el);
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
    // One configuration for every call (parsing it per call cost ~3 % of sanitising), set again
    // only when the text-only option changes.
    if (configuredTextOnly !== opts.textOnly) {
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
      purify.setConfig(config);
      configuredTextOnly = opts.textOnly;
    }
    try {
      purify.sanitize(wrapper);
    } finally {
      onImage = undefined;
    }
    const removed = summariseRemoved(purify.removed as RemovedEntry[]);
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
    return removed === undefined ? { html: out, firstText } : { html: out, firstText, removed };
  };

  return {
    childNodes,
    append: internalAppend ? 'internal' : 'public',
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
      if (!builder(target, root)) return undefined;
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
 * instead of jsdom's live NodeList, read by `readChildren` ({@link jsdomTreeReader}) or else through
 * the public `firstChild`/`nextSibling` getters. Only for the sanitizer's private window: no other
 * code runs in it, and nothing but DOMPurify and this module reads its nodes' `childNodes`.
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
function installChildNodeSnapshots(window: ChildNodeWindow, readChildren?: (parent: Node) => Node[]): void {
  const proto = window.Node.prototype;
  const getter = (name: string): ((this: Node) => Node | null) => {
    const get = Object.getOwnPropertyDescriptor(proto, name)?.get;
    if (!get) throw new Error(`jsdom Node.prototype has no ${name} getter`);
    return get as (this: Node) => Node | null;
  };
  const firstChild = getter('firstChild');
  const nextSibling = getter('nextSibling');
  if (!Object.getOwnPropertyDescriptor(proto, 'childNodes')?.get) throw new Error('jsdom Node.prototype has no childNodes getter');
  const read =
    readChildren ??
    ((parent: Node): Node[] => {
      const now: Node[] = [];
      for (let c = firstChild.call(parent); c !== null; c = nextSibling.call(c)) now.push(c);
      return now;
    });
  // One remembered snapshot is enough for the identity _isClobbered needs (two reads in a row);
  // a WeakMap per node cost more in lookups and garbage collection than the arrays themselves.
  const EMPTY: readonly Node[] = Object.freeze([]);
  let lastNode: Node | undefined;
  let lastSnapshot: readonly Node[] = EMPTY;
  Object.defineProperty(proto, 'childNodes', {
    configurable: true,
    enumerable: true,
    get(this: Node): readonly Node[] {
      const now = read(this);
      if (now.length === 0) return EMPTY;
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

/** The parts of jsdom's internals that {@link jsdomTreeReader} and {@link jsdomAppender} use (jsdom 29). */
interface JsdomIdlUtils {
  implForWrapper(wrapper: Node): object | null;
  wrapperForImpl(impl: object): Node | null;
}
interface JsdomSymbolTree {
  firstChild(impl: object): object | null;
  nextSibling(impl: object): object | null;
}
/** A node's implementation object: the DOM standard's "insert" without the pre-insert checks. */
interface JsdomNodeImpl {
  _insert(node: JsdomNodeImpl, before: JsdomNodeImpl | null): void;
}

/** jsdom's wrapper ↔ implementation helpers and its tree, if this jsdom has them where 29 does. */
function jsdomInternals(): { utils: JsdomIdlUtils; tree: JsdomSymbolTree } | undefined {
  try {
    const require = createRequire(import.meta.url);
    const utils = require('jsdom/lib/generated/idl/utils.js') as JsdomIdlUtils;
    const tree = (require('jsdom/lib/jsdom/living/helpers/internal-constants.js') as { domSymbolTree: JsdomSymbolTree }).domSymbolTree;
    if (typeof utils.implForWrapper !== 'function' || typeof utils.wrapperForImpl !== 'function' || typeof tree?.firstChild !== 'function' || typeof tree.nextSibling !== 'function') return undefined;
    return { utils, tree };
  } catch {
    return undefined;
  }
}

/**
 * The children of a node read from jsdom's own tree (its implementation objects and the symbol
 * tree that links them) instead of through the public `firstChild`/`nextSibling` getters, which
 * re-check the wrapper's brand and convert between wrapper and implementation at every step. The
 * same nodes in the same order; about 3 % of sanitising, measured alternating both readers in one
 * process (docs/benchmarks.md "Publish").
 *
 * These are jsdom internals (`lib/generated/idl/utils.js`, `lib/jsdom/living/helpers/
 * internal-constants.js`), so the reader is checked on a small tree of `document` first, against the
 * public getters; undefined (the public getters are used) when anything differs or is missing.
 * test/cli/sanitize.test.ts compares all three ways of reading children on every payload and
 * checks that the pinned jsdom version gets this reader.
 */
export function jsdomTreeReader(document: Document): ((parent: Node) => Node[]) | undefined {
  const internals = jsdomInternals();
  if (!internals) return undefined;
  const { utils, tree } = internals;
  const read = (parent: Node): Node[] => {
    const impl = utils.implForWrapper(parent);
    if (impl === null || impl === undefined) throw new Error('internal: a node of the sanitizer window has no jsdom implementation');
    const now: Node[] = [];
    for (let c = tree.firstChild(impl); c !== null; c = tree.nextSibling(c)) now.push(utils.wrapperForImpl(c)!);
    return now;
  };
  try {
    const p = document.createElement('p');
    const text = document.createTextNode('a');
    const b = document.createElement('b');
    p.append(text, b);
    const got = read(p);
    if (got.length !== 2 || got[0] !== p.firstChild || got[1] !== p.lastChild || got[0] !== text || read(text).length !== 0 || read(b).length !== 0) return undefined;
  } catch {
    return undefined;
  }
  return read;
}

/**
 * Appending a node just created in the sanitizer's document, and in no tree yet, with jsdom's own
 * "insert" (`_insert` on the implementation objects), as jsdom's HTML parser does, instead of the
 * public `appendChild`: that converts both wrappers and runs the pre-insert checks (hierarchy,
 * document, adoption) that cannot fail for a fresh node appended to an element of its own
 * document. Mutation records, live ranges and the rest of the insertion steps are jsdom's own.
 * About 4 % of sanitising, measured alternating both in one process (docs/benchmarks.md "Publish").
 *
 * Checked on a small tree of `document` against the public getters, like {@link jsdomTreeReader};
 * undefined (the public `appendChild` is used) when anything differs or is missing. Only the tree
 * builders of this module call it, and only with nodes they have just created.
 */
export function jsdomAppender(document: Document): ((parent: Node, child: Node) => void) | undefined {
  const internals = jsdomInternals();
  if (!internals) return undefined;
  const { utils } = internals;
  const impl = (n: Node): JsdomNodeImpl => {
    const i = utils.implForWrapper(n) as JsdomNodeImpl | null;
    if (i === null || i === undefined || typeof i._insert !== 'function') throw new Error('internal: a node of the sanitizer window has no jsdom implementation');
    return i;
  };
  const append = (parent: Node, child: Node): void => impl(parent)._insert(impl(child), null);
  try {
    const p = document.createElement('p');
    const text = document.createTextNode('a');
    const b = document.createElement('b');
    append(p, text);
    append(p, b);
    const ok =
      p.firstChild === text && p.lastChild === b && text.nextSibling === b && b.previousSibling === text && text.parentNode === p && b.parentNode === p && p.childNodes.length === 2 && p.innerHTML === 'a<b></b>';
    if (!ok) return undefined;
  } catch {
    return undefined;
  }
  return append;
}
