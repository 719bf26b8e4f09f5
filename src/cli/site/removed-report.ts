/**
 * What the publish-time sanitizer took out of an article, in words for the operator
 * (`warning: <id>: removed 1 script, 2 event handlers`). Read from DOMPurify's `removed` list after
 * each call: a report only, never a security decision (DOMPurify's README says the list must not
 * drive one). Only what changes what readers see or what an author meant to run is reported:
 * elements that disappear with their content and attributes that carried code or a link; the
 * formatting the allowlist drops anyway (`class`, `style`, unknown wrappers whose text is kept) is
 * not, or every imported page would warn.
 */

/** One entry of DOMPurify's `removed` list. */
export type RemovedEntry = { element: Node } | { attribute: Attr | null; from: Node };

/** Report categories, in the order they are listed, with their singular and plural words. */
const CATEGORIES = {
  script: ['script', 'scripts'],
  handler: ['event handler', 'event handlers'],
  jsLink: ['javascript: link', 'javascript: links'],
  badLink: ['link with a disallowed scheme', 'links with a disallowed scheme'],
  frame: ['frame', 'frames'],
  form: ['form or form control', 'forms or form controls'],
  embed: ['embedded object', 'embedded objects'],
  style: ['style sheet', 'style sheets'],
  svg: ['SVG or MathML element', 'SVG or MathML elements'],
  meta: ['meta, base or link element', 'meta, base or link elements'],
} as const;

type Category = keyof typeof CATEGORIES;

const ELEMENT_CATEGORY: Record<string, Category> = {
  script: 'script',
  noscript: 'script',
  iframe: 'frame',
  frame: 'frame',
  frameset: 'frame',
  form: 'form',
  input: 'form',
  button: 'form',
  textarea: 'form',
  select: 'form',
  object: 'embed',
  embed: 'embed',
  applet: 'embed',
  style: 'style',
  svg: 'svg',
  math: 'svg',
  meta: 'meta',
  base: 'meta',
  link: 'meta',
};

const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href']);

/** Count the reportable removals; undefined when there is nothing to report. */
export function summariseRemoved(removed: readonly RemovedEntry[]): string | undefined {
  const counts = new Map<Category, number>();
  const add = (c: Category): void => void counts.set(c, (counts.get(c) ?? 0) + 1);
  for (const r of removed) {
    if ('element' in r) {
      const name = r.element.nodeName.toLowerCase();
      const c = ELEMENT_CATEGORY[name];
      if (c !== undefined) add(c);
      continue;
    }
    const attr = r.attribute;
    if (!attr) continue;
    const name = attr.name.toLowerCase();
    if (name.startsWith('on')) add('handler');
    else if (URL_ATTRS.has(name)) {
      // Browsers ignore ASCII whitespace and control characters inside a scheme.
      const scheme = attr.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
      add(scheme.startsWith('javascript:') ? 'jsLink' : 'badLink');
    }
  }
  if (counts.size === 0) return undefined;
  const parts: string[] = [];
  for (const key of Object.keys(CATEGORIES) as Category[]) {
    const n = counts.get(key);
    if (n !== undefined) parts.push(`${n} ${CATEGORIES[key][n === 1 ? 0 : 1]}`);
  }
  return parts.join(', ');
}
