/**
 * Packs (format.md §3.6): the transfer unit. A pack is gzip of
 *
 *   "PIGEONPOST-PACK-1\n"
 *   then records, each:  <header: canonical JSON>"\n" <length bytes> "\n"
 *   header = {"kind":"article","length":N} | {"kind":"image","length":N,"sha256":"<hex>","type":"image/..."}
 *
 * Records are opaque bytes here; the caller checks each against its pin (index entry or article).
 */
import { PigeonError } from '../errors.ts';
import { concatBytes, fromUtf8, utf8 } from '../encoding/bytes.ts';
import { canonicalJson, parseCanonical } from '../encoding/canonical-json.ts';
import { IMAGE_TYPES, type ImageType } from './article.ts';
import { int, obj, SHA256_PATTERN, str } from './read.ts';

/** The magic first line. */
export const PACK_MAGIC = 'PIGEONPOST-PACK-1\n';
const MAX_HEADER = 512;
const MAX_RECORDS = 100_000;

/** One record of a pack. */
export type PackRecord =
  | { readonly kind: 'article'; readonly bytes: Uint8Array }
  | { readonly kind: 'image'; readonly sha256: string; readonly type: ImageType; readonly bytes: Uint8Array };

/** Serialise records to (uncompressed) pack bytes. */
export function encodePack(records: readonly PackRecord[]): Uint8Array {
  const parts: Uint8Array[] = [utf8(PACK_MAGIC)];
  const nl = utf8('\n');
  for (const r of records) {
    const header = r.kind === 'article' ? { kind: 'article', length: r.bytes.length } : { kind: 'image', length: r.bytes.length, sha256: r.sha256, type: r.type };
    parts.push(utf8(canonicalJson(header)), nl, r.bytes, nl);
  }
  return concatBytes(parts);
}

/** Parse uncompressed pack bytes strictly. Records are views into `bytes`. */
export function decodePack(bytes: Uint8Array, what = 'pack'): PackRecord[] {
  const magic = utf8(PACK_MAGIC);
  for (let i = 0; i < magic.length; i++) {
    if (bytes[i] !== magic[i]) throw new PigeonError('MALFORMED', `${what} does not start with ${PACK_MAGIC.trim()}`);
  }
  const out: PackRecord[] = [];
  let at = magic.length;
  while (at < bytes.length) {
    if (out.length >= MAX_RECORDS) throw new PigeonError('MALFORMED', `${what} has too many records`);
    const limit = Math.min(bytes.length, at + MAX_HEADER);
    let nl = at;
    while (nl < limit && bytes[nl] !== 0x0a) nl++;
    if (nl >= limit) throw new PigeonError('MALFORMED', `${what}: record header at byte ${at} is missing or too long`);
    const p = `${what} record ${out.length}`;
    const h = obj(parseCanonical(fromUtf8(bytes.subarray(at, nl), p), p), p);
    const kind = h['kind'];
    const length = int(h, 'length', p, 0, bytes.length);
    const start = nl + 1;
    const end = start + length;
    if (end + 1 > bytes.length || bytes[end] !== 0x0a) throw new PigeonError('MALFORMED', `${p} is truncated`);
    const body = bytes.subarray(start, end);
    if (kind === 'article') {
      obj(h, p, { required: ['kind', 'length'] });
      out.push({ kind: 'article', bytes: body });
    } else if (kind === 'image') {
      obj(h, p, { required: ['kind', 'length', 'sha256', 'type'] });
      const type = str(h, 'type', p);
      if (!(IMAGE_TYPES as readonly string[]).includes(type)) throw new PigeonError('UNSUPPORTED', `${p}: image type not allowed`);
      out.push({ kind: 'image', sha256: str(h, 'sha256', p, { pattern: SHA256_PATTERN }), type: type as ImageType, bytes: body });
    } else {
      throw new PigeonError('MALFORMED', `${p} has unknown kind`);
    }
    at = end + 1;
  }
  return out;
}
