/**
 * The image step of an article: find every referenced image (body and lead image), load it
 * (http(s), local file or data: URL), fit the set into the per-article budget, and rewrite the
 * body so it points at `media/<article-id>/<name>`. Nothing remote survives: an image that
 * cannot be loaded or fitted is removed (with its figure) and reported as a warning.
 * With `textOnly`, every image is removed and nothing is loaded.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IngestLimits } from './config.ts';
import { oneLine } from './errors.ts';
import { fitImages, type FittedImage } from './image-fit.ts';
import { markdownImageRefs, rewriteMarkdownImages } from './markdown-images.ts';
import { parseFragment } from './dom.ts';
import { mapPool } from '../util/pool.ts';
import { loadUrl, resolveRef } from './resource.ts';
import { removeImage, serializeBody } from './sanitize.ts';
import { slugify } from './slug.ts';
import type { ArticleDraft } from './types.ts';

/** Inputs of the image step. */
export interface ImageStepOptions {
  id: string;
  /** Site folder (absolute path); local Markdown refs fall back to it (`media/...`). */
  siteDir: string;
  textOnly: boolean;
  limits: IngestLimits;
  warn(line: string): void;
}

/** The rewritten article parts and the media files to store under `media/<id>/`. */
export interface ImageStepResult {
  body: string;
  image?: { src: string; alt: string; caption?: string };
  /** File name → bytes. */
  files: Map<string, Uint8Array>;
}

/** Runs the image step for one article. */
export async function processImages(draft: ArticleDraft, opts: ImageStepOptions): Promise<ImageStepResult> {
  const html = draft.bodyFormat === 'html' ? parseFragment(draft.body) : undefined;
  const bodyRefs = html
    ? Array.from(html.querySelectorAll('img')).map((i) => i.getAttribute('src') ?? '')
    : markdownImageRefs(draft.body);
  const refs = [...bodyRefs, ...(draft.image ? [draft.image.src] : [])].filter((r) => r !== '');
  const resolved = new Map<string, string>(); // ref → absolute URL
  if (!opts.textOnly) {
    for (const ref of refs) {
      if (resolved.has(ref)) continue;
      try {
        resolved.set(ref, resolveRef(ref, draft.base));
      } catch (err) {
        opts.warn(`${opts.id}: image dropped: ${oneLine(err)}`);
      }
    }
  }
  const urls = [...new Set(resolved.values())];
  const loaded = await mapPool(urls, opts.limits.concurrency, async (url) => {
    try {
      return { key: url, bytes: await loadImage(url, draft.base, opts) };
    } catch (err) {
      opts.warn(`${opts.id}: image dropped: ${oneLine(err)}`);
      return undefined;
    }
  });
  const fitted = await fitImages(loaded.filter((x): x is { key: string; bytes: Uint8Array } => !!x), opts.limits.imageBudget);
  const files = new Map<string, Uint8Array>();
  const pathFor = new Map<string, string>(); // absolute URL → media path
  for (const url of urls) {
    const r = fitted.get(url);
    if (!r) continue;
    if ('error' in r) {
      opts.warn(`${opts.id}: image dropped: ${shortUrl(url)}: ${r.error}`);
      continue;
    }
    const name = mediaName(url, r);
    files.set(name, r.bytes);
    pathFor.set(url, `media/${opts.id}/${name}`);
  }
  const target = (ref: string): string | null => {
    const url = resolved.get(ref);
    return (url && pathFor.get(url)) ?? null;
  };
  let body: string;
  if (html) {
    for (const img of Array.from(html.querySelectorAll('img'))) {
      const t = target(img.getAttribute('src') ?? '');
      if (t) img.setAttribute('src', t);
      else removeImage(img);
    }
    body = serializeBody(html);
  } else {
    body = rewriteMarkdownImages(draft.body, new Map(bodyRefs.map((r) => [r, target(r)])));
  }
  const result: ImageStepResult = { body, files };
  const lead = draft.image ? target(draft.image.src) : null;
  if (draft.image && lead) {
    result.image = { src: lead, alt: draft.image.alt, ...(draft.image.caption ? { caption: draft.image.caption } : {}) };
  }
  return result;
}

/** Loads one image; a local Markdown ref that is not beside the file is tried in the site folder. */
async function loadImage(url: string, base: string, opts: ImageStepOptions): Promise<Uint8Array> {
  try {
    return (await loadUrl(url, opts.limits.imageMaxBytes, opts.limits.timeoutMs, 'image/*')).bytes;
  } catch (err) {
    if (!url.startsWith('file:') || !base.startsWith('file:')) throw err;
    const rel = decodeURIComponent(new URL(url).pathname).split('/media/')[1];
    if (!rel) throw err;
    const inSite = new URL(`media/${rel}`, `${pathToFileURL(opts.siteDir).href}/`).href;
    return (await loadUrl(inSite, opts.limits.imageMaxBytes, opts.limits.timeoutMs)).bytes;
  }
}

/**
 * `<slug of the file name>-<hash of the bytes>.<ext>`: path-safe, and stable wherever the site
 * folder lives (a hash of a file: URL would change when the folder moves).
 */
function mediaName(url: string, img: FittedImage): string {
  let stem = '';
  if (!url.startsWith('data:')) {
    try {
      stem = slugify(decodeURIComponent(basename(new URL(url).pathname)).replace(/\.[a-z0-9]{2,5}$/i, ''), 40);
    } catch {
      stem = '';
    }
  }
  return `${stem || 'image'}-${createHash('sha256').update(img.bytes).digest('hex').slice(0, 10)}.${img.ext}`;
}

function shortUrl(url: string): string {
  return url.startsWith('data:') ? 'data: URL' : url.length > 100 ? `${url.slice(0, 97)}...` : url;
}
