/**
 * Article rendering: Markdown (marked, raw HTML allowed) → HTML (or, for Markdown without raw HTML,
 * the same DOM built from marked's tokens: markdown-dom.ts) → DOMPurify (strict) with local
 * images rewritten to `media/<sha256>` → the unsigned article payload of format.md §3.5.
 * The payload is checked with the reader's own decoder before it is ever signed.
 */
import { Marked } from 'marked';
import { decodeArticle, type ArticleImage } from '../../core/format/article.ts';
import { SPEC_VERSION, TYPES } from '../../core/format/common.ts';
import { isPigeonError } from '../../core/errors.ts';
import { CliError } from '../util/errors.ts';
import type { ArticleSource } from './front-matter.ts';
import type { ImageResolver, LocalImage } from './images.ts';
import { buildMarkdownDom } from './markdown-dom.ts';
import { createSanitizer, type SanitizeOptions, type Sanitizer } from './sanitize.ts';

/** Bumped whenever rendering output can change for the same input (forces re-rendering). */
export const RENDER_VERSION = 1;

/** Longest default summary (characters). */
const SUMMARY_MAX = 280;

/** An article rendered for signing (everything but `rev`). */
export interface RenderedArticle {
  /** The payload without `rev`; the publisher adds it. */
  readonly payload: Record<string, unknown>;
  /** Images in payload order (read their bytes with readImageBytes). */
  readonly images: readonly LocalImage[];
  /** What sanitising removed that the operator should hear of (see removed-report.ts). */
  readonly removed?: string;
}

/** Renders articles of one site; holds the marked and DOMPurify instances. */
export class ArticleRenderer {
  private readonly marked = new Marked({ gfm: true, breaks: false, async: false });
  private readonly sanitizer: Sanitizer = createSanitizer();

  constructor(
    private readonly siteId: string,
    private readonly resolver: ImageResolver,
    private readonly textOnly: boolean,
  ) {}

  /** Render one article. Throws CliError naming the file on any problem. */
  render(src: ArticleSource): RenderedArticle {
    const { front, file } = src;
    const tokens = this.marked.lexer(src.body);
    const images = new Map<string, { img: LocalImage; alt: string }>();
    const add = (img: LocalImage, alt: string) => {
      const seen = images.get(img.sha256);
      if (!seen) images.set(img.sha256, { img, alt });
      else if (seen.alt === '' && alt !== '') seen.alt = alt;
    };
    let lead: string | undefined;
    if (front.image && !this.textOnly) {
      const img = this.resolver.resolve(front.image.src, file);
      add(img, front.image.alt ?? '');
      lead = img.sha256;
    }
    const opts: SanitizeOptions = {
      textOnly: this.textOnly,
      onImage: (s, alt) => {
        const img = this.resolver.resolve(s, file);
        add(img, alt);
        return `media/${img.sha256}`;
      },
    };
    // The tree straight from the tokens where that is certain to equal parsing marked's HTML
    // (markdown-dom.ts), else marked's HTML through the parser.
    const clean =
      this.sanitizer.sanitizeBuilt((document, root) => buildMarkdownDom(tokens, document, root), opts) ??
      this.sanitizer.sanitize(this.marked.parser(tokens), opts);
    const summary = front.summary ?? truncate(clean.firstText, SUMMARY_MAX);
    const imageList: ArticleImage[] = [...images.values()].map(({ img, alt }) => ({
      sha256: img.sha256,
      length: img.size,
      type: img.type,
      ...(alt === '' ? {} : { alt: alt.slice(0, 2000) }),
    }));
    const payload: Record<string, unknown> = {
      _type: TYPES.article,
      spec_version: SPEC_VERSION,
      site: this.siteId,
      id: front.id,
      title: front.title,
      lang: front.lang,
      dir: front.dir,
      section: front.section,
      ...(front.author === undefined ? {} : { author: front.author }),
      published: front.date,
      ...(front.updated === undefined ? {} : { updated: front.updated }),
      summary,
      html: clean.html,
      images: imageList,
      ...(lead === undefined ? {} : { lead }),
      ...(front.source === undefined ? {} : { source: front.source }),
    };
    try {
      decodeArticle({ ...payload, rev: 1 }, file);
    } catch (e) {
      if (isPigeonError(e)) throw new CliError(`${file}: ${e.message}`);
      throw e;
    }
    const imgs = [...images.values()].map((v) => v.img);
    return clean.removed === undefined ? { payload, images: imgs } : { payload, images: imgs, removed: clean.removed };
  }
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
