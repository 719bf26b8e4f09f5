/**
 * Article files: `articles/<id>.md` = YAML front matter between `---` lines + a Markdown body
 * (docs/site-folder.md). Parsing and validation only; every error names the file.
 */
import { parseYamlCore } from './yaml-core.ts';
import { ID_PATTERN, LANG_PATTERN } from '../../core/format/read.ts';
import { CliError } from '../util/errors.ts';

/** Validated front matter. */
export interface FrontMatter {
  readonly id: string;
  readonly title: string;
  readonly date: string;
  readonly updated?: string;
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
  readonly section: string;
  readonly author?: string;
  readonly summary?: string;
  readonly image?: { readonly src: string; readonly alt?: string; readonly caption?: string };
  readonly source?: string;
  readonly sample: boolean;
}

/** A parsed article file. */
export interface ArticleSource {
  /** Path relative to the site folder, with `/`. */
  readonly file: string;
  readonly front: FrontMatter;
  readonly body: string;
}

/** ISO 8601 date-time with an explicit offset (as format.md §2.3 requires for article times). */
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const RTL_LANGS = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ks', 'ps', 'sd', 'ug', 'ur', 'yi']);

/** Split `---\n yaml \n---\n body`. */
function split(text: string, file: string): { yaml: string; body: string } {
  const t = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!t.startsWith('---\n')) throw new CliError(`${file}: must start with a "---" line opening the YAML front matter`);
  const end = t.indexOf('\n---', 3);
  if (end < 0) throw new CliError(`${file}: front matter is not closed by a "---" line`);
  const after = t.indexOf('\n', end + 4);
  const closing = t.slice(end + 1, after < 0 ? t.length : after);
  if (closing.trim() !== '---') throw new CliError(`${file}: front matter is not closed by a "---" line`);
  return { yaml: t.slice(4, end + 1), body: after < 0 ? '' : t.slice(after + 1) };
}

/** Parse and validate one article file. `fallbackId` is the file name without `.md`. */
export function parseArticleFile(text: string, file: string, fallbackId: string, siteLang: string): ArticleSource {
  const { yaml, body } = split(text, file);
  let data: unknown;
  try {
    data = parseYamlCore(yaml);
  } catch (e) {
    throw new CliError(`${file}: front matter is not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new CliError(`${file}: front matter must be a YAML mapping`);
  const o = data as Record<string, unknown>;
  const bad = (field: string, want: string): never => {
    throw new CliError(`${file}: front matter "${field}" ${want}`);
  };
  const optString = (field: string, max: number): string | undefined => {
    const v = o[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' && typeof v !== 'number') bad(field, 'must be text');
    const s = String(v).trim();
    if (s.length > max) bad(field, `must be at most ${max} characters`);
    return s === '' ? undefined : s;
  };
  const reqString = (field: string, max: number): string => optString(field, max) ?? bad(field, 'is required');
  const time = (field: string, required: boolean): string | undefined => {
    const v = o[field];
    if (v === undefined || v === null) return required ? bad(field, 'is required (ISO 8601 with a time zone, e.g. 2026-11-20T21:30:00+03:00)') : undefined;
    if (typeof v !== 'string' || !LOCAL_TIME.test(v.trim()) || !Number.isFinite(Date.parse(v.trim()))) {
      return bad(field, 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-20T21:30:00+03:00');
    }
    return v.trim();
  };

  const id = optString('id', 96) ?? fallbackId;
  if (!ID_PATTERN.test(id)) bad('id', `"${id}" must match [a-z0-9][a-z0-9-]{0,95} (rename the file or set id:)`);
  const lang = optString('lang', 35) ?? siteLang;
  if (!LANG_PATTERN.test(lang)) bad('lang', `"${lang}" is not a BCP 47 language tag`);
  const dirRaw = optString('dir', 3);
  if (dirRaw !== undefined && dirRaw !== 'ltr' && dirRaw !== 'rtl') bad('dir', 'must be ltr or rtl');
  const dir = (dirRaw ?? (RTL_LANGS.has(lang.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr')) as 'ltr' | 'rtl';

  let image: FrontMatter['image'];
  const img = o['image'];
  if (img !== undefined && img !== null) {
    if (typeof img === 'string') image = { src: img };
    else if (typeof img === 'object' && !Array.isArray(img) && typeof (img as Record<string, unknown>)['src'] === 'string') {
      const i = img as Record<string, unknown>;
      const alt = typeof i['alt'] === 'string' ? i['alt'] : undefined;
      const caption = typeof i['caption'] === 'string' ? i['caption'] : undefined;
      image = { src: i['src'] as string, ...(alt === undefined ? {} : { alt }), ...(caption === undefined ? {} : { caption }) };
    } else bad('image', 'must be a path or {src, alt, caption}');
  }
  const sample = o['sample'] ?? false;
  if (typeof sample !== 'boolean') bad('sample', 'must be true or false');

  const updated = time('updated', false);
  const author = optString('author', 300);
  const summary = optString('summary', 2000);
  const source = optString('source', 2000);
  const front: FrontMatter = {
    id,
    title: reqString('title', 1000),
    date: time('date', true)!,
    ...(updated === undefined ? {} : { updated }),
    lang,
    dir,
    section: optString('section', 100) ?? 'News',
    ...(author === undefined ? {} : { author }),
    ...(summary === undefined ? {} : { summary }),
    ...(image === undefined ? {} : { image }),
    ...(source === undefined ? {} : { source }),
    sample: sample as boolean,
  };
  return { file, front, body };
}
