/**
 * Signed articles (format.md §3.5): each article is an envelope signed by the publish role, so a
 * single story passed between readers verifies on its own. Images are pinned by hash inside it.
 */
import { PigeonError } from '../errors.ts';
import { readArticleMeta, META_OPTIONAL, META_REQUIRED, type ArticleMeta } from './article-meta.ts';
import { checkHeader, TYPES } from './common.ts';
import { arr, int, obj, optStr, SHA256_PATTERN, SITE_ID_PATTERN, str } from './read.ts';

/** Image types an article may carry (never SVG: it can script). */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** An image pinned by an article. In the HTML it is referenced as `media/<sha256>`. */
export interface ArticleImage {
  readonly sha256: string;
  readonly length: number;
  readonly type: ImageType;
  readonly alt?: string;
}

/** A decoded article payload. */
export interface Article extends ArticleMeta {
  readonly site: string;
  readonly html: string;
  readonly images: readonly ArticleImage[];
  /** sha256 of the lead image, one of `images`. */
  readonly lead?: string;
  /** Where the operator found it (informational; the reader never fetches it). */
  readonly source?: string;
}

/** Largest article HTML (characters). */
export const MAX_HTML = 2 * 1024 * 1024;

/** Decode an article payload. */
export function decodeArticle(payload: unknown, what = 'article'): Article {
  checkHeader(obj(payload, what), TYPES.article, what);
  const o = obj(payload, what, {
    required: ['_type', 'spec_version', 'site', ...META_REQUIRED, 'html', 'images'],
    optional: [...META_OPTIONAL, 'lead', 'source'],
  });
  const images = arr(o, 'images', what, 200, (v, p) => {
    const i = obj(v, p, { required: ['sha256', 'length', 'type'], optional: ['alt'] });
    const type = str(i, 'type', p);
    if (!(IMAGE_TYPES as readonly string[]).includes(type)) throw new PigeonError('UNSUPPORTED', `${p}.type ${type.slice(0, 40)} is not an allowed image type`);
    const alt = optStr(i, 'alt', p, { max: 2000 });
    return {
      sha256: str(i, 'sha256', p, { pattern: SHA256_PATTERN }),
      length: int(i, 'length', p, 1, 32 * 1024 * 1024),
      type: type as ImageType,
      ...(alt === undefined ? {} : { alt }),
    };
  });
  const lead = optStr(o, 'lead', what, { pattern: SHA256_PATTERN });
  if (lead !== undefined && !images.some((i) => i.sha256 === lead)) throw new PigeonError('MALFORMED', `${what}.lead is not one of its images`);
  const source = optStr(o, 'source', what, { max: 2000 });
  return {
    site: str(o, 'site', what, { pattern: SITE_ID_PATTERN }),
    ...readArticleMeta(o, what),
    html: str(o, 'html', what, { max: MAX_HTML }),
    images,
    ...(lead === undefined ? {} : { lead }),
    ...(source === undefined ? {} : { source }),
  };
}
