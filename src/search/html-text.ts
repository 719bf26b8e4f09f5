/**
 * The visible text of stored article HTML, without a DOM (the search worker has none), through
 * htmlparser2's tokenizer: entities decoded, block boundaries kept as spaces, and nothing from
 * elements whose content is never shown (script, style, template, SVG, MathML, frames…), the same
 * elements the page's sanitizer drops with their content.
 */
import { Parser } from 'htmlparser2';

/** Elements whose whole content is left out. */
const HIDDEN = new Set(['script', 'style', 'template', 'noscript', 'svg', 'math', 'iframe', 'object', 'embed', 'textarea', 'select', 'title', 'head']);

/** Elements that end a run of text (a space is put between their text and the next). */
const BLOCKS = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'figure', 'figcaption', 'table', 'tr', 'td', 'th', 'pre', 'hr', 'section', 'article', 'aside', 'header', 'footer', 'dl', 'dt', 'dd']);

/** The text of `html`, whitespace collapsed. */
export function htmlText(html: string): string {
  const parts: string[] = [];
  let hidden = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (HIDDEN.has(name)) hidden++;
        else if (BLOCKS.has(name)) parts.push(' ');
      },
      onclosetag(name, implied) {
        if (HIDDEN.has(name)) hidden = Math.max(0, hidden - 1);
        else if (BLOCKS.has(name) && !implied) parts.push(' ');
      },
      ontext(text) {
        if (hidden === 0) parts.push(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return parts.join('').replace(/\s+/g, ' ').trim();
}
