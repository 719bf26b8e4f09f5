/**
 * Plain text from HTML, and summaries.
 */
import { MAX_SUMMARY_LENGTH } from './config.ts';
import { parseFragment } from './dom.ts';

const BLOCK = new Set([
  'P', 'DIV', 'SECTION', 'ARTICLE', 'LI', 'UL', 'OL', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BR',
  'BLOCKQUOTE', 'FIGURE', 'FIGCAPTION', 'TABLE', 'TR', 'TD', 'TH', 'PRE', 'HEADER', 'FOOTER', 'DD', 'DT',
]);

/** Collapses runs of whitespace to single spaces and trims. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Text content of an element with block boundaries turned into spaces. */
export function elementText(root: Node, opts: { skipFigures?: boolean } = {}): string {
  const parts: string[] = [];
  const walk = (n: Node): void => {
    if (n.nodeType === 3) parts.push(n.nodeValue ?? '');
    else if (n.nodeType === 1) {
      const tag = (n as Element).tagName;
      if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'TEMPLATE') return;
      if (opts.skipFigures && tag === 'FIGURE') return;
      const block = BLOCK.has(tag);
      if (block) parts.push(' ');
      for (let c = n.firstChild; c; c = c.nextSibling) walk(c);
      if (block) parts.push(' ');
    }
  };
  walk(root);
  return squash(parts.join(''));
}

/** Plain text of an HTML fragment. */
export function htmlToText(html: string, opts: { skipFigures?: boolean } = {}): string {
  if (!/[<&]/.test(html)) return squash(html);
  return elementText(parseFragment(html), opts);
}

/**
 * A summary of at most `max` characters: whole sentences when they fit, else cut at a word
 * boundary with an ellipsis.
 */
export function makeSummary(text: string, max = MAX_SUMMARY_LENGTH): string {
  const t = squash(text);
  if (t.length <= max) return t;
  const window = t.slice(0, max);
  const sentenceEnd = Math.max(
    ...['. ', '! ', '? ', '。', '؟ '].map((s) => window.lastIndexOf(s)),
  );
  if (sentenceEnd >= max * 0.4) return window.slice(0, sentenceEnd + 1).trim();
  const space = window.lastIndexOf(' ');
  return `${(space > max * 0.5 ? window.slice(0, space) : window.slice(0, max - 1)).replace(/[\s,;:–—-]+$/u, '')}…`;
}
