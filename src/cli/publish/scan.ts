/**
 * Reading the site's articles and deciding what changed since the last publish.
 *
 * Rendering (Markdown + DOMPurify on jsdom) is the expensive step, so an article is re-rendered only
 * when its input fingerprint changed: the file bytes, the images it used (size and mtime, re-hashed
 * when those moved), the renderer version, the site id, the text-only option and the publish keys.
 * A re-rendered article whose payload hash is unchanged keeps its revision.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson } from '../../core/encoding/canonical-json.ts';
import { parseArticleFile } from '../site/front-matter.ts';
import { ImageResolver } from '../site/images.ts';
import { ArticleRenderer, RENDER_VERSION, type RenderedArticle } from '../site/render.ts';
import { renderAll } from './render-pool.ts';
import { CliError } from '../util/errors.ts';
import { sha256Node } from './objects.ts';
import type { ImageUse, PublishState } from './state.ts';

/** One article of the site as found now. */
export interface ScannedArticle {
  readonly id: string;
  readonly file: string;
  readonly input: string;
  readonly env: string;
  readonly fileStat: { size: number; mtimeMs: number };
  readonly images: ImageUse[];
  /** Present when the article was (re-)rendered in this run. */
  readonly rendered?: RenderedArticle;
  /** Content hash (payload without rev + publish keyids); equals the stored one when unchanged. */
  readonly content: string;
}

/** Options of {@link scanArticles}. */
export interface ScanOptions {
  readonly siteDir: string;
  readonly siteId: string;
  readonly siteLang: string;
  readonly textOnly: boolean;
  readonly publishKeyids: readonly string[];
  readonly state: PublishState;
}

/** List `articles/*.md` (sorted, relative paths with `/`). */
export async function listArticleFiles(siteDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(join(siteDir, 'articles'));
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return [];
    throw e;
  }
  return names.filter((n) => n.endsWith('.md') && !n.startsWith('.')).sort().map((n) => `articles/${n}`);
}

async function imagesUnchanged(siteDir: string, uses: ImageUse[]): Promise<boolean> {
  for (const u of uses) {
    let st;
    try {
      st = await stat(join(siteDir, u.path));
    } catch {
      return false;
    }
    if (st.size !== u.size) return false;
    if (st.mtimeMs !== u.mtimeMs) {
      const bytes = await readFile(join(siteDir, u.path));
      if (sha256Node(bytes) !== u.sha256) return false;
      u.mtimeMs = st.mtimeMs;
    }
  }
  return true;
}

/** Scan every article file; render those whose input changed. Throws on duplicate ids. */
export async function scanArticles(opts: ScanOptions): Promise<ScannedArticle[]> {
  const files = await listArticleFiles(opts.siteDir);
  const byFile = new Map(Object.entries(opts.state.articles).map(([id, a]) => [a.file, { id, a }]));
  const keyids = [...opts.publishKeyids].sort().join(',');
  const env = `${RENDER_VERSION}\n${opts.siteId}\n${opts.siteLang}\n${opts.textOnly ? 1 : 0}\n${keyids}\n`;

  const envHash = sha256Node(Buffer.from(env));

  // Pass 1: fingerprint every file; keep the unchanged ones as they are. Like git's index, a file
  // whose size and mtime are as recorded (with the same renderer, site and keys) is not re-read.
  type Pending = { file: string; input: string; env: string; fileStat: { size: number; mtimeMs: number } };
  const slots: (ScannedArticle | Pending)[] = [];
  const toRender: number[] = [];
  for (const file of files) {
    const path = join(opts.siteDir, file);
    const st = await stat(path);
    const fileStat = { size: st.size, mtimeMs: st.mtimeMs };
    const prev = byFile.get(file);
    const sameStat = prev && prev.a.env === envHash && prev.a.fileStat?.size === st.size && prev.a.fileStat.mtimeMs === st.mtimeMs;
    const input = sameStat ? prev.a.input : createHash('sha256').update(env).update(await readFile(path)).digest('hex');
    if (prev && prev.a.input === input && (await imagesUnchanged(opts.siteDir, prev.a.images))) {
      slots.push({ id: prev.id, file, input, env: envHash, fileStat, images: prev.a.images, content: prev.a.content });
    } else {
      toRender.push(slots.length);
      slots.push({ file, input, env: envHash, fileStat });
    }
  }

  // Pass 2: render what changed (in parallel for large batches).
  const site = { siteDir: opts.siteDir, siteId: opts.siteId, siteLang: opts.siteLang, textOnly: opts.textOnly };
  const rendered = await renderAll(site, toRender.map((i) => slots[i]!.file));
  toRender.forEach((slot, k) => {
    const { id, rendered: r } = rendered[k]!;
    const content = sha256Node(Buffer.from(`${canonicalJson(r.payload)}\n${keyids}`));
    const images = r.images.map((i) => ({ path: i.path, size: i.size, mtimeMs: i.mtimeMs, sha256: i.sha256 }));
    slots[slot] = { ...(slots[slot] as Pending), id, images, rendered: r, content };
  });

  const out = slots as ScannedArticle[];
  const seen = new Map<string, string>();
  for (const s of out) {
    const other = seen.get(s.id);
    if (other !== undefined) throw new CliError(`${s.file}: article id "${s.id}" is already used by ${other}`);
    seen.set(s.id, s.file);
  }
  return out;
}

/** A function that re-renders one article file (compaction needs fresh payloads of unchanged articles). */
export function createRenderOne(opts: ScanOptions): (file: string) => Promise<RenderedArticle> {
  let renderer: ArticleRenderer | undefined;
  return async (file) => {
    const bytes = await readFile(join(opts.siteDir, file));
    const fallbackId = file.slice('articles/'.length, -'.md'.length);
    const src = parseArticleFile(bytes.toString('utf8'), file, fallbackId, opts.siteLang);
    renderer ??= new ArticleRenderer(opts.siteId, new ImageResolver(opts.siteDir), opts.textOnly);
    return renderer.render(src);
  };
}
