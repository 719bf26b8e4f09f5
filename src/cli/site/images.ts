/**
 * Local images of articles: resolved inside the site folder, sniffed by their magic bytes (JPEG,
 * PNG, WebP, GIF, AVIF; never SVG), hashed, and referenced in signed HTML as `media/<sha256>`.
 * Remote URLs are refused: a reader's app never contacts an outlet's servers (docs/site-folder.md).
 */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { ImageType } from '../../core/format/article.ts';
import { CliError } from '../util/errors.ts';

/**
 * A resolved image. `path` is relative to the site folder (with `/`). The bytes are not kept: a
 * first publish of a large archive would hold every picture in memory until its pack is built
 * (hundreds of kilobytes per article); packs read them again ({@link readImageBytes}).
 */
export interface LocalImage {
  readonly path: string;
  readonly sha256: string;
  readonly type: ImageType;
  readonly size: number;
  readonly mtimeMs: number;
}

/** Largest single image accepted (bytes); matches the format's per-image cap. */
export const MAX_IMAGE_BYTES = 32 * 1024 * 1024;

/** The image type from magic bytes, or undefined. */
export function sniffImageType(b: Uint8Array): ImageType | undefined {
  const at = (i: number, ...v: number[]) => v.every((x, j) => b[i + j] === x);
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  if (at(4, 0x66, 0x74, 0x79, 0x70) && (at(8, 0x61, 0x76, 0x69, 0x66) || at(8, 0x61, 0x76, 0x69, 0x73))) return 'image/avif';
  return undefined;
}

/** True for a src that names another host or scheme (http:, https:, data:, //host ...). */
export function isRemoteSrc(src: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//') || src.startsWith('\\\\');
}

/** Resolves and caches images for one publish run. */
export class ImageResolver {
  private readonly root: string;
  private readonly cache = new Map<string, LocalImage>();

  constructor(siteDir: string) {
    this.root = realpathSync(siteDir);
  }

  /**
   * Resolve `src` as written in `articleFile` (relative to the site folder, or failing that to the
   * article's own folder). Throws a CliError naming the article for remote, missing, escaping or
   * unsupported images.
   */
  resolve(src: string, articleFile: string): LocalImage {
    if (isRemoteSrc(src)) {
      throw new CliError(`${articleFile}: remote image "${src.slice(0, 200)}" refused; save it under media/ and reference it by path (pigeonpost ingest does this)`);
    }
    let path = src.split(/[?#]/)[0]!;
    try {
      path = decodeURIComponent(path);
    } catch {
      throw new CliError(`${articleFile}: image path "${src.slice(0, 200)}" is not valid URL encoding`);
    }
    if (path.includes('\0')) throw new CliError(`${articleFile}: image path contains a NUL byte`);
    if (isAbsolute(path)) throw new CliError(`${articleFile}: image path "${path}" must be relative to the site folder`);
    const candidates = [resolve(this.root, path), resolve(this.root, articleFile, '..', path)];
    let lastError = `image "${path}" not found`;
    for (const c of candidates) {
      let real: string;
      try {
        real = realpathSync(c);
      } catch {
        continue;
      }
      const rel = relative(this.root, real);
      if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
        lastError = `image "${path}" is outside the site folder`;
        continue;
      }
      return this.load(real, rel.split(sep).join('/'), articleFile);
    }
    throw new CliError(`${articleFile}: ${lastError}`);
  }

  private load(real: string, rel: string, articleFile: string): LocalImage {
    const cached = this.cache.get(real);
    if (cached) return cached;
    const st = statSync(real);
    if (!st.isFile()) throw new CliError(`${articleFile}: image "${rel}" is not a file`);
    if (st.size > MAX_IMAGE_BYTES) throw new CliError(`${articleFile}: image "${rel}" is larger than ${MAX_IMAGE_BYTES} bytes`);
    if (st.size === 0) throw new CliError(`${articleFile}: image "${rel}" is empty`);
    const bytes = new Uint8Array(readFileSync(real));
    if (bytes.length !== st.size) throw new CliError(`${articleFile}: image "${rel}" changed while it was read; publish again`);
    const type = sniffImageType(bytes);
    if (type === undefined) {
      throw new CliError(`${articleFile}: image "${rel}" is not JPEG, PNG, WebP, GIF or AVIF (SVG is never allowed)`);
    }
    const img: LocalImage = { path: rel, sha256: createHash('sha256').update(bytes).digest('hex'), type, size: st.size, mtimeMs: st.mtimeMs };
    this.cache.set(real, img);
    return img;
  }
}

/**
 * The bytes of an image resolved earlier in this run (`path` relative to `siteDir`), read again to
 * pack it. Throws a CliError when the file is gone or no longer has the hash the signed article
 * pins.
 */
export function readImageBytes(siteDir: string, img: { readonly path: string; readonly sha256: string }): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(resolve(siteDir, img.path)));
  } catch {
    throw new CliError(`image "${img.path}" disappeared while publishing; publish again`);
  }
  if (createHash('sha256').update(bytes).digest('hex') !== img.sha256) throw new CliError(`image "${img.path}" changed while publishing; publish again`);
  return bytes;
}
