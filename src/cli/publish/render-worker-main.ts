/**
 * The body of a render worker: parses and renders article files on request and posts the rendered
 * payloads (with image bytes) back. Errors travel as one-line messages.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { parseArticleFile } from '../site/front-matter.ts';
import { ImageResolver } from '../site/images.ts';
import { ArticleRenderer, type RenderedArticle } from '../site/render.ts';
import { CliError } from '../util/errors.ts';

/** What every worker needs to know about the site. */
export interface RenderSite {
  siteDir: string;
  siteId: string;
  siteLang: string;
  textOnly: boolean;
}

/** A request: render the file at `file` (relative to the site folder). */
export interface RenderRequest {
  seq: number;
  file: string;
}

/** A reply: the article id and rendering, or a one-line error. */
export type RenderReply =
  | { seq: number; ok: true; id: string; rendered: RenderedArticle }
  | { seq: number; ok: false; message: string; expected: boolean };

/** Render one file with a shared renderer. */
export async function renderFile(renderer: ArticleRenderer, site: RenderSite, file: string): Promise<{ id: string; rendered: RenderedArticle }> {
  const bytes = await readFile(join(site.siteDir, file));
  const fallbackId = file.slice('articles/'.length, -'.md'.length);
  const src = parseArticleFile(bytes.toString('utf8'), file, fallbackId, site.siteLang);
  return { id: src.front.id, rendered: renderer.render(src) };
}

/** Serve render requests on `port`. */
export function serve(port: MessagePort | null, site: RenderSite): void {
  if (!port) return;
  const renderer = new ArticleRenderer(site.siteId, new ImageResolver(site.siteDir), site.textOnly);
  port.on('message', (req: RenderRequest) => {
    renderFile(renderer, site, req.file).then(
      ({ id, rendered }) => port.postMessage({ seq: req.seq, ok: true, id, rendered } satisfies RenderReply),
      (e: unknown) => port.postMessage({ seq: req.seq, ok: false, message: e instanceof Error ? e.message : String(e), expected: e instanceof CliError } satisfies RenderReply),
    );
  });
}
