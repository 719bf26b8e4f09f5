/**
 * Building the DOM of rendered Markdown straight from marked's tokens, for the publish sanitizer.
 *
 * The plain route renders the tokens to an HTML string (marked) and parses it again (parse5) before
 * DOMPurify sees the tree; for Markdown without raw HTML the parse gives back, node for node, what
 * the renderer wrote, so this module builds that tree directly and saves the parse (a third of the
 * sanitizer's time; docs/benchmarks.md "Publish"). DOMPurify then sanitises the tree exactly as on
 * the plain route: this is not a sanitizer and trusts nothing.
 *
 * It covers the tokens that ordinary articles are made of (paragraphs, headings, lists, block
 * quotes, rules, emphasis, links and autolinks, images, code spans, line breaks, strikethrough) and
 * only where the result is certain: no raw HTML, no `&` in text the renderer does not escape in
 * full (marked passes entity references through for the HTML parser to decode), no NUL (the parser
 * drops it), no lone surrogate. For
 * anything else {@link buildMarkdownDom} returns false and the caller takes the plain route.
 * test/cli/markdown-dom.test.ts checks that both routes give the same sanitised HTML on generated
 * Markdown and on every construct listed here.
 */
import type { Token, Tokens } from 'marked';

/** The DOM calls the builder makes (a jsdom document in practice). */
export interface DomTarget {
  createElement(tag: string): Element;
  createTextNode(text: string): Text;
  /** Append a new node (just created, never in a tree) to `parent`; default `parent.appendChild`. */
  appendNew?(parent: Node, child: Node): void;
}

/** Thrown inside the walk when a token is outside the covered set (caught in buildMarkdownDom). */
class Unsupported extends Error {}

/** Text the HTML parser would not give back unchanged. */
const UNSAFE_TEXT = /[&\0\r]/;

function plain(text: string): string {
  if (UNSAFE_TEXT.test(text) || !text.isWellFormed()) throw new Unsupported();
  return text;
}

/** Text the renderer escapes in full (code spans): an `&` there comes back as it was. */
function encoded(text: string): string {
  if (/[\0\r]/.test(text) || !text.isWellFormed()) throw new Unsupported();
  return text;
}

/**
 * marked's `cleanUrl`: `encodeURI`, with `%25` turned back into `%`; null when encodeURI throws
 * (the renderer then writes the link's content without the link).
 */
function cleanUrl(href: string): string | null {
  try {
    return encodeURI(href).replace(/%25/g, '%');
  } catch {
    return null;
  }
}

/**
 * Appends children to one parent, merging adjacent text into one node as the HTML parser does
 * (several text tokens in a row make one text node there).
 */
class Sink {
  private text = '';
  constructor(
    private readonly doc: DomTarget,
    readonly parent: Node,
  ) {}

  addText(s: string): void {
    this.text += s;
  }

  add(el: Element): void {
    this.flush();
    this.append(el);
  }

  flush(): void {
    if (this.text === '') return;
    this.append(this.doc.createTextNode(this.text));
    this.text = '';
  }

  private append(child: Node): void {
    if (this.doc.appendNew) this.doc.appendNew(this.parent, child);
    else this.parent.appendChild(child);
  }
}

class Builder {
  constructor(private readonly doc: DomTarget) {}

  /** A new element under `sink`, its children filled by `fill`. */
  private element(sink: Sink, tag: string, fill: (inner: Sink) => void, attrs?: [string, string][]): void {
    const el = this.doc.createElement(tag);
    if (attrs) for (const [k, v] of attrs) el.setAttribute(k, v);
    const inner = new Sink(this.doc, el);
    fill(inner);
    inner.flush();
    sink.add(el);
  }

  blocks(tokens: readonly Token[], sink: Sink): void {
    for (const t of tokens) this.block(t as Tokens.Generic, sink);
  }

  private block(t: Tokens.Generic, sink: Sink): void {
    switch (t.type) {
      case 'space':
      case 'def': // a link reference definition: the links carry its URL, the renderer writes nothing
        return;
      case 'hr':
        this.element(sink, 'hr', () => {});
        sink.addText('\n');
        return;
      case 'heading': {
        const { depth, tokens } = t as Tokens.Heading;
        if (!Number.isInteger(depth) || depth < 1 || depth > 6) throw new Unsupported();
        this.element(sink, `h${depth}`, (inner) => this.inlines(tokens, inner));
        sink.addText('\n');
        return;
      }
      case 'paragraph':
        this.element(sink, 'p', (inner) => this.inlines((t as Tokens.Paragraph).tokens, inner));
        sink.addText('\n');
        return;
      case 'blockquote':
        this.element(sink, 'blockquote', (inner) => {
          inner.addText('\n');
          this.blocks((t as Tokens.Blockquote).tokens, inner);
        });
        sink.addText('\n');
        return;
      case 'list': {
        const list = t as Tokens.List;
        if (list.ordered && typeof list.start !== 'number') throw new Unsupported();
        const attrs: [string, string][] = list.ordered && list.start !== 1 ? [['start', String(list.start)]] : [];
        this.element(
          sink,
          list.ordered ? 'ol' : 'ul',
          (inner) => {
            inner.addText('\n');
            for (const item of list.items) {
              if (item.task) throw new Unsupported();
              this.element(inner, 'li', (li) => this.blocks(item.tokens, li));
              inner.addText('\n');
            }
          },
          attrs,
        );
        sink.addText('\n');
        return;
      }
      case 'text':
        // A list item's text (tight lists): inline content, no paragraph.
        this.text(t as Tokens.Text, sink);
        return;
      default:
        throw new Unsupported(); // code, table, html, def, checkbox, extensions
    }
  }

  /** A text token (block or inline): its inline tokens, or its text as it is. */
  private text(t: Tokens.Text, sink: Sink): void {
    if (t.tokens) this.inlines(t.tokens, sink);
    else if (t.escaped) throw new Unsupported();
    else sink.addText(plain(t.text));
  }

  inlines(tokens: readonly Token[], sink: Sink): void {
    for (const t of tokens) this.inline(t as Tokens.Generic, sink);
  }

  private inline(t: Tokens.Generic, sink: Sink): void {
    switch (t.type) {
      case 'text':
      case 'escape':
        this.text(t as Tokens.Text, sink);
        return;
      case 'strong':
      case 'em':
      case 'del':
        this.element(sink, t.type, (inner) => this.inlines((t as Tokens.Strong).tokens, inner));
        return;
      case 'codespan':
        this.element(sink, 'code', (inner) => inner.addText(encoded((t as Tokens.Codespan).text)));
        return;
      case 'br':
        this.element(sink, 'br', () => {});
        return;
      case 'link': {
        // Autolinks (<https://…>, bare URLs and addresses): the renderer escapes text and URL in full.
        const link = t as Tokens.Link & { autolink?: boolean };
        const content = (inner: Sink) => (link.autolink ? inner.addText(encoded(link.text)) : this.inlines(link.tokens, inner));
        const href = cleanUrl(link.href);
        if (href === null) {
          content(sink);
          return;
        }
        const attrs: [string, string][] = [['href', link.autolink ? encoded(href) : plain(href)]];
        if (link.title) attrs.push(['title', plain(link.title)]);
        this.element(sink, 'a', content, attrs);
        return;
      }
      case 'image': {
        const image = t as Tokens.Image;
        const alt = image.tokens ? this.altText(image.tokens) : image.text;
        const src = cleanUrl(image.href);
        if (src === null) {
          sink.addText(plain(alt));
          return;
        }
        const attrs: [string, string][] = [
          ['src', plain(src)],
          ['alt', plain(alt)],
        ];
        if (image.title) attrs.push(['title', plain(image.title)]);
        this.element(sink, 'img', () => {}, attrs);
        return;
      }
      default:
        throw new Unsupported(); // html (inline tags), checkbox, extensions
    }
  }

  /** An image's alt text: marked's plain-text rendering of its tokens. */
  private altText(tokens: readonly Token[]): string {
    let out = '';
    for (const t of tokens as Tokens.Generic[]) {
      switch (t.type) {
        case 'text':
        case 'escape':
        case 'codespan':
          if ((t as Tokens.Text).escaped) throw new Unsupported();
          out += t.tokens ? this.altText(t.tokens) : (t as Tokens.Text).text;
          break;
        case 'strong':
        case 'em':
        case 'del':
        case 'link':
        case 'image':
          out += t.tokens ? this.altText(t.tokens) : (t as Tokens.Strong).text;
          break;
        case 'br':
          out += '\n';
          break;
        default:
          throw new Unsupported();
      }
    }
    return out;
  }
}

/**
 * Build the DOM that marked's HTML for `tokens` parses into, under `root` (empty, in `doc`).
 * Returns false, leaving `root` empty, when the tokens hold anything outside the covered set.
 */
export function buildMarkdownDom(tokens: readonly Token[], doc: DomTarget, root: Element): boolean {
  const sink = new Sink(doc, root);
  try {
    new Builder(doc).blocks(tokens, sink);
    sink.flush();
    return true;
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    while (root.firstChild) root.removeChild(root.firstChild);
    return false;
  }
}
