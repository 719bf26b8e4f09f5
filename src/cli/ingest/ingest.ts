/**
 * The ingest run: for each source, open and classify it, list its items, give each a stable id
 * (in source order, so ids are deterministic), then build, image-process and write the items a
 * few at a time. A failing source or item is reported and skipped; the others continue.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_LIMITS, PIPELINE_VERSION, type IngestLimits } from './config.ts';
import { IngestError, UsageError, oneLine } from './errors.ts';
import { processImages } from './images.ts';
import { mapPool } from '../util/pool.ts';
import { Progress } from '../util/progress.ts';
import { readIfExists } from './atomic-write.ts';
import { readSiteConfig } from './site-config.ts';
import { openSource } from './sources/detect.ts';
import { feedItems } from './sources/feed.ts';
import type { SourceItem } from './sources/item.ts';
import { markdownItems } from './sources/markdown-folder.ts';
import { extractPage } from './sources/page.ts';
import { IngestState } from './state.ts';
import type { ArticleDraft, ArticleResult, IngestSummary } from './types.ts';
import { frontMatterFor, sha256, writeArticle } from './write-article.ts';
import { htmlToText } from './text.ts';

/** One source to ingest. */
export interface SourceSpec {
  /** URL, file path or folder path. */
  location: string;
  /** Fetch article pages for summary-only feed items. */
  fetchFull?: boolean;
}

/** Options of {@link ingest}. */
export interface IngestOptions {
  siteDir: string;
  sources: SourceSpec[];
  /** Applies `fetchFull` to every source. */
  fetchFull?: boolean;
  /** Leave images out (also on when site.json says `textOnly: true`). */
  textOnly?: boolean;
  /** Overrides of the default limits (site.json `imageBudget` sits between the two). */
  limits?: Partial<IngestLimits>;
  progress?: Progress;
  /** Reference time for this run (first-seen dates). */
  now?: Date;
}

/**
 * Ingests `sources` into `siteDir`.
 * @throws {UsageError} when the site folder or its configuration is unusable.
 */
export async function ingest(opts: IngestOptions): Promise<IngestSummary> {
  const st = await stat(opts.siteDir).catch(() => undefined);
  if (!st?.isDirectory()) throw new UsageError(`site folder not found: ${opts.siteDir} (create it with pigeonpost init)`);
  const cfg = await readSiteConfig(opts.siteDir);
  const limits: IngestLimits = {
    ...DEFAULT_LIMITS,
    ...(cfg.imageBudget !== undefined ? { imageBudget: cfg.imageBudget } : {}),
    ...opts.limits,
  };
  const textOnly = opts.textOnly === true || cfg.textOnly;
  const progress = opts.progress ?? new Progress({ write: () => true }, { write: () => true }, true);
  const now = (opts.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const state = await IngestState.load(opts.siteDir);
  const summary: IngestSummary = {
    added: 0, updated: 0, unchanged: 0, failed: 0, bytesWritten: 0, failedSources: [], articles: [], warnings: [],
  };
  const warn = (line: string): void => {
    summary.warnings.push(line);
    progress.warn(line);
  };

  for (const spec of opts.sources) {
    const fetchFull = opts.fetchFull === true || spec.fetchFull === true;
    let items: SourceItem[];
    let strictIds = false;
    try {
      const opened = await openSource(spec.location, limits);
      const ctx = { siteLang: cfg.lang, fetchFull, limits, warn };
      if (opened.kind === 'folder') {
        items = await markdownItems(opened.path, ctx);
        strictIds = true;
      } else if (opened.kind === 'feed') {
        items = feedItems(opened.loaded, opened.feed, ctx);
      } else {
        const draft = extractPage(opened.loaded, ctx);
        items = [{
          key: draft.sourceKey,
          label: draft.title,
          hints: { title: draft.title, ...(draft.source ? { link: draft.source } : {}), ...(draft.urls ? { urls: draft.urls } : {}) },
          build: async () => draft,
        }];
      }
    } catch (err) {
      const code = err instanceof IngestError ? err.code : 'IO';
      summary.failedSources.push({ source: spec.location, code, message: oneLine(err) });
      progress.error(`${spec.location}: ${oneLine(err)}`);
      continue;
    }
    if (items.length === 0) warn(`${spec.location}: no articles found`);

    const ids = items.map((item) => {
      if (item.invalid) return item.invalid;
      try {
        return state.assignId(item.key, item.hints, now, strictIds);
      } catch (err) {
        return err instanceof Error ? err : new Error(String(err));
      }
    });
    // Two items of one source that are the same story (one link, two guids) make one article.
    const firstWithId = new Map<string, number>();
    ids.forEach((id, i) => {
      if (typeof id === 'string' && !firstWithId.has(id)) firstWithId.set(id, i);
    });
    let done = 0;
    const outcomes = await mapPool(items, limits.concurrency, async (item, i): Promise<Outcome> => {
      const id = ids[i]!;
      const duplicate = typeof id === 'string' && firstWithId.get(id) !== i;
      const outcome = duplicate
        ? { result: { id, status: 'unchanged' as const, source: item.hints.link ?? item.label }, bytes: 0 }
        : id instanceof Error
        ? { result: failure(item, id), bytes: 0 }
        : await runItem(item, id, { siteDir: opts.siteDir, state, textOnly, limits, warn })
          .catch((err: unknown) => ({ result: failure(item, err, id), bytes: 0 }));
      if (outcome.result.status === 'failed') progress.error(`${item.label}: ${outcome.result.message}`);
      done++;
      progress.step(done, items.length, `${outcome.result.status} ${outcome.result.id ?? item.label}`);
      return outcome;
    });
    for (const { result, bytes } of outcomes) {
      summary.articles.push(result);
      summary[result.status]++;
      summary.bytesWritten += bytes;
    }
    summary.bytesWritten += await state.save();
  }
  progress.finish();
  return summary;
}

interface ItemContext {
  siteDir: string;
  state: IngestState;
  textOnly: boolean;
  limits: IngestLimits;
  warn(line: string): void;
}

/** An item's report line and the bytes it wrote. */
interface Outcome {
  result: ArticleResult;
  bytes: number;
}

/** Builds, image-processes and writes one item (or recognises it as unchanged). */
async function runItem(item: SourceItem, id: string, ctx: ItemContext): Promise<Outcome> {
  const inputOf = (what: unknown): string =>
    sha256(JSON.stringify({ v: PIPELINE_VERSION, what, textOnly: ctx.textOnly, budget: ctx.limits.imageBudget, id }));
  const entry = ctx.state.get(item.key)!;
  let draft: ArticleDraft | undefined;
  let input: string;
  const owner = entry.owner ?? ctx.state.primaryKey(item.key);
  if (owner !== item.key) {
    // Another route brought this story first: its version stays unless this one is fuller.
    draft = await item.build();
    ctx.state.addUrls(item.key, draft.urls);
    const intact = entry.output !== undefined && (await isIntact(ctx.siteDir, id, entry.output, entry.media ?? []));
    if (intact && textLength(draft) <= (entry.textLength ?? 0) * FULLER) {
      return { result: { id, status: 'unchanged', source: draft.source ?? item.hints.link ?? item.label }, bytes: 0 };
    }
  }
  if (draft) {
    input = inputOf(draft);
  } else if (item.fingerprint !== undefined) {
    input = inputOf({ fingerprint: item.fingerprint });
  } else {
    draft = await item.build();
    input = inputOf(draft);
  }
  if (entry.input === input && entry.output && (await isIntact(ctx.siteDir, id, entry.output, entry.media ?? []))) {
    return { result: { id, status: 'unchanged', source: draft?.source ?? item.hints.link ?? item.label }, bytes: 0 };
  }
  draft ??= await item.build();
  ctx.state.addUrls(item.key, draft.urls);
  const images = await processImages(draft, { id, siteDir: ctx.siteDir, textOnly: ctx.textOnly, limits: ctx.limits, warn: ctx.warn });
  const fm = frontMatterFor(draft, id, images, entry.firstSeen);
  const written = await writeArticle(ctx.siteDir, fm, images);
  ctx.state.update(item.key, {
    input, output: written.outputHash, media: [...images.files.keys()].sort(), owner: item.key, textLength: textLength(draft),
  });
  return { result: { id, status: written.status, source: draft.source ?? item.label }, bytes: written.bytesWritten };
}

/**
 * How much fuller (in text) another route's version of a story must be to replace the one in
 * the file: a full page replaces a summary-only feed item, while two equal versions do not take
 * turns rewriting the file on every run.
 */
const FULLER = 1.2;

/** Characters of text of a draft's body. */
function textLength(draft: ArticleDraft): number {
  return draft.bodyFormat === 'html' ? htmlToText(draft.body).length : draft.body.trim().length;
}

/** True when the article file still has the recorded hash and its media files exist. */
async function isIntact(siteDir: string, id: string, outputHash: string, media: string[]): Promise<boolean> {
  const text = await readIfExists(join(siteDir, 'articles', `${id}.md`));
  if (!text || sha256(text) !== outputHash) return false;
  for (const name of media) {
    if (!(await stat(join(siteDir, 'media', id, name)).catch(() => undefined))) return false;
  }
  return true;
}

function failure(item: SourceItem, err: unknown, id?: string): ArticleResult {
  return { ...(id ? { id } : {}), status: 'failed', source: item.hints.link ?? item.label, message: oneLine(err) };
}
