/**
 * Pre-clean pass for news pages: removes page furniture that Readability tends to keep.
 *
 * Readability scores text density, so short, well-written clutter (a donation appeal, a
 * subscription prompt, a "read also" list inside the article) often survives. This pass removes,
 * in order:
 *   1. hidden elements (`hidden`, `aria-hidden="true"` without images, `display:none`);
 *   2. furniture tags (nav, aside, footer, form, button, ...) and ARIA landmark roles;
 *   3. elements whose class/id/aria-label words mark clutter (share, cookie, donate, related, ...);
 *   4. "Related"/"Читайте также" headings together with the link list that follows them;
 *   5. short blocks whose text is an appeal, a cookie notice or a prompt (see clutter-patterns.ts).
 * An element that holds the article (it is or contains `article`, `main`, `h1`,
 * `[itemprop=articleBody]`, several long paragraphs, or most of the page's text) is never removed,
 * so one stray class name on a wrapper cannot wipe out the story.
 */
import {
  AD_LABELS,
  APPEAL_OPENERS,
  APPEAL_TERMS,
  CLUTTER_ROLES,
  CLUTTER_TAGS,
  CLUTTER_TOKENS,
  CLUTTER_TOKEN_PAIRS,
  COPYRIGHT_PHRASES,
  CTA_WORDS,
  MONEY_AMOUNT,
  RELATED_HEADINGS,
  STRONG_PHRASES,
  WEAK_WORDS,
} from './clutter-patterns.ts';
import { squash } from './text.ts';

/** Longest text (characters) a block may have and still be judged clutter by its words. */
const MAX_TEXT_CLUTTER = 700;
/** A paragraph at least this long (characters) counts as real article text. */
const LONG_PARAGRAPH = 150;

/** Options for {@link removeClutter}. */
export interface CleanOptions {
  /** Also remove furniture tags and roles (true for whole pages, false for extracted bodies). */
  structural?: boolean;
  /** Called for every element removed, with the name of the rule (for diagnostics and tests). */
  onRemove?(el: Element, rule: string): void;
}

/**
 * Removes clutter under `root` in place.
 * @returns the number of elements removed.
 */
export function removeClutter(root: Element, opts: CleanOptions = {}): number {
  const structural = opts.structural ?? true;
  const totalText = textLength(root);
  const guard = (el: Element): boolean => el !== root && !isProtected(el, totalText);
  let removed = 0;
  const drop = (el: Element, rule: string): void => {
    if (root.contains(el) && el !== root) {
      opts.onRemove?.(el, rule);
      el.remove();
      removed++;
    }
  };

  // Appeals first, while their payment buttons are still there to count.
  for (const el of Array.from(root.querySelectorAll('div, section, aside, form, dialog, article'))) {
    if (root.contains(el) && isAppeal(el) && guard(el)) drop(el, 'appeal');
  }
  for (const el of Array.from(root.querySelectorAll('[hidden], [aria-hidden="true"], [style]'))) {
    if (isHidden(el) && guard(el)) drop(el, 'hidden');
  }
  if (structural) {
    const roles = CLUTTER_ROLES.map((r) => `[role="${r}"]`).join(', ');
    for (const el of Array.from(root.querySelectorAll(`${CLUTTER_TAGS.join(', ')}, ${roles}`))) {
      if (guard(el)) drop(el, 'tag or role');
    }
    // A site-wide header (logo, menu) but not the article's own header with its headline.
    for (const el of Array.from(root.querySelectorAll('header'))) {
      if (!el.closest('article, main, [role="main"]') && guard(el)) drop(el, 'site header');
    }
  }
  for (const el of Array.from(root.querySelectorAll('[class], [id], [aria-label], [data-component]'))) {
    if (root.contains(el) && hasClutterTokens(el) && guard(el)) drop(el, 'class words');
  }
  for (const h of Array.from(root.querySelectorAll('h2, h3, h4, h5, h6, strong, b'))) {
    if (!root.contains(h) || !isRelatedHeading(h)) continue;
    const host = headingHost(h, root);
    const next = host.nextElementSibling;
    if (next && isLinkList(next) && guard(next)) drop(next, 'related list');
    if (guard(host)) drop(host, 'related heading');
  }
  const blocks = 'div, section, ul, ol, dl, p, header, span, center, small, table';
  for (const el of Array.from(root.querySelectorAll(blocks))) {
    if (!root.contains(el) || el === root) continue;
    // A copyright line is furniture even when it is all the text there is.
    if (isCopyrightLine(el)) drop(el, 'copyright');
    else if (isClutterByText(el) && guard(el)) drop(el, 'text');
  }
  return removed;
}

/** Longest block (characters) judged a donation appeal. */
const MAX_APPEAL_TEXT = 2500;

/**
 * A donation appeal: a block that opens like a letter to readers ("Dear readers", "Дорогие
 * читатели") and uses at least two appeal terms (donate, monthly, "Remind me later", a sum of
 * money...), or that uses four of them without the salutation.
 */
function isAppeal(el: Element): boolean {
  const text = lower(el);
  if (!text || text.length > MAX_APPEAL_TEXT) return false;
  let terms = APPEAL_TERMS.filter((t) => containsPhrase(text, t, true)).length;
  if (MONEY_AMOUNT.test(text)) terms++;
  if (terms >= 4) return true;
  const opening = text.slice(0, 80);
  return terms >= 2 && APPEAL_OPENERS.some((o) => containsPhrase(opening, o));
}

/** True when `el` is or contains the article itself. */
function isProtected(el: Element, totalText: number): boolean {
  const tag = el.tagName;
  if (tag === 'HTML' || tag === 'BODY' || tag === 'MAIN' || tag === 'ARTICLE') return true;
  if (el.getAttribute('role') === 'main' || el.hasAttribute('itemprop') && /articleBody/i.test(el.getAttribute('itemprop') ?? '')) return true;
  if (el.querySelector('article, main, h1, [role="main"], [itemprop~="articleBody"]')) return true;
  let longParas = 0;
  for (const p of Array.from(el.querySelectorAll('p'))) {
    if (squash(p.textContent ?? '').length >= LONG_PARAGRAPH && !matchesAny(lower(p), STRONG_PHRASES)) longParas++;
    if (longParas >= 3) return true;
  }
  return totalText > 0 && textLength(el) > totalText * 0.5;
}

function isHidden(el: Element): boolean {
  if (el.hasAttribute('hidden')) return true;
  if (el.getAttribute('aria-hidden') === 'true') return !el.querySelector('img') && el.tagName !== 'IMG';
  const style = (el.getAttribute('style') ?? '').toLowerCase().replace(/\s+/g, '');
  return style.includes('display:none') || style.includes('visibility:hidden');
}

/** Splits class/id/aria-label values into lower-case words (`shareBar_top` → share, bar, top). */
export function clutterWords(value: string): string[] {
  return value
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function hasClutterTokens(el: Element): boolean {
  const values = [el.getAttribute('class'), el.getAttribute('id'), el.getAttribute('data-component')];
  // aria-label is prose ("Share this article"), judged with phrases rather than words.
  const label = el.getAttribute('aria-label');
  if (label && matchesAny(label.toLowerCase(), STRONG_PHRASES)) return true;
  for (const v of values) {
    if (!v) continue;
    const words = clutterWords(v);
    if (words.some((w) => CLUTTER_TOKENS.has(w))) return true;
    for (let i = 0; i + 1 < words.length; i++) {
      if (CLUTTER_TOKEN_PAIRS.some(([a, b]) => words[i] === a && words[i + 1] === b)) return true;
    }
  }
  return false;
}

function isRelatedHeading(h: Element): boolean {
  const t = lower(h).replace(/[:：.!…]+$/u, '').trim();
  if (!t || t.length > 60) return false;
  return RELATED_HEADINGS.includes(t);
}

/** The element that stands for the heading in its block (a `<b>` inside a `<p>` is the `<p>`). */
function headingHost(h: Element, root: Element): Element {
  const parent = h.parentElement;
  if ((h.tagName === 'B' || h.tagName === 'STRONG') && parent && parent !== root && lower(parent) === lower(h)) return parent;
  return h;
}

function isLinkList(el: Element): boolean {
  const text = textLength(el);
  if (text === 0) return false;
  return el.querySelectorAll('a').length >= 1 && linkTextLength(el) / text >= 0.5;
}

function isClutterByText(el: Element): boolean {
  const text = lower(el);
  if (!text || text.length > MAX_TEXT_CLUTTER) return false;
  if (AD_LABELS.includes(text)) return true;
  if (el.querySelectorAll('img').length > 0 && el.querySelector('figcaption')) return false;
  if (el.tagName === 'P' || el.tagName === 'SPAN' || el.tagName === 'SMALL') {
    if (text.length > 300) return false;
    const head = text.slice(0, 40);
    if (STRONG_PHRASES.some((p) => startsWithPhrase(head, p)) && (hasLink(el) || text.length < 140)) return true;
    return hasCta(el) && linkTextLength(el) / text.length >= 0.3 && matchesAny(text, WEAK_WORDS, true);
  }
  if (matchesAny(text, STRONG_PHRASES)) return true;
  return hasCta(el) && matchesAny(text, WEAK_WORDS, true);
}

/** A short block such as "© 2026 The Gazette" or "Все права защищены". */
function isCopyrightLine(el: Element): boolean {
  const text = lower(el);
  if (!text || text.length > 160 || el.querySelector('h1, article, main, img')) return false;
  return text.startsWith('©') || matchesAny(text, COPYRIGHT_PHRASES);
}

function hasLink(el: Element): boolean {
  return el.querySelector('a') !== null;
}

/** True when a link or button inside `el` reads like a call to action ("Donate", "Подписаться"). */
function hasCta(el: Element): boolean {
  for (const a of Array.from(el.querySelectorAll('a, button, [role="button"]'))) {
    const t = lower(a);
    if (t.length <= 40 && CTA_WORDS.some((w) => containsPhrase(t, w))) return true;
  }
  return false;
}

function matchesAny(text: string, phrases: readonly string[], stems = false): boolean {
  return phrases.some((p) => containsPhrase(text, p, stems));
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Phrase match on word boundaries where the script has them (so "ad" never matches "read" and
 * "support us" never matches "support usage"). With `stem`, the phrase may continue into a
 * longer word ("подпис" matches "подписка").
 */
function containsPhrase(text: string, phrase: string, stem = false): boolean {
  let from = 0;
  for (;;) {
    const i = text.indexOf(phrase, from);
    if (i < 0) return false;
    const before = i === 0 ? ' ' : text[i - 1]!;
    const after = text[i + phrase.length] ?? ' ';
    const endsInWord = WORD_CHAR.test(phrase[phrase.length - 1]!);
    if (!WORD_CHAR.test(before) && (stem || !endsInWord || !WORD_CHAR.test(after))) return true;
    from = i + 1;
  }
}

function startsWithPhrase(text: string, phrase: string): boolean {
  if (!text.startsWith(phrase)) return false;
  return !WORD_CHAR.test(phrase[phrase.length - 1]!) || !WORD_CHAR.test(text[phrase.length] ?? ' ');
}

function lower(el: Element): string {
  return squash(el.textContent ?? '').toLowerCase();
}

function textLength(el: Element): number {
  return squash(el.textContent ?? '').length;
}

function linkTextLength(el: Element): number {
  let n = 0;
  for (const a of Array.from(el.querySelectorAll('a'))) n += squash(a.textContent ?? '').length;
  return n;
}
