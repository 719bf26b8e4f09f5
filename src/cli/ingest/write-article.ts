/**
 * Writes one article: `articles/<id>.md` and its `media/<id>/` files, atomically, only when
 * the bytes differ, and removes media files the article no longer references.
 */
import { createHash } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeIfChanged } from './atomic-write.ts';
import { renderArticle, type FrontMatter } from './front-matter.ts';
import type { ImageStepResult } from './images.ts';
import type { ArticleDraft } from './types.ts';

/** The outcome of writing an article. */
export interface WriteResult {
  status: 'added' | 'updated' | 'unchanged';
  bytesWritten: number;
  /** SHA-256 (hex) of the article file. */
  outputHash: string;
}

/** Builds the front matter of an article from its draft and image step. */
export function frontMatterFor(draft: ArticleDraft, id: string, images: ImageStepResult, firstSeen: string): FrontMatter {
  const fm: FrontMatter = {
    id,
    title: draft.title,
    date: draft.date ?? firstSeen,
    lang: draft.lang,
    section: draft.section,
    summary: draft.summary || draft.title,
  };
  if (draft.updated) fm.updated = draft.updated;
  if (draft.dir) fm.dir = draft.dir;
  if (draft.author) fm.author = draft.author;
  if (images.image) fm.image = images.image;
  if (draft.source) fm.source = draft.source;
  if (draft.sample) fm.sample = true;
  return fm;
}

/** Writes the article file and its media; see the module header. */
export async function writeArticle(siteDir: string, fm: FrontMatter, images: ImageStepResult): Promise<WriteResult> {
  let bytesWritten = 0;
  const mediaDir = join(siteDir, 'media', fm.id);
  for (const [name, bytes] of [...images.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if ((await writeIfChanged(join(mediaDir, name), bytes)) !== 'unchanged') bytesWritten += bytes.byteLength;
  }
  const existing = await readdir(mediaDir).catch(() => [] as string[]);
  for (const name of existing) {
    if (!images.files.has(name) && !name.startsWith('.')) await rm(join(mediaDir, name), { force: true });
  }
  if (images.files.size === 0 && existing.length > 0) await rm(mediaDir, { recursive: true, force: true });
  const text = renderArticle(fm, images.body);
  const status = await writeIfChanged(join(siteDir, 'articles', `${fm.id}.md`), text);
  if (status !== 'unchanged') bytesWritten += Buffer.byteLength(text);
  return { status, bytesWritten, outputHash: sha256(text) };
}

/** Hex SHA-256 of a string or bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
