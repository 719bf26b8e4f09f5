/**
 * Front matter: splitting a Markdown file into YAML + body (read as the publisher reads it:
 * site/yaml-core.ts), and rendering an article file in the format of docs/site-folder.md (fixed key
 * order, `yaml` package for quoting).
 */
import YAML from 'yaml';
import { parseYamlCore } from '../site/yaml-core.ts';
import { FrontMatterError } from './errors.ts';

/** The front matter fields of docs/site-folder.md, in the order they are written. */
export interface FrontMatter {
  id: string;
  title: string;
  date: string;
  updated?: string;
  lang: string;
  dir?: 'rtl' | 'ltr';
  section: string;
  author?: string;
  summary: string;
  image?: { src: string; alt: string; caption?: string };
  source?: string;
  sample?: boolean;
}

const ORDER: Array<keyof FrontMatter> = [
  'id', 'title', 'date', 'updated', 'lang', 'dir', 'section', 'author', 'summary', 'image', 'source', 'sample',
];

/** Renders `---\n<yaml>---\n\n<body>\n`. */
export function renderArticle(fm: FrontMatter, body: string): string {
  const ordered: Record<string, unknown> = {};
  for (const k of ORDER) {
    const v = fm[k];
    if (v === undefined) continue;
    if (k === 'image' && typeof v === 'object') {
      const img = v as NonNullable<FrontMatter['image']>;
      ordered.image = img.caption ? { src: img.src, alt: img.alt, caption: img.caption } : { src: img.src, alt: img.alt };
    } else {
      ordered[k] = v;
    }
  }
  const yaml = YAML.stringify(ordered, { lineWidth: 0 });
  const text = body.trim();
  return `---\n${yaml}---\n${text ? `\n${text}\n` : ''}`;
}

/** A Markdown file split into its parsed front matter and body. */
export interface SplitMarkdown {
  data: Record<string, unknown>;
  body: string;
}

/**
 * Splits a Markdown file; the file must start with a `---` front matter block.
 * @throws {FrontMatterError} when it is missing or is not a YAML mapping.
 */
export function splitFrontMatter(text: string): SplitMarkdown {
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const m = /^---\n([\s\S]*?)\n?---[ \t]*(?:\n|$)/.exec(src);
  if (!m) throw new FrontMatterError('missing (the file must start with a --- block)');
  let data: unknown;
  try {
    data = parseYamlCore(m[1]!);
  } catch (err) {
    throw new FrontMatterError(`invalid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new FrontMatterError('must be a mapping of fields');
  return { data: data as Record<string, unknown>, body: src.slice(m[0].length) };
}
