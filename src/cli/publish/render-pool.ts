/**
 * Rendering many articles in parallel: Markdown + DOMPurify on jsdom costs a few milliseconds per
 * article, so a first publish of a large archive spreads it over worker threads (one jsdom per
 * worker). Small publishes render in-process; starting workers costs more than it saves.
 * PIGEONPOST_WORKERS overrides the worker count (1 disables workers).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ImageResolver } from '../site/images.ts';
import { ArticleRenderer, type RenderedArticle } from '../site/render.ts';
import { CliError } from '../util/errors.ts';
import { renderFile, type RenderReply, type RenderSite } from './render-worker-main.ts';

/** Below this many articles to render, stay on the main thread. */
export const PARALLEL_MIN = 200;

function workerCount(jobs: number): number {
  const env = Number(process.env['PIGEONPOST_WORKERS']);
  const wanted = Number.isSafeInteger(env) && env > 0 ? env : Math.min(availableParallelism(), 4);
  return jobs < PARALLEL_MIN ? 1 : Math.max(1, Math.min(wanted, Math.ceil(jobs / 50)));
}

/** Render `files`; results in the same order. Throws CliError on the first failing article. */
export async function renderAll(site: RenderSite, files: readonly string[]): Promise<{ id: string; rendered: RenderedArticle }[]> {
  const n = workerCount(files.length);
  if (n <= 1) {
    const renderer = new ArticleRenderer(site.siteId, new ImageResolver(site.siteDir), site.textOnly);
    const out = [];
    for (const f of files) out.push(await renderFile(renderer, site, f));
    return out;
  }
  const results = new Array<{ id: string; rendered: RenderedArticle }>(files.length);
  const workers = Array.from({ length: n }, () => new Worker(new URL('./render-worker.mjs', import.meta.url), { workerData: site }));
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= files.length) {
                resolve();
                return;
              }
              const seq = next++;
              w.postMessage({ seq, file: files[seq]! });
            };
            w.on('message', (r: RenderReply) => {
              if (!r.ok) {
                reject(r.expected ? new CliError(r.message) : new Error(r.message));
                return;
              }
              results[r.seq] = { id: r.id, rendered: r.rendered };
              send();
            });
            w.on('error', reject);
            w.on('exit', (code) => {
              if (next < files.length || code !== 0) reject(new Error(`render worker stopped (exit ${code})`));
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
