/**
 * Image references in Markdown bodies: `![alt](path "title")` and raw `<img src>`, found with
 * marked's lexer (so code spans and fenced code are left alone) and rewritten in place.
 * Raw HTML blocks that carry active or remote content (script, iframe, video, ...) are passed
 * through DOMPurify.
 */
import { Lexer, type Token, type Tokens } from 'marked';
import { parseFragment } from './dom.ts';
import { purifySnippet } from './sanitize.ts';

const ACTIVE = /<(?:script|iframe|object|embed|video|audio|source|link|style|form|frame|meta|base)\b|\son\w+\s*=|javascript:/i;

/** All image references (Markdown image syntax and `<img src>` in raw HTML), in order. */
export function markdownImageRefs(md: string): string[] {
  const refs: string[] = [];
  walk(new Lexer().lex(md), (t) => {
    if (t.type === 'image') refs.push((t as Tokens.Image).href);
    else if (t.type === 'html') for (const img of Array.from(parseFragment((t as Tokens.HTML).raw).querySelectorAll('img'))) {
      const src = img.getAttribute('src');
      if (src) refs.push(src);
    }
  });
  return refs;
}

/**
 * Rewrites image references: `map.get(ref)` is the new path, or null to drop the image.
 * References missing from the map are dropped as well (never left pointing elsewhere).
 */
export function rewriteMarkdownImages(md: string, map: ReadonlyMap<string, string | null>): string {
  const replacements: Array<[string, string]> = [];
  walk(new Lexer().lex(md), (t) => {
    if (t.type === 'image') {
      const img = t as Tokens.Image;
      const target = map.get(img.href) ?? null;
      const keep = target !== null && img.raw.includes(img.href);
      replacements.push([img.raw, keep ? img.raw.replace(img.href, target) : '']);
    } else if (t.type === 'html') {
      const raw = (t as Tokens.HTML).raw;
      let out = ACTIVE.test(raw) ? purifySnippet(raw) : raw;
      const frag = parseFragment(out);
      let changed = false;
      for (const img of Array.from(frag.querySelectorAll('img'))) {
        const target = map.get(img.getAttribute('src') ?? '') ?? null;
        if (target === null) img.remove();
        else img.setAttribute('src', target);
        changed = true;
      }
      if (changed) out = frag.innerHTML + (raw.endsWith('\n') && !frag.innerHTML.endsWith('\n') ? '\n' : '');
      if (out !== raw) replacements.push([raw, out]);
    }
  });
  let result = md;
  for (const [from, to] of replacements) result = result.split(from).join(to);
  return result;
}

function walk(tokens: Token[], fn: (t: Token) => void): void {
  for (const t of tokens) {
    fn(t);
    const children = (t as { tokens?: Token[] }).tokens;
    if (children) walk(children, fn);
    if (t.type === 'list') for (const item of (t as Tokens.List).items) walk(item.tokens, fn);
    if (t.type === 'table') {
      const table = t as Tokens.Table;
      for (const cell of table.header) walk(cell.tokens, fn);
      for (const row of table.rows) for (const cell of row) walk(cell.tokens, fn);
    }
  }
}
