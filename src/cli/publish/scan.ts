/**
 * Reading the site's articles and deciding what changed since the last publish.
 *
 * Rendering (Markdown + DOMPurify on jsdom) is the expensive step, so an article is re-rendered only
 * when its input fingerprint changed: the file bytes, the images it used (size and mtime, re-hashed
 * when those moved), the renderer version, the site id, the text-only option and the publish keys.
 * A re-rendered article whose payload hash is unchanged keeps its revision.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RENDER_VERSION, type RenderedArticle } from '../site/render.ts';
import { CliError } from '../util/errors.ts';
import { sha256Node } from './objects.ts';
import { buildPack } from './packs.ts';
import { PARALLEL_MIN, RenderPool, workerCount } from './render-pool.ts';
import { FileRenderer, type RenderedFile, type RenderSite, type SignSetup } from './render-worker-main.ts';
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
  /** The envelope a render worker signed for revision `rev` (used only if the publisher agrees). */
  readonly signed?: { readonly rev: number; readonly envelope: Uint8Array; readonly sha256: string };
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

/**
 * Files examined in one step of the scan's first pass, before pending renders and worker replies
 * are handled again (about 1 ms of reading; see {@link scanArticles}).
 */
const STAT_BATCH = 64;

/** The site as the renderers see it. */
export function renderSite(opts: ScanOptions): RenderSite {
  return { siteDir: opts.siteDir, siteId: opts.siteId, siteLang: opts.siteLang, textOnly: opts.textOnly, keyids: [...opts.publishKeyids].sort().join(',') };
}

/**
 * Where articles get rendered: on the main thread, or on a pool of worker threads and the main
 * thread started once a run has {@link PARALLEL_MIN} articles to render (the pool stays up for
 * signing and packing; close it). The main thread uses one renderer (one jsdom window) for both.
 */
export class Renderers {
  private readonly local: FileRenderer;
  private started: RenderPool | undefined;

  constructor(
    private readonly site: RenderSite,
    private readonly sign: SignSetup,
  ) {
    this.local = new FileRenderer(site, sign);
  }

  /** The pool, if one was started. */
  get pool(): RenderPool | undefined {
    return this.started;
  }

  /** Start the pool now, unless workers are disabled (PIGEONPOST_WORKERS=0). */
  startPool(): RenderPool | undefined {
    const n = workerCount();
    const local = this.local;
    if (n > 0) this.started ??= new RenderPool({ site: this.site, sign: this.sign }, n, { render: (file, bytes) => local.render(file, bytes), pack: (items) => buildPack(items, this.site.siteDir) });
    return this.started;
  }

  /** Render on the main thread (`early`: see {@link FileRenderer.render}). */
  renderHere(file: string, bytes?: Uint8Array, early = true): Promise<RenderedFile> {
    return this.local.render(file, bytes, early);
  }

  async close(): Promise<void> {
    await this.started?.close();
  }
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

/** Read an article file; a failure names it (errors of reading an open file carry no path). */
function readArticle(siteDir: string, file: string): Buffer {
  const path = join(siteDir, file);
  try {
    return readFileSync(path);
  } catch (e) {
    if (e instanceof Error && (e as { path?: unknown }).path === undefined) Object.assign(e, { path });
    throw e;
  }
}

function imagesUnchanged(siteDir: string, uses: ImageUse[]): boolean {
  for (const u of uses) {
    let st;
    try {
      st = statSync(join(siteDir, u.path));
    } catch {
      return false;
    }
    if (st.size !== u.size) return false;
    if (st.mtimeMs !== u.mtimeMs) {
      let bytes;
      try {
        bytes = readFileSync(join(siteDir, u.path));
      } catch {
        return false;
      }
      if (sha256Node(bytes) !== u.sha256) return false;
      u.mtimeMs = st.mtimeMs;
    }
  }
  return true;
}

/**
 * Scan every article file; render those whose input changed. Throws on duplicate ids.
 *
 * Files are sent to the render pool as soon as the scan has found {@link PARALLEL_MIN} to render,
 * so the workers start (and render) while the rest of the folder is still being read and hashed.
 * `onRendered` hears of every article rendered, with the number found to render so far.
 */
export async function scanArticles(opts: ScanOptions, renderers: Renderers, onRendered?: (done: number, total: number) => void): Promise<ScannedArticle[]> {
  const files = await listArticleFiles(opts.siteDir);
  const byFile = new Map(Object.entries(opts.state.articles).map(([id, a]) => [a.file, { id, a }]));
  const keyids = [...opts.publishKeyids].sort().join(',');
  const env = `${RENDER_VERSION}\n${opts.siteId}\n${opts.siteLang}\n${opts.textOnly ? 1 : 0}\n${keyids}\n`;

  const envHash = sha256Node(Buffer.from(env));

  // Pass 1: fingerprint every file; keep the unchanged ones as they are. Like git's index, a file
  // whose size and mtime are as recorded (with the same renderer, site and keys) is not re-read.
  type Pending = { file: string; input: string; env: string; fileStat: { size: number; mtimeMs: number } };
  const slots: (ScannedArticle | Pending)[] = [];
  const toRender: { slot: number; file: string; bytes?: Uint8Array }[] = [];
  const rendering: Promise<RenderedFile>[] = [];
  let renderedCount = 0;
  const counted = (r: RenderedFile): RenderedFile => {
    onRendered?.(++renderedCount, toRender.length);
    return r;
  };
  let pool = renderers.pool;
  let poolTried = false;
  // Files are stat'ed and read with the synchronous calls, STAT_BATCH at a time. An article file is
  // a few kilobytes in the page cache: the promise API's round trips through libuv's thread pool
  // cost several times the read itself (stat + read of 10,000 files: about 1 s of CPU against
  // 0.15 s; docs/benchmarks.md "Publish"). Between batches the loop yields, so the render pool's
  // replies and the main thread's own renders go on while the folder is read.
  for (let start = 0; start < files.length; start += STAT_BATCH) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const batch = files.slice(start, start + STAT_BATCH);
    const stats = batch.map((f) => statSync(join(opts.siteDir, f)));
    const sameStat = batch.map((file, k) => {
      const prev = byFile.get(file);
      return prev !== undefined && prev.a.env === envHash && prev.a.fileStat?.size === stats[k]!.size && prev.a.fileStat.mtimeMs === stats[k]!.mtimeMs;
    });
    const contents = batch.map((f, k) => (sameStat[k] ? undefined : readArticle(opts.siteDir, f)));
    for (const [k, file] of batch.entries()) {
      const st = stats[k]!;
      const fileStat = { size: st.size, mtimeMs: st.mtimeMs };
      const prev = byFile.get(file);
      const bytes = contents[k];
      const input = bytes === undefined ? prev!.a.input : createHash('sha256').update(env).update(bytes).digest('hex');
      if (prev && prev.a.input === input && imagesUnchanged(opts.siteDir, prev.a.images)) {
        slots.push({ id: prev.id, file, input, env: envHash, fileStat, images: prev.a.images, content: prev.a.content });
        continue;
      }
      toRender.push({ slot: slots.length, file, ...(bytes === undefined ? {} : { bytes }) });
      slots.push({ file, input, env: envHash, fileStat });
      if (!poolTried && toRender.length >= PARALLEL_MIN) {
        poolTried = true;
        pool = renderers.startPool();
      }
      // With a pool: everything found so far, then each file as it is found.
      while (pool && rendering.length < toRender.length) {
        const t = toRender[rendering.length]!;
        const r = pool.render(t.file, t.bytes).then(counted);
        // The pool has the bytes now: do not hold every file of the site until the scan ends.
        delete t.bytes;
        // Awaited after the scan; if the scan fails first, the pool is closed and this rejects unseen.
        r.catch(() => {});
        rendering.push(r);
      }
    }
  }

  // Pass 2: wait for the pool, or render the few on this thread.
  let rendered: RenderedFile[] = [];
  if (pool) rendered = await Promise.all(rendering);
  else for (const t of toRender) rendered.push(counted(await renderers.renderHere(t.file, t.bytes)));
  toRender.forEach(({ slot }, k) => {
    const { id, rendered: r, content, signed } = rendered[k]!;
    const images = r.images.map((i) => ({ path: i.path, size: i.size, mtimeMs: i.mtimeMs, sha256: i.sha256 }));
    slots[slot] = { ...(slots[slot] as Pending), id, images, rendered: r, content, ...(signed === undefined ? {} : { signed }) };
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

/**
 * A function that renders one article file again, on this thread, with its HTML (compaction needs
 * fresh payloads of unchanged articles; signing a revision the renderer did not expect needs the
 * HTML the early signature dropped). Returns the content hash too.
 */
export function createRenderOne(renderers: Renderers): (file: string) => Promise<{ rendered: RenderedArticle; content: string }> {
  return async (file) => {
    const { rendered, content } = await renderers.renderHere(file, undefined, false);
    return { rendered, content };
  };
}
