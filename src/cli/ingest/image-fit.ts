/**
 * Fitting an article's images into its byte budget with sharp (libvips).
 *
 * Images that already fit are kept byte for byte. When the total is over budget, the budget is
 * shared out smallest-first: an image under its fair share keeps its bytes, a larger one is
 * downscaled and re-encoded (JPEG, or WebP when it has transparency) until it fits its share.
 * An image that cannot fit even at 64 px wide is dropped. Encoding is deterministic, so the same
 * input gives the same bytes on every run (needed for "unchanged").
 */
import sharp from 'sharp';
import { ImageError, formatBytes } from './errors.ts';

/** Formats kept as they are when they fit; anything else (SVG, TIFF, HEIF, ...) is re-encoded. */
const PASSTHROUGH = new Set(['jpeg', 'png', 'gif', 'webp', 'avif']);
/** Longest side after re-encoding (pixels). */
const MAX_SIDE = 1600;
/** Narrowest width tried before giving up (pixels). */
const MIN_WIDTH = 64;

/** An image ready to store. */
export interface FittedImage {
  bytes: Uint8Array;
  /** File extension without dot: jpg, png, gif, webp, avif. */
  ext: string;
}

/** Result per input key: the fitted image, or why it was dropped. */
export type FitResult = FittedImage | { error: string };

interface Inspected {
  key: string;
  bytes: Uint8Array;
  format: string;
  width: number;
  height: number;
  alpha: boolean;
}

/** Reads format and size; throws {@link ImageError} when the bytes are not a decodable image. */
export async function inspectImage(bytes: Uint8Array): Promise<{ format: string; width: number; height: number; alpha: boolean }> {
  try {
    const m = await sharp(bytes).metadata();
    if (!m.format || !m.width || !m.height) throw new Error('no dimensions');
    return { format: m.format, width: m.width, height: m.height, alpha: Boolean(m.hasAlpha) };
  } catch (err) {
    throw new ImageError(`not a usable image (${(err as Error).message.split('\n')[0]})`, { cause: err });
  }
}

/**
 * Fits `images` (in article order) into `budget` bytes.
 * @returns a map from each key to its fitted image or drop reason.
 */
export async function fitImages(images: Array<{ key: string; bytes: Uint8Array }>, budget: number): Promise<Map<string, FitResult>> {
  const out = new Map<string, FitResult>();
  const ok: Inspected[] = [];
  for (const img of images) {
    try {
      ok.push({ key: img.key, bytes: img.bytes, ...(await inspectImage(img.bytes)) });
    } catch (err) {
      out.set(img.key, { error: (err as Error).message });
    }
  }
  // Formats we do not pass through are re-encoded first, so their real size enters the budget.
  for (const img of ok) {
    if (PASSTHROUGH.has(img.format)) continue;
    const re = await encode(img, Math.min(1, MAX_SIDE / Math.max(img.width, img.height)), 80);
    img.bytes = re.bytes;
    img.format = re.ext === 'jpg' ? 'jpeg' : re.ext;
  }
  let remaining = budget;
  const bySize = [...ok].sort((a, b) => a.bytes.byteLength - b.bytes.byteLength || (a.key < b.key ? -1 : 1));
  for (let i = 0; i < bySize.length; i++) {
    const img = bySize[i]!;
    const share = Math.floor(remaining / (bySize.length - i));
    if (img.bytes.byteLength <= share) {
      out.set(img.key, { bytes: img.bytes, ext: extFor(img.format) });
      remaining -= img.bytes.byteLength;
      continue;
    }
    const shrunk = await shrinkTo(img, share);
    if (shrunk) {
      out.set(img.key, shrunk);
      remaining -= shrunk.bytes.byteLength;
    } else {
      out.set(img.key, { error: `cannot fit ${formatBytes(img.bytes.byteLength)} into ${formatBytes(share)} of the image budget` });
    }
  }
  return out;
}

async function shrinkTo(img: Inspected, target: number): Promise<FittedImage | undefined> {
  if (target <= 0) return undefined;
  let scale = Math.min(1, MAX_SIDE / Math.max(img.width, img.height), Math.sqrt(target / img.bytes.byteLength) * 1.2);
  const qualities = [78, 66, 55, 45];
  for (let attempt = 0; attempt < 24; attempt++) {
    if (img.width * scale < MIN_WIDTH) break;
    const quality = qualities[Math.min(attempt, qualities.length - 1)]!;
    const enc = await encode(img, scale, quality);
    if (enc.bytes.byteLength <= target) return enc;
    // Aim for the target area ratio, shrinking at least 15% per step.
    scale *= Math.min(0.85, Math.sqrt(target / enc.bytes.byteLength));
  }
  return undefined;
}

async function encode(img: Inspected, scale: number, quality: number): Promise<FittedImage> {
  const width = Math.max(1, Math.round(img.width * scale));
  const pipeline = sharp(img.bytes).rotate().resize({ width, withoutEnlargement: true });
  if (img.alpha) {
    const bytes = await pipeline.webp({ quality, alphaQuality: quality, effort: 4 }).toBuffer();
    return { bytes: new Uint8Array(bytes), ext: 'webp' };
  }
  const bytes = await pipeline.flatten({ background: '#ffffff' }).jpeg({ quality, mozjpeg: true }).toBuffer();
  return { bytes: new Uint8Array(bytes), ext: 'jpg' };
}

function extFor(format: string): string {
  return format === 'jpeg' ? 'jpg' : format;
}
