/**
 * Pack framing (format.md §3.6): magic line, canonical JSON record headers of at most 512 bytes,
 * exact record lengths each followed by "\n". Anything else is MALFORMED (or UNSUPPORTED for a
 * forbidden image type), never another exception.
 */
import { describe, expect, it } from 'vitest';
import { concatBytes, utf8 } from '../../../src/core/encoding/bytes.ts';
import { decodePack, encodePack, PACK_MAGIC, type PackRecord } from '../../../src/core/format/pack.ts';
import { errorCode, tinyImage } from '../../helpers/test-repo.ts';

const H = 'ab'.repeat(32);
const article = utf8('{"payload":"{}","signatures":[]}');
const image = tinyImage('image/png', 1);
const RECORDS: PackRecord[] = [
  { kind: 'article', bytes: article },
  { kind: 'image', sha256: H, type: 'image/png', bytes: image },
];

/** A pack from raw text pieces (headers and bodies spelled by hand). */
const raw = (...parts: (string | Uint8Array)[]): Uint8Array => concatBytes(parts.map((p) => (typeof p === 'string' ? utf8(p) : p)));

describe('encodePack / decodePack', () => {
  it('round-trips records byte for byte', () => {
    const bytes = encodePack(RECORDS);
    expect(new TextDecoder().decode(bytes.subarray(0, PACK_MAGIC.length))).toBe('PIGEONPOST-PACK-1\n');
    const back = decodePack(bytes);
    expect(back).toHaveLength(2);
    expect(back[0]).toEqual({ kind: 'article', bytes: article });
    expect(back[1]).toEqual({ kind: 'image', sha256: H, type: 'image/png', bytes: image });
  });

  it('accepts an empty pack and zero-length bodies', () => {
    expect(decodePack(utf8(PACK_MAGIC))).toEqual([]);
    expect(decodePack(raw(PACK_MAGIC, '{"kind":"article","length":0}\n\n'))).toEqual([{ kind: 'article', bytes: new Uint8Array(0) }]);
  });

  it('bad magic → MALFORMED', () => {
    for (const m of ['', 'PIGEONPOST-PACK-2\n', 'pigeonpost-pack-1\n', 'PIGEONPOST-PACK-1', '\x1f\x8b']) {
      expect(errorCode(() => decodePack(raw(m, '{"kind":"article","length":0}\n\n'))), JSON.stringify(m)).toBe('MALFORMED');
    }
  });

  it('truncated anywhere but at a record boundary → MALFORMED (a cut at a boundary is caught by the pack pin)', () => {
    const bytes = encodePack(RECORDS);
    const boundary = encodePack(RECORDS.slice(0, 1)).length;
    expect(decodePack(bytes.subarray(0, boundary))).toHaveLength(1);
    for (let cut = PACK_MAGIC.length + 1; cut < bytes.length; cut++) {
      if (cut === boundary) continue;
      expect(errorCode(() => decodePack(bytes.subarray(0, cut))), `cut at ${cut}`).toBe('MALFORMED');
    }
  });

  it('a body longer or shorter than its header says, or without the closing newline → MALFORMED', () => {
    expect(errorCode(() => decodePack(raw(PACK_MAGIC, '{"kind":"article","length":3}\nabcd\n')))).toBe('MALFORMED');
    expect(errorCode(() => decodePack(raw(PACK_MAGIC, '{"kind":"article","length":5}\nabcd\n')))).toBe('MALFORMED');
    expect(errorCode(() => decodePack(raw(PACK_MAGIC, '{"kind":"article","length":4}\nabcdX')))).toBe('MALFORMED');
    expect(errorCode(() => decodePack(raw(PACK_MAGIC, '{"kind":"article","length":9007199254740991}\nabcd\n')))).toBe('MALFORMED');
    expect(errorCode(() => decodePack(raw(PACK_MAGIC, '{"kind":"article","length":-1}\n\n')))).toBe('MALFORMED');
  });

  it('a header longer than 512 bytes (no newline in sight) → MALFORMED', () => {
    expect(errorCode(() => decodePack(raw(PACK_MAGIC, 'x'.repeat(600))))).toBe('MALFORMED');
    expect(errorCode(() => decodePack(raw(PACK_MAGIC, `{"kind":"article","length":0,"pad":"${'p'.repeat(600)}"}\n\n`)))).toBe('MALFORMED');
  });

  it('unknown record kinds, extra or missing header fields, non-canonical headers → MALFORMED', () => {
    const bad = [
      '{"kind":"script","length":0}\n\n',
      '{"kind":"manifest","length":0}\n\n',
      '{"length":0}\n\n',
      '{"kind":"article"}\n\n',
      '{"kind":"article","length":0,"sha256":"' + H + '"}\n\n',
      '{"kind":"image","length":0,"type":"image/png"}\n\n',
      '{"length":0,"kind":"article"}\n\n',
      '{"kind": "article","length":0}\n\n',
      '{"kind":"article","length":0.0}\n\n',
      '["article",0]\n\n',
      '\n\n',
      '{"kind":"image","length":0,"sha256":"' + H.toUpperCase() + '","type":"image/png"}\n\n',
    ];
    for (const h of bad) expect(errorCode(() => decodePack(raw(PACK_MAGIC, h))), h).toBe('MALFORMED');
  });

  it('an image record of a forbidden type (SVG) → UNSUPPORTED', () => {
    expect(errorCode(() => decodePack(raw(PACK_MAGIC, `{"kind":"image","length":0,"sha256":"${H}","type":"image/svg+xml"}\n\n`)))).toBe('UNSUPPORTED');
  });

  it('invalid UTF-8 in a header → MALFORMED', () => {
    expect(errorCode(() => decodePack(raw(PACK_MAGIC, new Uint8Array([0x7b, 0xff, 0x7d, 0x0a, 0x0a]))))).toBe('MALFORMED');
  });
});
