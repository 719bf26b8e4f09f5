/**
 * The share file (format.md §7): ONE standalone `.html` per share, readable in any browser with no
 * script and no network, and importable by the app.
 *
 * The visible page is only a view, written for people; trust comes from the data block at its end,
 * which carries the share container of format.md §7.2 (signed article envelopes, the root chain,
 * the sender's signed manifest) gzip-compressed and base64-encoded. Images are carried once, as the
 * view's `data:` URLs; the reader below collects them from there and hands each to the articles
 * that pin it (verification against the pins happens later, in trust/share.ts).
 *
 * The story text is carried once too (§7.1, "story regions"): when the view shows an article's
 * signed HTML itself, the page holds it between `<!--pigeonpost-body N-->` and
 * `<!--/pigeonpost-body N-->`, with only its `src="media/<sha256>"` attributes turned into `data:`
 * URLs, and the container holds that envelope with its payload's `html` emptied. The reader takes
 * the region's raw text, turns each `data:` source back into `media/<sha256 of its bytes>`, puts it
 * back into the payload and re-serialises the canonical JSON: the exact signed bytes, if and only
 * if nobody changed the region. Nothing is trusted here: a changed region, or a page a browser
 * saved again (it re-serialises the HTML), simply gives bytes whose signature fails later. The
 * writer carries the whole envelope instead whenever that round trip would not give back the exact
 * envelope (the view shows other HTML, a picture is not carried, a marker occurs in the text).
 *
 *   encodeShareHtml(view, share)  → the file's text (writer: CLI and app)
 *   decodeShareFile(bytes)        → { share, format } (reader: importer, `share verify`), which also
 *                                   reads the JSON share files of earlier versions (§7.5).
 *
 * Errors: TOO_LARGE over {@link MAX_SHARE_BYTES}; NOT_BUNDLE for anything that is not a share file;
 * TRUNCATED for a share file cut short; MALFORMED for a damaged one. Nothing is verified here.
 */
import { gunzip, gzip } from '../encoding/gzip.ts';
import { fromBase64, toBase64 } from '../encoding/base64.ts';
import { fromUtf8, utf8 } from '../encoding/bytes.ts';
import { PigeonError, isPigeonError } from '../errors.ts';
import { sha256Hex } from '../crypto/sha256.ts';
import { decodeEnvelope } from './envelope.ts';
import type { ArticleMeta } from './article-meta.ts';
import { decodeArticle, IMAGE_TYPES, type Article, type ImageType } from './article.ts';
import { canonicalBytes, canonicalJson, parseCanonical } from '../encoding/canonical-json.ts';
import { obj, str } from './read.ts';
import { decodeShare, encodeShare, MAX_SHARE_BYTES, type Share, type SharedArticle, type SharedImage } from './share.ts';

/** The generator tag every share file carries near its top (how a cut-off file is recognised). */
export const SHARE_GENERATOR = 'Pigeonpost share file 1';
/** The `type` of the data block. */
export const SHARE_DATA_TYPE = 'application/vnd.pigeonpost.share';
/**
 * The page's Content-Security-Policy: nothing may load or run; only inline styles and `data:`
 * images (the story's own pictures) are allowed.
 */
export const SHARE_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const DATA_OPEN = `<script type="${SHARE_DATA_TYPE}" id="pigeonpost-share" data-bytes="`;
const DATA_CLOSE = '</script>';

/** Markers around story region `n` (format.md §7.1). */
const BODY_MARK = 'pigeonpost-body';
const bodyOpen = (n: number): string => `<!--${BODY_MARK} ${n}-->`;
const bodyClose = (n: number): string => `<!--/${BODY_MARK} ${n}-->`;

/** Words of the view, in the language of the file (the app and the CLI pass their catalogue's). */
export interface ShareViewLabels {
  /** "Signed by {publisher}" line above the stories. */
  readonly signedBy: (publisher: string) => string;
  readonly fingerprint: string;
  readonly section: string;
  readonly published: string;
  readonly updated: string;
  readonly by: string;
  readonly revision: string;
  /** Paragraph under the stories: this page is a copy; how to check and keep it. */
  readonly aboutCopy: (publisher: string) => string;
  readonly mirrorsHeading: string;
  readonly noMirrors: string;
  /** How to get the app (after the mirror list). */
  readonly getApp: (publisher: string) => string;
  readonly contents: string;
}

/** One story as the view shows it. `html` was sanitized and references images as `media/<sha256>`. */
export interface ShareViewStory extends ArticleMeta {
  readonly html: string;
  readonly lead?: string;
  /** The article's image pins (for the lead's alt text and the images the HTML does not place). */
  readonly images: readonly { readonly sha256: string; readonly alt?: string }[];
}

/** The view of a decoded article; `html` is the sanitized HTML to show (default: the signed HTML). */
export function viewStory(a: Article, html: string = a.html): ShareViewStory {
  return {
    id: a.id,
    rev: a.rev,
    title: a.title,
    lang: a.lang,
    dir: a.dir,
    section: a.section,
    ...(a.author === undefined ? {} : { author: a.author }),
    published: a.published,
    ...(a.updated === undefined ? {} : { updated: a.updated }),
    summary: a.summary,
    html,
    ...(a.lead === undefined ? {} : { lead: a.lead }),
    images: a.images,
  };
}

/** Everything the view shows besides the container. */
export interface ShareView {
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
  readonly publisher: { readonly name: string; readonly site: string; readonly fingerprint: string };
  readonly stories: readonly ShareViewStory[];
  /** The pictures to show (and carry): sha256 → type and bytes. */
  readonly images: ReadonlyMap<string, { readonly type: ImageType; readonly bytes: Uint8Array }>;
  /** The signed mirror list (from the manifest the container carries), for people to type in. */
  readonly mirrors: readonly { readonly url: string; readonly name?: string }[];
  readonly labels: ShareViewLabels;
}

/** Escape text for HTML content and double-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fbfaf6;--muted:#5b5b5b;--rule:#d9d4c7}
@media (prefers-color-scheme:dark){:root{--fg:#ecebe6;--bg:#17181a;--muted:#a9a8a2;--rule:#3a3b3e}}
body{margin:0;background:var(--bg);color:var(--fg);font:1.1rem/1.6 Georgia,'Times New Roman',serif}
.page{max-width:42rem;margin:0 auto;padding:1.5rem 1rem 3rem}
header,footer,.meta{font-family:system-ui,sans-serif;font-size:.9rem;color:var(--muted)}
h1{font-size:1.8rem;line-height:1.25;margin:.2em 0}
article{border-bottom:1px solid var(--rule);padding:1rem 0 2rem}
img{max-width:100%;height:auto}figure{margin:1rem 0}figcaption{font-size:.9rem;color:var(--muted)}
code{word-break:break-all}a{color:inherit}
nav ol{padding-left:1.2rem}
`;

function dataUrl(type: string, bytes: Uint8Array): string {
  return `data:${type};base64,${toBase64(bytes)}`;
}

/** The story's HTML with `media/<sha256>` sources replaced by `data:` URLs (missing ones dropped). */
function inlineImages(html: string, images: ShareView['images'], used: Set<string>): string {
  return html.replace(/<img\b[^>]*?\bsrc="(?:\/?media\/)([0-9a-f]{64})"[^>]*>/g, (tag, sha: string) => {
    const img = images.get(sha);
    if (!img) {
      const alt = /\balt="([^"]*)"/.exec(tag)?.[1];
      return alt ? `<span>[${alt}]</span>` : '';
    }
    used.add(sha);
    return tag.replace(/\bsrc="[^"]*"/, `src="${dataUrl(img.type, img.bytes)}"`).replace(/\s(?:loading|decoding)="[^"]*"/g, '');
  });
}

const MEDIA_SRC_ATTR = /\bsrc="media\/([0-9a-f]{64})"/g;
const DATA_SRC_ATTR = /\bsrc="data:image\/[a-z0-9.+-]+;base64,([A-Za-z0-9+/]*={0,2})"/g;

/**
 * Signed article HTML as a story region shows it: each `src="media/<sha256>"` becomes the picture's
 * `data:` URL, nothing else changes. Undefined when the region could not show it all (a picture
 * that is not carried, or an `<img>` in another form) or the text holds what the reader looks for.
 */
function regionOf(html: string, images: ShareView['images'], used: Set<string>): string | undefined {
  if (html.includes(BODY_MARK) || /\bsrc="data:/.test(html)) return undefined;
  let complete = true;
  const placed: string[] = [];
  const out = html.replace(MEDIA_SRC_ATTR, (attr, sha: string) => {
    const img = images.get(sha);
    if (!img) {
      complete = false;
      return attr;
    }
    placed.push(sha);
    return `src="${dataUrl(img.type, img.bytes)}"`;
  });
  // Every picture of the region must be inline (the page loads nothing).
  if (!complete || [...out.matchAll(/<img\b[^>]*>/gi)].some((m) => !/\bsrc="data:/.test(m[0]))) return undefined;
  for (const sha of placed) used.add(sha);
  return out;
}

/** The signed HTML back from a region's raw text: `data:` sources become `media/<sha256>` again. */
async function htmlOfRegion(region: string): Promise<string> {
  const hashes = new Map<string, string>();
  for (const m of region.matchAll(DATA_SRC_ATTR)) {
    const b64 = m[1]!;
    if (hashes.has(b64)) continue;
    try {
      hashes.set(b64, await sha256Hex(fromBase64(b64, 'a picture of the page')));
    } catch {
      // damaged: left as it is, so the rebuilt payload no longer matches its signature
    }
  }
  return region.replace(DATA_SRC_ATTR, (attr, b64: string) => {
    const sha = hashes.get(b64);
    return sha ? `src="media/${sha}"` : attr;
  });
}

/** An article envelope split into the envelope with an empty `html` and that `html`, or undefined. */
function splitEnvelope(envelope: Uint8Array): { stripped: Uint8Array; html: string } | undefined {
  try {
    const outer = obj(parseCanonical(fromUtf8(envelope, 'article envelope'), 'article envelope'), 'article envelope', { required: ['payload', 'signatures'] });
    const payload = obj(parseCanonical(str(outer, 'payload', 'article envelope'), 'article payload'), 'article payload');
    const html = payload['html'];
    if (typeof html !== 'string' || html === '') return undefined;
    return { stripped: canonicalBytes({ ...outer, payload: canonicalJson({ ...payload, html: '' }) }), html };
  } catch {
    return undefined; // not canonical: carried whole
  }
}

/**
 * The envelope rebuilt from its stripped form and the signed HTML (the inverse of
 * {@link splitEnvelope}). MALFORMED when the stripped envelope is not one.
 */
function joinEnvelope(stripped: Uint8Array, html: string, what: string): Uint8Array {
  const outer = obj(parseCanonical(fromUtf8(stripped, what), what), what, { required: ['payload', 'signatures'] });
  const payload = obj(parseCanonical(str(outer, 'payload', what), `${what} payload`), `${what} payload`);
  if (payload['html'] !== '') throw new PigeonError('MALFORMED', `${what} names a story region of the page but carries its own text`);
  return canonicalBytes({ ...outer, payload: canonicalJson({ ...payload, html }) });
}

/**
 * How story `s` (whose envelope is `envelope`) goes into the page: as a region (the container then
 * carries `stripped`), when the view shows the signed HTML and the round trip gives the envelope back
 * byte for byte; else undefined (the container carries the whole envelope).
 */
async function regionFor(s: ShareViewStory, envelope: Uint8Array, images: ShareView['images']): Promise<{ region: string; stripped: Uint8Array; used: Set<string> } | undefined> {
  const split = splitEnvelope(envelope);
  if (!split || split.html !== s.html) return undefined;
  const used = new Set<string>();
  const region = regionOf(split.html, images, used);
  if (region === undefined) return undefined;
  try {
    const back = joinEnvelope(split.stripped, await htmlOfRegion(region), 'article envelope');
    if (back.length !== envelope.length || back.some((b, i) => b !== envelope[i])) return undefined;
  } catch {
    return undefined;
  }
  return { region, stripped: split.stripped, used };
}

function storyHtml(s: ShareViewStory, view: ShareView, n: number, region: { region: string; used: Set<string> } | undefined): string {
  const l = view.labels;
  const used = new Set<string>(region?.used);
  const body = region ? `${bodyOpen(n)}${region.region}${bodyClose(n)}` : inlineImages(s.html, view.images, used);
  const lead = s.lead && !used.has(s.lead) ? view.images.get(s.lead) : undefined;
  const leadAlt = s.images.find((i) => i.sha256 === s.lead)?.alt ?? '';
  if (lead) used.add(s.lead!);
  // Pictures the article pins but its text does not place: after the text, so they are carried.
  const rest = s.images.filter((i) => !used.has(i.sha256) && view.images.has(i.sha256));
  const meta = [
    `${escapeHtml(l.section)}: ${escapeHtml(s.section)}`,
    `${escapeHtml(l.published)}: <time datetime="${escapeHtml(s.published)}">${escapeHtml(s.published.slice(0, 10))}</time>`,
    ...(s.updated ? [`${escapeHtml(l.updated)}: <time datetime="${escapeHtml(s.updated)}">${escapeHtml(s.updated.slice(0, 10))}</time>`] : []),
    ...(s.author ? [`${escapeHtml(l.by)} ${escapeHtml(s.author)}`] : []),
    `${escapeHtml(l.revision)} ${s.rev}`,
  ].join(' · ');
  return [
    `<article id="story-${n}" lang="${escapeHtml(s.lang)}" dir="${s.dir}">`,
    `<h1>${escapeHtml(s.title)}</h1>`,
    `<p class="meta">${meta}</p>`,
    lead ? `<figure><img src="${dataUrl(lead.type, lead.bytes)}" alt="${escapeHtml(leadAlt)}"></figure>` : '',
    `<div class="body">${body}</div>`,
    ...rest.map((i) => {
      const img = view.images.get(i.sha256)!;
      return `<figure><img src="${dataUrl(img.type, img.bytes)}" alt="${escapeHtml(i.alt ?? '')}"></figure>`;
    }),
    `</article>`,
  ].join('\n');
}

/**
 * Write a share file: the view, then the data block with `share` (its images are ignored: the
 * view's pictures are the file's images). `view.stories[i]` shows `share.articles[i]`; a story whose
 * view shows exactly its signed HTML is carried once, as a story region (module header). Returns
 * the file's text.
 */
export async function encodeShareHtml(view: ShareView, share: Share): Promise<string> {
  const l = view.labels;
  const p = view.publisher;
  if (view.stories.length !== share.articles.length) throw new PigeonError('MALFORMED', `the view shows ${view.stories.length} stories for ${share.articles.length} articles`);
  const regions = await Promise.all(view.stories.map((s, i) => regionFor(s, share.articles[i]!.envelope, view.images)));
  const container = await gzip(
    encodeShare({
      ...share,
      articles: share.articles.map((a, i) => {
        const r = regions[i];
        return r ? { envelope: r.stripped, images: [], body: i + 1 } : { envelope: a.envelope, images: [] };
      }),
    }),
  );
  const title = view.stories.length === 1 ? view.stories[0]!.title : `${p.name}: ${view.stories.length}`;
  const toc =
    view.stories.length > 1
      ? `<nav aria-label="${escapeHtml(l.contents)}"><ol>${view.stories.map((s, i) => `<li><a href="#story-${i + 1}">${escapeHtml(s.title)}</a></li>`).join('')}</ol></nav>`
      : '';
  const mirrors =
    view.mirrors.length > 0
      ? `<ul>${view.mirrors.map((m) => `<li><code>${escapeHtml(m.url)}</code>${m.name ? ` (${escapeHtml(m.name)})` : ''}</li>`).join('')}</ul>`
      : `<p>${escapeHtml(l.noMirrors)}</p>`;
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(view.lang)}" dir="${view.dir}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${SHARE_CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    `<meta name="generator" content="${SHARE_GENERATOR}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<div class="page">',
    `<header><p>${escapeHtml(l.signedBy(p.name))} · ${escapeHtml(l.fingerprint)}: <code>${escapeHtml(p.fingerprint)}</code></p></header>`,
    toc,
    '<main>',
    ...view.stories.map((s, i) => storyHtml(s, view, i + 1, regions[i])),
    '</main>',
    '<footer>',
    `<p>${escapeHtml(l.aboutCopy(p.name))}</p>`,
    `<h2>${escapeHtml(l.mirrorsHeading)}</h2>`,
    mirrors,
    `<p>${escapeHtml(l.getApp(p.name))}</p>`,
    '</footer>',
    '</div>',
    // The data block: never executed (not a script type), read by the importer.
    `${DATA_OPEN}${container.length}">${toBase64(container)}${DATA_CLOSE}`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** What a share file held, still unverified. */
export interface DecodedShareFile {
  readonly share: Share;
  /** `html` for the standalone file, `json` for the share files of earlier versions. */
  readonly format: 'html' | 'json';
}

const IMG_DATA = /\bsrc="data:(image\/[a-z]+);base64,([A-Za-z0-9+/]*={0,2})"/g;

function looksLikeJsonShare(text: string): boolean {
  return /^\s*\{/.test(text) && text.includes('"pigeonpost.share"');
}

/** Read the data block of a share file's text; TRUNCATED / NOT_BUNDLE / MALFORMED as described. */
async function readDataBlock(text: string): Promise<{ container: Uint8Array; viewEnd: number }> {
  const at = text.lastIndexOf(DATA_OPEN);
  if (at < 0) {
    // Our own generator tag but no data block: the end of the file was lost.
    if (text.slice(0, 4096).includes(`content="${SHARE_GENERATOR}"`)) {
      throw new PigeonError('TRUNCATED', 'the share file is cut off: its signed stories (at the end of the file) are missing');
    }
    throw new PigeonError('NOT_BUNDLE', 'this is not a Pigeonpost share file');
  }
  const rest = text.slice(at + DATA_OPEN.length);
  const m = /^(\d{1,9})">([A-Za-z0-9+/=]*)/.exec(rest);
  if (!m) throw new PigeonError('MALFORMED', 'the share file\'s data block is damaged');
  const stated = Number(m[1]);
  const b64 = m[2]!;
  const closed = rest.startsWith(DATA_CLOSE, m[0].length);
  if (!closed || b64.length < Math.ceil(stated / 3) * 4) {
    if (b64.length < Math.ceil(stated / 3) * 4 && rest.length === m[0].length) {
      throw new PigeonError('TRUNCATED', `the share file is cut off: its data block holds ${Math.floor((b64.length * 3) / 4)} of ${stated} bytes`);
    }
    throw new PigeonError('MALFORMED', 'the share file\'s data block is damaged');
  }
  const container = fromBase64(b64, 'the share file\'s data block');
  if (container.length !== stated) throw new PigeonError('MALFORMED', `the share file's data block holds ${container.length} bytes; it says ${stated}`);
  return { container, viewEnd: at };
}

/** The images of the view, by their SHA-256 (only allowed types; others are ignored). */
async function viewImages(view: string): Promise<Map<string, SharedImage>> {
  const out = new Map<string, SharedImage>();
  for (const m of view.matchAll(IMG_DATA)) {
    const type = m[1]!;
    if (!(IMAGE_TYPES as readonly string[]).includes(type)) continue;
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(m[2]!, 'an image of the share file');
    } catch {
      continue; // a damaged picture: the article that pins it reports it missing
    }
    const sha256 = await sha256Hex(bytes);
    if (!out.has(sha256)) out.set(sha256, { sha256, type: type as ImageType, bytes });
  }
  return out;
}

/** The raw text of story region `n` of the page; MALFORMED when its markers are not there. */
function regionText(view: string, n: number, article: number): string {
  const open = bodyOpen(n);
  const start = view.indexOf(open);
  const end = start < 0 ? -1 : view.indexOf(bodyClose(n), start + open.length);
  if (end < 0) {
    throw new PigeonError(
      'MALFORMED',
      `the page no longer holds the signed text of story ${article} where the data block says (it was edited, or saved again by a browser, which rewrites the page)`,
    );
  }
  return view.slice(start + open.length, end);
}

/** The image pins of an envelope, read without verifying (only to route the view's pictures). */
function pinsOf(envelope: Uint8Array): string[] {
  try {
    return decodeArticle(decodeEnvelope(envelope, 'article', { pinned: true }).payload).images.map((i) => i.sha256);
  } catch {
    return []; // verification will reject it with the real reason
  }
}

/** Read a share file (either format), unverified. See the module header for the errors. */
export async function decodeShareFile(bytes: Uint8Array): Promise<DecodedShareFile> {
  if (bytes.length > MAX_SHARE_BYTES) {
    throw new PigeonError('TOO_LARGE', `the file is ${bytes.length} bytes; share files of at most ${MAX_SHARE_BYTES} bytes are read`);
  }
  let text: string | undefined;
  // A file cut off in transfer may end inside a multi-byte character: drop up to three last bytes.
  for (let cut = 0; cut <= 3 && cut <= bytes.length && text === undefined; cut++) {
    try {
      text = fromUtf8(bytes.subarray(0, bytes.length - cut), 'the file');
    } catch {
      // try one byte shorter
    }
  }
  if (text === undefined) throw new PigeonError('NOT_BUNDLE', 'this is not a Pigeonpost share file (not text)');
  if (looksLikeJsonShare(text)) {
    try {
      return { share: decodeShare(bytes), format: 'json' };
    } catch (e) {
      if (isPigeonError(e, 'MALFORMED') && /^\s*\{/.test(text) && !/\}\s*$/.test(text)) {
        throw new PigeonError('TRUNCATED', 'the share file is cut off (its JSON does not end)');
      }
      throw e;
    }
  }
  const { container, viewEnd } = await readDataBlock(text);
  let json: Uint8Array;
  try {
    json = await gunzip(container, MAX_SHARE_BYTES, 'the share file\'s data block');
  } catch (e) {
    if (isPigeonError(e, 'TOO_LARGE')) throw e;
    throw new PigeonError('MALFORMED', 'the share file\'s data block is damaged (not valid gzip)');
  }
  const inner = decodeShare(json, 'the share file\'s data block', { pageBodies: true });
  const viewText = text.slice(0, viewEnd);
  const images = await viewImages(viewText);
  const articles: SharedArticle[] = [];
  for (const [i, a] of inner.articles.entries()) {
    const envelope = a.body === undefined ? a.envelope : joinEnvelope(a.envelope, await htmlOfRegion(regionText(viewText, a.body, i + 1)), `shared article ${i + 1}`);
    articles.push({
      envelope,
      images: [...new Set(pinsOf(envelope))].flatMap((sha) => {
        const img = images.get(sha);
        return img ? [img] : [];
      }),
    });
  }
  const { manifest, roots } = inner;
  return { share: { roots, articles, ...(manifest ? { manifest } : {}) }, format: 'html' };
}

/** The file's bytes from {@link encodeShareHtml}'s text. */
export function shareHtmlBytes(text: string): Uint8Array {
  return utf8(text);
}
