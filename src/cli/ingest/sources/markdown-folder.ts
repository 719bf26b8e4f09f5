/**
 * Markdown folders: every `*.md` file (recursively, skipping dot-files and dot-folders) becomes
 * one article. Front matter is validated and normalised (id slugged, dates given their offset,
 * language and summary filled in); the Markdown body is kept as written, except that image
 * references are copied into media/ by the image step.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { marked } from 'marked';
import { DEFAULT_SECTION, type IngestLimits } from '../config.ts';
import { normalizeDate } from '../dates.ts';
import { FrontMatterError } from '../errors.ts';
import { splitFrontMatter } from '../front-matter.ts';
import { decideDir, decideLang, normalizeLang } from '../lang.ts';
import { loadFile } from '../resource.ts';
import { isValidId, slugify } from '../slug.ts';
import { htmlToText, makeSummary } from '../text.ts';
import type { ArticleDraft } from '../types.ts';
import type { SourceItem } from './item.ts';
import type { ExtractContext } from './page.ts';

const KNOWN = new Set(['id', 'title', 'date', 'updated', 'lang', 'dir', 'section', 'author', 'summary', 'image', 'source', 'sample']);

/** Options for Markdown folders. */
export interface MarkdownContext extends ExtractContext {
  limits: IngestLimits;
  warn(line: string): void;
}

/** Lists the Markdown files of `folder` as items, sorted by path for a stable order. */
export async function markdownItems(folder: string, ctx: MarkdownContext): Promise<SourceItem[]> {
  const files = (await listMarkdown(resolve(folder))).sort();
  const items: SourceItem[] = [];
  const firstFileOf = new Map<string, string>();
  for (const file of files) {
    const rel = relative(resolve(folder), file).split('\\').join('/');
    const preferredId = await peekId(file);
    // The id is the identity of a Markdown article: renaming the file keeps it, changing `id:` makes a new one.
    const key = preferredId ? `markdown:${preferredId}` : `markdown-file:${rel}`;
    const clash = firstFileOf.get(key);
    if (!clash) firstFileOf.set(key, rel);
    items.push({
      key: clash ? `${key}#${rel}` : key,
      label: rel,
      hints: preferredId ? { preferredId } : {},
      ...(clash ? { invalid: new FrontMatterError(`id "${preferredId}" is also used by ${clash}`) } : {}),
      build: async () => ({ ...(await buildMarkdown(file, rel, ctx)), sourceKey: key }),
    });
  }
  return items;
}

/** The id a file asks for (front matter `id`, else its name), read before the full build. */
async function peekId(file: string): Promise<string | undefined> {
  try {
    const { data } = splitFrontMatter(await readFile(file, 'utf8'));
    if (typeof data.id === 'string' && slugify(data.id)) return slugify(data.id);
  } catch {
    // The build reports the problem.
  }
  return slugify(basename(file).replace(/\.md$/i, '')) || undefined;
}

async function listMarkdown(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const ent of await readdir(dir, { withFileTypes: true })) {
    if (ent.name.startsWith('.')) continue;
    const p = join(dir, ent.name);
    if (ent.isDirectory()) out.push(...(await listMarkdown(p)));
    else if (ent.isFile() && /\.md$/i.test(ent.name)) out.push(p);
  }
  return out;
}

async function buildMarkdown(file: string, rel: string, ctx: MarkdownContext): Promise<ArticleDraft> {
  const loaded = await loadFile(file, ctx.limits.pageMaxBytes);
  const { data, body } = splitFrontMatter(new TextDecoder('utf-8').decode(loaded.bytes));
  for (const k of Object.keys(data)) if (!KNOWN.has(k)) ctx.warn(`${rel}: unknown front matter field "${k}" dropped`);
  const title = optString(data, 'title');
  if (!title) throw new FrontMatterError('title is missing');
  const base = pathToFileURL(file).href;
  const bodyText = htmlToText(String(marked.parse(body, { async: false })), { skipFigures: true });
  const declaredLang = optString(data, 'lang');
  if (declaredLang && !normalizeLang(declaredLang)) throw new FrontMatterError(`lang "${declaredLang}" is not a language tag`);
  const lang = declaredLang ? normalizeLang(declaredLang)! : decideLang([], `${title} ${bodyText}`, ctx.siteLang);
  const draft: ArticleDraft = {
    sourceKey: `markdown:${rel}`,
    title,
    lang,
    section: optString(data, 'section') ?? DEFAULT_SECTION,
    summary: makeSummary(optString(data, 'summary') ?? bodyText),
    body,
    bodyFormat: 'markdown',
    base,
  };
  const id = optString(data, 'id');
  if (id !== undefined) {
    const slug = slugify(id);
    if (!slug || !isValidId(slug)) throw new FrontMatterError(`id "${id}" cannot be made into [a-z0-9-]`);
    draft.preferredId = slug;
  } else {
    const fromName = slugify(basename(file).replace(/\.md$/i, ''));
    if (fromName) draft.preferredId = fromName;
  }
  for (const field of ['date', 'updated'] as const) {
    const raw = optString(data, field);
    if (raw === undefined) continue;
    const norm = normalizeDate(raw);
    if (!norm) throw new FrontMatterError(`${field} "${raw}" is not a date`);
    draft[field] = norm;
  }
  const dir = optString(data, 'dir');
  if (dir !== undefined && dir !== 'rtl' && dir !== 'ltr') throw new FrontMatterError('dir must be rtl or ltr');
  const decided = decideDir(dir, lang);
  if (decided) draft.dir = decided;
  const author = optString(data, 'author');
  if (author) draft.author = author;
  const source = optString(data, 'source');
  if (source) {
    if (!/^https?:\/\//i.test(source)) throw new FrontMatterError('source must be an http(s) URL');
    draft.source = source;
  }
  if (data.sample === true) draft.sample = true;
  const image = data.image;
  if (image !== undefined && image !== null) {
    const src = typeof image === 'string' ? image : typeof image === 'object' ? (image as Record<string, unknown>).src : undefined;
    if (typeof src !== 'string' || !src.trim()) throw new FrontMatterError('image needs a src');
    const obj = typeof image === 'object' ? (image as Record<string, unknown>) : {};
    // Kept as written: the image step resolves it against the file, then the site folder.
    draft.image = { src: src.trim(), alt: typeof obj.alt === 'string' ? obj.alt : '' };
    if (typeof obj.caption === 'string' && obj.caption.trim()) draft.image.caption = obj.caption.trim();
  }
  return draft;
}

function optString(data: Record<string, unknown>, key: string): string | undefined {
  const v = data[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  throw new FrontMatterError(`${key} must be text`);
}
