/**
 * Canonical JSON (format.md §2.1): the bytes must be exactly the canonical serialisation of what
 * they parse to. That one rule rejects duplicate keys, whitespace, key order, number spellings and
 * escape variants; `__proto__` / `constructor` / `prototype` keys are refused at any depth and
 * never pollute Object.prototype (checklist D.36, D.37).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalJson, canonicalMembers, joinMembers, parseCanonical, parseCanonicalBytes } from '../../../src/core/encoding/canonical-json.ts';
import { obj, str } from '../../../src/core/format/read.ts';
import { errorCode } from '../../helpers/error-code.ts';

const code = errorCode;

const protoKeys = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort();
const before = protoKeys();
afterEach(() => {
  expect(protoKeys()).toEqual(before);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
});

describe('canonicalJson (serialise)', () => {
  it('sorts keys by UTF-16 code units at every level, without whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' }, B: 0 })).toBe('{"B":0,"a":{"c":"x","d":[true,null]},"b":1}');
    // U+1F600 is the surrogate pair D83D DE00, which sorts before U+E000 by code units (not by code points).
    expect(canonicalJson({ '\ue000': 1, '😀': 2 })).toBe('{"😀":2,"\ue000":1}');
    expect(canonicalJson({ é: 1, z: 2, Z: 3 })).toBe('{"Z":3,"z":2,"é":1}');
  });

  it('writes strings as JSON.stringify does (only the mandatory escapes; lone surrogates escaped)', () => {
    expect(canonicalJson('a"b\\c\n\u0001/é')).toBe('"a\\"b\\\\c\\n\\u0001/é"');
    expect(canonicalJson('\ud800')).toBe('"\\ud800"');
  });

  it('allows only safe integers (no floats, -0, NaN, Infinity, 2^53)', () => {
    expect(canonicalJson([0, -1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER])).toBe('[0,-1,9007199254740991,-9007199254740991]');
    for (const n of [1.5, -0, NaN, Infinity, -Infinity, 2 ** 53, 1e300, 0.1]) expect(code(() => canonicalJson(n))).toBe('MALFORMED');
  });

  it('refuses values JSON cannot hold and forbidden keys', () => {
    for (const v of [undefined, () => 1, 10n, Symbol('s'), [undefined]]) expect(code(() => canonicalJson(v))).toBe('MALFORMED');
    for (const k of ['__proto__', 'constructor', 'prototype']) {
      const o = JSON.parse(`{"a":{${JSON.stringify(k)}:1}}`) as unknown;
      expect(code(() => canonicalJson(o))).toBe('MALFORMED');
    }
  });

  it('refuses nesting deeper than 64 levels, without overflowing the stack', () => {
    let ok: unknown = [];
    for (let i = 0; i < 64; i++) ok = [ok];
    expect(code(() => canonicalJson(ok))).toBe('OK');
    expect(code(() => canonicalJson([ok]))).toBe('MALFORMED');
  });
});

describe('parseCanonical (strict parse)', () => {
  it('accepts exactly the canonical text', () => {
    expect(parseCanonical('{"a":[1,"x",{"b":null}],"c":false}')).toEqual({ a: [1, 'x', { b: null }], c: false });
    expect(parseCanonical('"Городской"')).toBe('Городской');
    expect(parseCanonical('-9007199254740991')).toBe(-9007199254740991);
  });

  const rejected: [string, string][] = [
    ['duplicate keys', '{"a":1,"a":1}'],
    ['duplicate keys, different values', '{"a":1,"a":2}'],
    ['whitespace after colon', '{"a": 1}'],
    ['leading whitespace', ' {"a":1}'],
    ['trailing newline', '{"a":1}\n'],
    ['keys out of order', '{"b":1,"a":2}'],
    ['fraction', '{"a":1.5}'],
    ['integer spelled as float', '{"a":1.0}'],
    ['exponent', '{"a":1e3}'],
    ['negative zero', '{"a":-0}'],
    ['above MAX_SAFE_INTEGER', '{"a":9007199254740992}'],
    ['huge integer', '{"a":123456789012345678901234567890}'],
    ['leading zero', '{"a":01}'],
    ['escaped letter', '{"a":"\\u0041"}'],
    ['escaped solidus', '{"a":"\\/"}'],
    ['upper-case unicode escape', '{"a":"\\u001F"}'],
    ['escaped non-ASCII', '{"a":"\\u00e9"}'],
    ['__proto__ key', '{"__proto__":{"polluted":1}}'],
    ['__proto__ key spelled with an escape', '{"\\u005f_proto__":{"polluted":1}}'],
    ['nested constructor key', '{"a":{"constructor":{"prototype":{"polluted":1}}}}'],
    ['prototype key', '{"prototype":1}'],
    ['BOM', '\ufeff{"a":1}'],
    ['not JSON', '{a:1}'],
    ['NaN', 'NaN'],
    ['trailing comma', '[1,]'],
    ['empty input', ''],
  ];
  for (const [name, text] of rejected) {
    it(`rejects ${name} with MALFORMED`, () => {
      expect(code(() => parseCanonical(text))).toBe('MALFORMED');
    });
  }

  it('accepts an escaped lone surrogate as JSON, but document readers refuse it as a string field', () => {
    const v = parseCanonical('{"a":"\\ud800"}');
    expect(code(() => str(obj(v, 'doc'), 'a', 'doc'))).toBe('MALFORMED');
    // Raw UTF-8 encoding of a surrogate is not UTF-8 at all.
    expect(code(() => parseCanonicalBytes(new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22])))).toBe('MALFORMED');
  });

  it('rejects a UTF-8 BOM and invalid UTF-8 at the byte level', () => {
    expect(code(() => parseCanonicalBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d])))).toBe('MALFORMED');
    expect(code(() => parseCanonicalBytes(new Uint8Array([0x22, 0xc0, 0xaf, 0x22])))).toBe('MALFORMED');
  });

  it('rejects very deep nesting (100 000 levels) with MALFORMED, not a RangeError', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(code(() => parseCanonical(deep))).toBe('MALFORMED');
    const deepObj = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);
    expect(code(() => parseCanonical(deepObj))).toBe('MALFORMED');
  });

  it('round-trips: canonicalBytes → parseCanonicalBytes → canonicalBytes', () => {
    const doc = { _type: 'pigeonpost.timestamp', site: 'demo-news', list: [1, -2, 'Новости', { z: null, a: true }], n: 0 };
    const bytes = canonicalBytes(doc);
    expect(canonicalBytes(parseCanonicalBytes(bytes))).toEqual(bytes);
  });

  it('parsed objects with own "__proto__"-like data never reach Object.prototype', () => {
    expect(code(() => parseCanonical('{"a":{"__proto__":{"polluted":true}}}'))).toBe('MALFORMED');
    const o = parseCanonical('{"polluted":1,"toString":2,"valueOf":3}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(o['toString']).toBe(2);
  });
});

describe('parseCanonical agrees with the canonical serialiser (fast path ≡ definition)', () => {
  // Definition (format.md §2.1): text is canonical iff canonicalJson(JSON.parse(text)) === text.
  const byDefinition = (text: string): boolean => {
    try {
      return canonicalJson(JSON.parse(text)) === text;
    } catch {
      return false;
    }
  };
  const accepts = (text: string): boolean => code(() => parseCanonical(text)) === 'OK';
  const json = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);

  it('accepts the canonical form of any JSON value and returns an equal value', () => {
    fc.assert(
      fc.property(json, (v) => {
        let text: string;
        try {
          text = canonicalJson(v);
        } catch {
          return; // floats, -0, forbidden keys: not representable
        }
        expect(parseCanonical(text)).toEqual(v);
      }),
      { numRuns: 500 },
    );
  });

  it('decides exactly like the definition on arbitrary and re-spelled JSON texts', () => {
    const texts = fc.oneof(
      json.map((v) => JSON.stringify(v)), // insertion order, maybe unsorted
      json.map((v) => JSON.stringify(v, null, 1)), // whitespace
      fc.string(),
      fc.constantFrom('{"a":1,"a":1}', '{"b":1,"a":2}', '{"10":1,"9":2}', '{"9":1,"10":2}', '[1e3]', '[-0]', '[1.5]', '"\\u0041"', '"\\ud800"', '{"__proto__":1}'),
    );
    fc.assert(
      fc.property(texts, (t) => {
        expect(accepts(t)).toBe(byDefinition(t));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('canonicalMembers + joinMembers (one serialisation, two texts)', () => {
  const objects = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }).map((v) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>);
  const canonicalOrThrow = (v: unknown): string | 'throws' => {
    try {
      return canonicalJson(v);
    } catch {
      return 'throws';
    }
  };

  it('equals canonicalJson of the object, and of the object with one member added', () => {
    fc.assert(
      fc.property(objects, fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), (o, key, value) => {
        const expected = canonicalOrThrow(o);
        if (expected === 'throws') {
          expect(() => joinMembers(canonicalMembers(o))).toThrow();
          return;
        }
        const m = canonicalMembers(o);
        expect(joinMembers(m)).toBe(expected);
        if (Object.hasOwn(o, key)) {
          expect(() => joinMembers(m, { key, value })).toThrow(/member already/);
          return;
        }
        const withExtra = canonicalOrThrow({ ...o, [key]: JSON.parse(JSON.stringify(value)) });
        if (withExtra === 'throws') expect(() => joinMembers(m, { key, value: JSON.parse(JSON.stringify(value)) })).toThrow();
        else expect(joinMembers(m, { key, value: JSON.parse(JSON.stringify(value)) })).toBe(withExtra);
      }),
      { numRuns: 1000 },
    );
  });

  it('places the revision where canonical order puts it in an article payload', () => {
    const payload = { _type: 'pigeonpost.article', title: 't', published: '2030-01-01T00:00:00Z', section: 's', html: '<p>"x"</p>', images: [] };
    const m = canonicalMembers(payload);
    expect(joinMembers(m, { key: 'rev', value: 7 })).toBe(canonicalJson({ ...payload, rev: 7 }));
    expect(joinMembers(m, { key: 'rev', value: 7 })).toContain('"published":"2030-01-01T00:00:00Z","rev":7,"section":"s"');
    expect(() => joinMembers(m, { key: '__proto__', value: 1 })).toThrow(/forbidden key/);
  });
});
