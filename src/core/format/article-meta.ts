/**
 * Article metadata shared by index entries and article payloads (format.md §3.4, §3.5).
 */
import { PigeonError } from '../errors.ts';
import { ID_PATTERN, int, LANG_PATTERN, optStr, str, type Obj } from './read.ts';

/** ISO 8601 date-time with its original offset (`Z` or `±HH:MM`), as articles carry it. */
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The metadata every article has. */
export interface ArticleMeta {
  readonly id: string;
  readonly rev: number;
  readonly title: string;
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
  readonly section: string;
  readonly author?: string;
  readonly published: string;
  readonly updated?: string;
  readonly summary: string;
}

/** Read a date-time with offset; rejects impossible dates. */
export function readLocalTime(o: Obj, key: string, path: string): string {
  const v = str(o, key, path, { max: 40, pattern: LOCAL_TIME });
  // Date.parse rolls impossible days over (2026-02-30 → March 2) and accepts 24:00, so check
  // the calendar day and the hour separately.
  const [y, m, d] = v.slice(0, 10).split('-').map(Number) as [number, number, number];
  const realDay = new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d && m >= 1 && m <= 12;
  if (!realDay || Number(v.slice(11, 13)) > 23 || !Number.isFinite(Date.parse(v))) {
    throw new PigeonError('MALFORMED', `${path}.${key} is not a real date`);
  }
  return v;
}

/** The metadata keys, for exact-key checks. */
export const META_REQUIRED = ['id', 'rev', 'title', 'lang', 'dir', 'section', 'published', 'summary'] as const;
export const META_OPTIONAL = ['author', 'updated'] as const;

/** Read the shared metadata fields from `o`. */
export function readArticleMeta(o: Obj, path: string): ArticleMeta {
  const dir = str(o, 'dir', path);
  if (dir !== 'ltr' && dir !== 'rtl') throw new PigeonError('MALFORMED', `${path}.dir must be ltr or rtl`);
  const author = optStr(o, 'author', path, { max: 300 });
  const updated = Object.hasOwn(o, 'updated') ? readLocalTime(o, 'updated', path) : undefined;
  return {
    id: str(o, 'id', path, { pattern: ID_PATTERN }),
    rev: int(o, 'rev', path, 1),
    title: str(o, 'title', path, { min: 1, max: 1000 }),
    lang: str(o, 'lang', path, { pattern: LANG_PATTERN }),
    dir,
    section: str(o, 'section', path, { min: 1, max: 100 }),
    ...(author === undefined ? {} : { author }),
    published: readLocalTime(o, 'published', path),
    ...(updated === undefined ? {} : { updated }),
    summary: str(o, 'summary', path, { max: 2000 }),
  };
}
