/**
 * Canonical JSON (format.md §2.1): the only JSON Pigeonpost signs or pins.
 *
 * Canonical form = `JSON.stringify` of the value with object keys sorted by UTF-16 code units,
 * no whitespace, integers only (|n| ≤ 2^53 − 1), no floats, no `-0`. Parsing is strict: the input
 * must be valid UTF-8 JSON that re-serialises to exactly the same text. That single comparison
 * rejects duplicate keys, whitespace games, escapes spelled two ways and non-integer numbers,
 * while keeping `JSON.parse` speed. Keys that could pollute prototypes are refused outright.
 */
import { PigeonError } from '../errors.ts';
import { fromUtf8, utf8 } from './bytes.ts';

/** A JSON value as Pigeonpost allows it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Serialise to canonical JSON text. Throws MALFORMED on values canonical JSON cannot hold. */
export function canonicalJson(value: unknown): string {
  return write(value, 0);
}

/**
 * The members of a plain object, serialised and in canonical order, for texts that differ only by
 * one top-level member (see {@link joinMembers}): the publisher hashes an article without its
 * revision and signs it with one, from a single serialisation.
 */
export interface CanonicalMembers {
  readonly keys: readonly string[];
  readonly texts: readonly string[];
}

/** Serialise the members of `obj` (a plain object) once. Throws as {@link canonicalJson}. */
export function canonicalMembers(obj: Record<string, unknown>): CanonicalMembers {
  return members(obj, 1);
}

/**
 * The canonical text of the object `m` came from, with `extra` added when given: equal to
 * `canonicalJson({ ...obj, [key]: value })`. The key must not be a member already.
 */
export function joinMembers(m: CanonicalMembers, extra?: { key: string; value: unknown }): string {
  if (!extra) return `{${m.texts.join(',')}}`;
  const { key, value } = extra;
  if (FORBIDDEN_KEYS.has(key)) throw new PigeonError('MALFORMED', `forbidden key "${key}"`);
  if (m.keys.includes(key)) throw new Error(`joinMembers: "${key}" is a member already`);
  if (value === undefined) return `{${m.texts.join(',')}}`;
  let at = 0;
  while (at < m.keys.length && m.keys[at]! < key) at++;
  const texts = [...m.texts];
  texts.splice(at, 0, member(key, value, 1));
  return `{${texts.join(',')}}`;
}

/** One `"key":value` member of an object at `depth`. */
function member(key: string, value: unknown, depth: number): string {
  if (FORBIDDEN_KEYS.has(key)) throw new PigeonError('MALFORMED', `forbidden key "${key}"`);
  return `${JSON.stringify(key)}:${write(value, depth)}`;
}

/** The members of an object whose values sit at `depth`, in canonical order (undefined values left out). */
function members(obj: Record<string, unknown>, depth: number): CanonicalMembers {
  const keys: string[] = [];
  const texts: string[] = [];
  for (const k of Object.keys(obj).sort()) {
    const v = obj[k];
    if (v === undefined) {
      if (FORBIDDEN_KEYS.has(k)) throw new PigeonError('MALFORMED', `forbidden key "${k}"`);
      continue;
    }
    keys.push(k);
    texts.push(member(k, v, depth));
  }
  return { keys, texts };
}

/** Canonical JSON as UTF-8 bytes. */
export function canonicalBytes(value: unknown): Uint8Array {
  return utf8(canonicalJson(value));
}

function write(value: unknown, depth: number): string {
  if (depth > 64) throw new PigeonError('MALFORMED', 'JSON nested too deeply');
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value) || Object.is(value, -0)) {
        throw new PigeonError('MALFORMED', `canonical JSON allows only safe integers, got ${String(value)}`);
      }
      return String(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => write(v, depth + 1)).join(',')}]`;
      return `{${members(value as Record<string, unknown>, depth + 1).texts.join(',')}}`;
    }
    default:
      throw new PigeonError('MALFORMED', `canonical JSON cannot hold a ${typeof value}`);
  }
}

/**
 * The shape rules of canonical JSON, checked on a parsed value without building any text: no
 * forbidden keys, only safe integers and no -0, bounded depth. Returns whether every object's own
 * key order (as `JSON.stringify` will write it) is strictly ascending in UTF-16 order; it is not
 * when keys look like array indices, which JavaScript orders numerically.
 */
function checkShape(value: unknown, depth: number): boolean {
  if (depth > 64) throw new PigeonError('MALFORMED', 'JSON nested too deeply');
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || Object.is(value, -0)) {
      throw new PigeonError('MALFORMED', `canonical JSON allows only safe integers, got ${String(value)}`);
    }
    return true;
  }
  if (typeof value !== 'object' || value === null) return true;
  let sorted = true;
  if (Array.isArray(value)) {
    for (const v of value) sorted = checkShape(v, depth + 1) && sorted;
    return sorted;
  }
  const obj = value as Record<string, unknown>;
  let prev: string | undefined;
  for (const k of Object.keys(obj)) {
    if (FORBIDDEN_KEYS.has(k)) throw new PigeonError('MALFORMED', `forbidden key "${k}"`);
    if (prev !== undefined && !(prev < k)) sorted = false;
    prev = k;
    sorted = checkShape(obj[k], depth + 1) && sorted;
  }
  return sorted;
}

/**
 * Parse canonical JSON text strictly. `what` names the document in error messages.
 * Returns `unknown`: callers narrow it with the readers in `format/read.ts`.
 *
 * Once the shape rules hold and the keys are already in order, the native `JSON.stringify` of the
 * parsed value IS its canonical form, so comparing it with the input rejects every other spelling
 * (duplicate keys, whitespace, escapes, key order, number forms) at native speed. Otherwise the
 * canonical serialiser decides (the definition, and the rare index-like keys).
 */
export function parseCanonical(text: string, what = 'document'): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PigeonError('MALFORMED', `${what} is not valid JSON`);
  }
  let again: string;
  try {
    again = checkShape(value, 0) ? JSON.stringify(value) : canonicalJson(value);
  } catch (e) {
    throw new PigeonError('MALFORMED', `${what}: ${(e as Error).message}`);
  }
  if (again !== text) {
    throw new PigeonError('MALFORMED', `${what} is not canonical JSON (duplicate keys, spacing, order or number form)`);
  }
  return value;
}

/** Strict UTF-8 decode + `parseCanonical`. */
export function parseCanonicalBytes(bytes: Uint8Array, what = 'document'): unknown {
  return parseCanonical(fromUtf8(bytes, what), what);
}

/**
 * Parse JSON without the canonical-form check, for bytes already matched against a hash that the
 * signed chain vouches for (articles inside a pack, index segments): the re-check exists to make
 * received bytes unambiguous before a signature over them is trusted, and pinned bytes are exactly
 * what the publisher pinned. Field checks still apply in the decoders.
 */
export function parsePinned(text: string, what = 'document'): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new PigeonError('MALFORMED', `${what} is not valid JSON`);
  }
}
