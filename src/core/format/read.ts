/**
 * Narrowing readers for untrusted JSON (parse, don't trust). Each takes `unknown` and either
 * returns a typed value or throws a MALFORMED PigeonError naming the exact field.
 * Own properties only: a parsed object never consults its prototype.
 */
import { PigeonError } from '../errors.ts';

/** A parsed JSON object, read through own properties only. */
export type Obj = Readonly<Record<string, unknown>>;

function bad(path: string, expected: string): never {
  throw new PigeonError('MALFORMED', `${path} must be ${expected}`, { field: path });
}

/** Require a plain object; optionally require that it has exactly the listed keys (plus optional ones). */
export function obj(value: unknown, path: string, keys?: { required: readonly string[]; optional?: readonly string[] }): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(path, 'an object');
  const o = value as Obj;
  if (keys) {
    const allowed = new Set([...keys.required, ...(keys.optional ?? [])]);
    for (const k of Object.keys(o)) if (!allowed.has(k)) bad(`${path}.${k}`, 'absent (unknown field)');
    for (const k of keys.required) if (!Object.hasOwn(o, k)) bad(`${path}.${k}`, 'present');
  }
  return o;
}

/** Own property or undefined. */
export function field(o: Obj, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** A string of bounded length, optionally matching a pattern. */
export function str(o: Obj, key: string, path: string, opts: { max?: number; min?: number; pattern?: RegExp } = {}): string {
  const v = field(o, key);
  const p = `${path}.${key}`;
  if (typeof v !== 'string') bad(p, 'a string');
  if (v.length < (opts.min ?? 0)) bad(p, `at least ${opts.min} characters`);
  if (v.length > (opts.max ?? 1_000_000)) bad(p, `at most ${opts.max ?? 1_000_000} characters`);
  if (opts.pattern && !opts.pattern.test(v)) bad(p, `of the form ${opts.pattern.source}`);
  if (!v.isWellFormed()) bad(p, 'well-formed Unicode');
  return v;
}

/** An optional string (absent → undefined). */
export function optStr(o: Obj, key: string, path: string, opts: { max?: number; pattern?: RegExp } = {}): string | undefined {
  return Object.hasOwn(o, key) ? str(o, key, path, opts) : undefined;
}

/** A safe integer within [min, max]. */
export function int(o: Obj, key: string, path: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const v = field(o, key);
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
    bad(`${path}.${key}`, `an integer from ${min} to ${max}`);
  }
  return v;
}

/** A boolean. */
export function bool(o: Obj, key: string, path: string): boolean {
  const v = field(o, key);
  if (typeof v !== 'boolean') bad(`${path}.${key}`, 'true or false');
  return v;
}

/** An array of at most `max` items, each read by `item`. */
export function arr<T>(o: Obj, key: string, path: string, max: number, item: (v: unknown, path: string) => T): T[] {
  const v = field(o, key);
  const p = `${path}.${key}`;
  if (!Array.isArray(v)) bad(p, 'an array');
  if (v.length > max) bad(p, `at most ${max} items`);
  return v.map((x, i) => item(x, `${p}[${i}]`));
}

/** Site ids, article ids and section slugs: safe in URLs, file names and DOM ids (checklist 39). */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,95}$/;
/** Site ids are shorter. */
export const SITE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** BCP 47 language tags (a practical subset). */
export const LANG_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$/;
/** SHA-256 hex. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
