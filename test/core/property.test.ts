/**
 * Property tests (GitHub issue 2, item 6) with fast-check and real crypto:
 *
 * 1. Every decoder and verifier of the trust core, fed arbitrary bytes, arbitrary strings,
 *    arbitrary JSON values or structured mutations of valid documents, either returns or throws a
 *    PigeonError — never a TypeError, RangeError or anything else — and never pollutes
 *    Object.prototype (checklist D.36, D.37).
 * 2. Any single-byte change anywhere in a signed timestamp, root, manifest or article envelope is
 *    rejected by the corresponding verification (checklist A.1, A.2). Every byte position is
 *    enumerated; fast-check picks the replacement byte.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PigeonError } from '../../src/core/errors.ts';
import { fromBase64url, fromHex, toHex, utf8 } from '../../src/core/encoding/bytes.ts';
import { canonicalJson, parseCanonicalBytes } from '../../src/core/encoding/canonical-json.ts';
import { gunzip, gzip } from '../../src/core/encoding/gzip.ts';
import { sha256Hex } from '../../src/core/crypto/sha256.ts';
import { decodeEnvelope } from '../../src/core/format/envelope.ts';
import { decodeRoot, decodeRootEnvelope, type Root } from '../../src/core/format/root.ts';
import { decodeTimestamp } from '../../src/core/format/timestamp.ts';
import { decodeManifest } from '../../src/core/format/manifest.ts';
import { decodeIndexSegment, type IndexEntry } from '../../src/core/format/index-segment.ts';
import { decodeArticle } from '../../src/core/format/article.ts';
import { decodePack, PACK_MAGIC } from '../../src/core/format/pack.ts';
import { openObject } from '../../src/core/trust/object.ts';
import { openPack } from '../../src/core/trust/pack.ts';
import { verifyTimestamp } from '../../src/core/trust/timestamp.ts';
import { verifyManifest } from '../../src/core/trust/manifest.ts';
import { verifyArticleEnvelope } from '../../src/core/trust/article.ts';
import { verifyAnchor, verifyRootStep } from '../../src/core/trust/root-chain.ts';
import { buildIndexView } from '../../src/core/trust/index-view.ts';
import { newKeys, sampleArticle, TestRepo } from '../helpers/test-repo.ts';

// ---------------------------------------------------------------------------------------------
// Fixtures: a small real repository (one key for both roles keeps the root small)
// ---------------------------------------------------------------------------------------------

let repo: TestRepo;
let root: Root;
let ts: Uint8Array;
let manifestBytes: Uint8Array;
let articleEnv: Uint8Array;
let segmentRaw: Uint8Array;
let packRaw: Uint8Array;
let entries: IndexEntry[];
let payloads: { timestamp: Record<string, unknown>; manifest: Record<string, unknown>; article: Record<string, unknown>; root: Record<string, unknown>; index: Record<string, unknown> };

const payloadOf = (env: Uint8Array): Record<string, unknown> => JSON.parse((JSON.parse(new TextDecoder().decode(env)) as { payload: string }).payload) as Record<string, unknown>;

beforeAll(async () => {
  const one = await newKeys(1);
  repo = await TestRepo.create({ keys: { root: one, publish: one }, mirrors: [{ url: 'https://a.example/' }] });
  repo.addArticle(sampleArticle(3, { section: 'City', paragraphs: ['Короткий текст.'] }));
  repo.addArticle(sampleArticle(4, { section: 'City', paragraphs: ['Short text.'] }));
  const p = await repo.publish();
  root = (await verifyAnchor(repo.anchor)).root;
  ts = repo.files.get('timestamp.json')!;
  manifestBytes = p.manifestBytes;
  articleEnv = repo.published('story-3').envelope;
  segmentRaw = await gunzip(repo.files.get(`objects/${p.segment!.sha256}`)!, p.segment!.size);
  packRaw = await gunzip(repo.files.get(`objects/${p.packs[0]!.sha256}`)!, p.packs[0]!.size);
  entries = [...decodeIndexSegment(segmentRaw).entries];
  payloads = {
    timestamp: payloadOf(ts),
    manifest: payloadOf(manifestBytes),
    article: payloadOf(articleEnv),
    root: payloadOf(repo.anchor),
    index: JSON.parse(new TextDecoder().decode(segmentRaw)) as Record<string, unknown>,
  };
});

// ---------------------------------------------------------------------------------------------
// "Throws only PigeonError" and "no pollution"
// ---------------------------------------------------------------------------------------------

const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort().join();
function unpolluted(): boolean {
  const probe = {} as Record<string, unknown>;
  return Object.getOwnPropertyNames(Object.prototype).sort().join() === PROTO_KEYS && probe['polluted'] === undefined && probe['isAdmin'] === undefined && Object.getPrototypeOf(probe) === Object.prototype;
}
afterEach(() => expect(unpolluted()).toBe(true));

/** Run `f`; true when it returned or threw/rejected with a PigeonError (and nothing got polluted). */
async function onlyPigeon(f: () => unknown): Promise<boolean> {
  let ok = true;
  try {
    await f();
  } catch (e) {
    if (!(e instanceof PigeonError)) {
      // Surface the offending exception in the fast-check report.
      throw new Error(`non-PigeonError escaped: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
    ok = true;
  }
  return ok && unpolluted();
}

/** Every decoder/verifier that takes bytes. */
function byteDecoders(): [string, (b: Uint8Array) => unknown][] {
  return [
    ['parseCanonicalBytes', (b) => parseCanonicalBytes(b)],
    ['decodeEnvelope', (b) => decodeEnvelope(b)],
    ['decodeRootEnvelope', (b) => decodeRootEnvelope(b)],
    ['verifyAnchor', (b) => verifyAnchor(b)],
    ['verifyRootStep', (b) => verifyRootStep(root, b)],
    ['decodeIndexSegment', (b) => decodeIndexSegment(b)],
    ['decodeIndexSegment (pinned)', (b) => decodeIndexSegment(b, 'x', { pinned: true })],
    ['decodePack', (b) => decodePack(b)],
    ['gunzip', (b) => gunzip(b, 4096)],
    ['gunzip exact', (b) => gunzip(b, 4096, 'x', 100)],
    ['openObject', async (b) => openObject(b, { sha256: await sha256Hex(b), length: b.length, size: 64 }, 'x')],
    ['openObject (pin of other bytes)', (b) => openObject(b, { sha256: 'a'.repeat(64), length: Math.max(1, b.length), size: 10 }, 'x')],
    ['openPack', (b) => openPack(b, entries, 'demo-news')],
    ['verifyTimestamp', (b) => verifyTimestamp(root, b, { now: repo.now, stored: { version: 1, bytes: ts } })],
    ['verifyManifest', (b) => verifyManifest(root, b, { now: repo.now, pinnedVersion: 1, storedVersion: 1 })],
    ['verifyArticleEnvelope', (b) => verifyArticleEnvelope(root, b)],
  ];
}

/** Every decoder that takes a parsed JSON value. */
function valueDecoders(): [string, (v: unknown) => unknown][] {
  return [
    ['decodeTimestamp', (v) => decodeTimestamp(v)],
    ['decodeManifest', (v) => decodeManifest(v)],
    ['decodeArticle', (v) => decodeArticle(v)],
    ['decodeRoot', (v) => decodeRoot(v)],
    ['decodeIndexSegment (as canonical bytes)', (v) => decodeIndexSegment(utf8(canonicalJson(v)))],
    ['decodeIndexSegment (pinned, as JSON bytes)', (v) => decodeIndexSegment(utf8(JSON.stringify(v) ?? 'null'), 'x', { pinned: true })],
    ['canonicalJson', (v) => canonicalJson(v)],
  ];
}

async function allBytes(b: Uint8Array): Promise<boolean> {
  for (const [, f] of byteDecoders()) if (!(await onlyPigeon(() => f(b)))) return false;
  return true;
}
async function allValues(v: unknown): Promise<boolean> {
  for (const [, f] of valueDecoders()) if (!(await onlyPigeon(() => f(v)))) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

const FIELD_NAMES = [
  '_type', 'spec_version', 'site', 'version', 'expires', 'published', 'root_version', 'manifest', 'sha256', 'length', 'size', 'count',
  'payload', 'signatures', 'keyid', 'sig', 'keys', 'roles', 'root', 'publish', 'keyids', 'threshold', 'type', 'public', 'id', 'name', 'lang',
  'mirrors', 'url', 'segments', 'articles', 'removed', 'packs', 'rev', 'title', 'dir', 'section', 'author', 'updated', 'summary', 'pack',
  'envelope', 'image_bytes', 'html', 'images', 'alt', 'lead', 'source', 'kind',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'polluted', 'isAdmin', '',
];
const INTERESTING = [
  null, true, false, 0, 1, -1, 2, 17, 42, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 255, 256, 511, 512, 65536,
  '', 'x', 'demo-news', 'pigeonpost.timestamp', 'pigeonpost.manifest', 'pigeonpost.root', 'pigeonpost.index', 'pigeonpost.article',
  'ed25519', 'image/png', 'image/svg+xml', 'ltr', 'rtl', 'en', 'ru', '2026-11-28T20:00:00Z', '2020-01-01T00:00:00Z', '2026-11-20T21:30:00+03:00',
  'a'.repeat(64), 'A'.repeat(64), '0'.repeat(64), 'https://a.example/', 'ftp://a/', '../etc/passwd', 'a%2Fb', 'a\u0000b', '\ud800', '__proto__',
  'AAAA', 'x'.repeat(1000),
];

/** JSON text of objects with own `__proto__`-like keys, sorted and unique so it can be canonical. */
function jsonTextOf(depth: number): fc.Arbitrary<string> {
  const scalar = fc.oneof(fc.constantFrom(...INTERESTING).map((v) => JSON.stringify(v)), fc.integer().map(String), fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)));
  if (depth === 0) return scalar;
  const inner = jsonTextOf(depth - 1);
  const array = fc.array(inner, { maxLength: 4 }).map((a) => `[${a.join(',')}]`);
  const object = fc.uniqueArray(fc.tuple(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 6 })), inner), { maxLength: 7, selector: ([k]) => k }).map((kv) => {
    const sorted = [...kv].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${sorted.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
  });
  return fc.oneof(scalar, array, object);
}
const jsonText = jsonTextOf(3);

/** A parsed JSON value (objects may have own `__proto__` keys, as JSON.parse makes them). */
const jsonValue: fc.Arbitrary<unknown> = fc.oneof(jsonText.map((t) => JSON.parse(t) as unknown), fc.jsonValue());

/** Replace the value at a random path of `doc` with `v` (or delete it). */
function mutate(doc: unknown, pathSeed: number[], v: unknown, del: boolean): unknown {
  const copy = structuredClone(doc) as unknown;
  let node = copy as Record<string, unknown> | unknown[];
  for (let i = 0; i < pathSeed.length; i++) {
    const keys = Array.isArray(node) ? node.map((_, j) => String(j)) : Object.keys(node);
    if (keys.length === 0) break;
    const k = keys[pathSeed[i]! % keys.length]!;
    const child = (node as Record<string, unknown>)[k];
    const last = i === pathSeed.length - 1 || typeof child !== 'object' || child === null;
    if (last) {
      if (del && !Array.isArray(node)) delete (node as Record<string, unknown>)[k];
      else (node as Record<string, unknown>)[k] = v;
      return copy;
    }
    node = child as Record<string, unknown>;
  }
  return copy;
}

// ---------------------------------------------------------------------------------------------
// 1. Decoders throw only PigeonError
// ---------------------------------------------------------------------------------------------

describe('every decoder throws only PigeonError, on anything', () => {
  it('arbitrary bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), allBytes), { numRuns: 300 });
  });

  it('bytes that look like our formats (JSON text, gzip, pack framing, envelope framing)', async () => {
    const gz = fc.uint8Array({ maxLength: 200 }).map((b) => b); // raw material, gzip applied in the property
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          jsonText.map((t) => utf8(t)),
          jsonText.map((t) => utf8(`{"payload":${JSON.stringify(t)},"signatures":[]}`)),
          fc.tuple(jsonText, fc.uint8Array({ maxLength: 40 })).map(([h, body]) => new Uint8Array([...utf8(`${PACK_MAGIC}${h}\n`), ...body, 0x0a])),
          fc.tuple(fc.nat(200), fc.constantFrom('article', 'image', 'x'), fc.uint8Array({ maxLength: 40 })).map(([n, kind, body]) =>
            new Uint8Array([...utf8(`${PACK_MAGIC}{"kind":"${kind}","length":${n}}\n`), ...body, 0x0a]),
          ),
        ),
        allBytes,
      ),
      { numRuns: 300 },
    );
    await fc.assert(fc.asyncProperty(gz, async (raw) => allBytes(await gzip(raw))), { numRuns: 40 });
  });

  it('single-byte mutations of every valid document and object', async () => {
    const docs = () => [ts, manifestBytes, articleEnv, repo.anchor, segmentRaw, packRaw];
    await fc.assert(
      fc.asyncProperty(fc.nat(5), fc.nat(), fc.integer({ min: 0, max: 255 }), async (which, at, byte) => {
        const d = docs()[which]!.slice();
        d[at % d.length] = byte;
        return allBytes(d);
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary strings: fromBase64url and fromHex', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 100, unit: 'binary' }), fc.nat(64), async (s, n) => {
        return (await onlyPigeon(() => fromBase64url(s))) && (await onlyPigeon(() => fromBase64url(s, 'x', n))) && (await onlyPigeon(() => fromHex(s, n))) && (await onlyPigeon(() => fromHex(s.toLowerCase(), s.length >> 1)));
      }),
      { numRuns: 1000 },
    );
  });

  it('arbitrary JSON values, including own "__proto__" / "constructor" keys', async () => {
    await fc.assert(fc.asyncProperty(jsonValue, allValues), { numRuns: 500 });
  });

  it('structured mutations of valid payloads (a field replaced by anything, or deleted)', async () => {
    const docs = () => [payloads.timestamp, payloads.manifest, payloads.article, payloads.root, payloads.index];
    await fc.assert(
      fc.asyncProperty(fc.nat(4), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), jsonValue, fc.boolean(), async (which, path, v, del) => allValues(mutate(docs()[which], path, v, del))),
      { numRuns: 600 },
    );
  });

  it('structured mutations of valid payloads, signed with the real publish/root key (reaching past the signature check)', async () => {
    const docs = () => [payloads.timestamp, payloads.manifest, payloads.article, payloads.root];
    await fc.assert(
      fc.asyncProperty(fc.nat(3), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), jsonValue, fc.boolean(), async (which, path, v, del) => {
        const doc = mutate(docs()[which], path, v, del);
        let bytes: Uint8Array;
        try {
          bytes = await repo.sign(doc);
        } catch (e) {
          return e instanceof PigeonError; // not representable as canonical JSON
        }
        return allBytes(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('index views of arbitrary (structurally valid) segments', async () => {
    const id = fc.constantFrom('a', 'b', 'c');
    const e = fc.record({ id, rev: fc.integer({ min: 1, max: 4 }), pack: fc.constantFrom('1', '2').map((c) => c.repeat(64)), env: fc.constantFrom('3', '4').map((c) => c.repeat(64)) });
    const seg = fc.record({ entries: fc.uniqueArray(e, { maxLength: 3, selector: (x) => x.id }), removed: fc.array(fc.record({ id, rev: fc.integer({ min: 1, max: 4 }) }), { maxLength: 2 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(seg, { maxLength: 4 }), async (segs) =>
        onlyPigeon(() =>
          buildIndexView(
            segs.map((s) => ({
              site: 'demo-news',
              removed: s.removed,
              entries: s.entries.map((x) => ({ ...entries[0]!, id: x.id, rev: x.rev, pack: x.pack, envelope: { sha256: x.env, length: 10 } })),
              packs: ['1', '2'].map((c) => ({ sha256: c.repeat(64), length: 1, size: 1, count: 1 })),
            })),
            'demo-news',
          ),
        ),
      ),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Any single-byte change in a signed document is rejected
// ---------------------------------------------------------------------------------------------

/**
 * For every byte position of `doc`, let fast-check pick `runs` replacement bytes (different from
 * the original) and require `verify` to reject the result with a PigeonError.
 */
async function everyByteRejected(doc: Uint8Array, verify: (b: Uint8Array) => Promise<unknown>, runs: number): Promise<Map<string, number>> {
  expect(await onlyPigeon(() => verify(doc))).toBe(true);
  await verify(doc); // the unmodified document is accepted
  const codes = new Map<string, number>();
  for (let at = 0; at < doc.length; at++) {
    const original = doc[at]!;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 255 }).filter((b) => b !== original), async (byte) => {
        const d = doc.slice();
        d[at] = byte;
        try {
          await verify(d);
        } catch (e) {
          if (!(e instanceof PigeonError)) throw e;
          codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
          return true;
        }
        throw new Error(`byte ${at} changed from ${original} to ${byte} was accepted: ${toHex(d.subarray(Math.max(0, at - 8), at + 8))}`);
      }),
      { numRuns: runs, seed: 0x5eed + at },
    );
  }
  return codes;
}

describe('any single-byte change in a signed document is rejected', () => {
  it('timestamp (verifyTimestamp)', async () => {
    const codes = await everyByteRejected(ts, (b) => verifyTimestamp(root, b, { now: repo.now }), 4);
    expect(codes.get('BAD_SIGNATURE')).toBeGreaterThan(0);
    expect(codes.get('MALFORMED')).toBeGreaterThan(0);
  }, 60_000);

  it('manifest (verifyManifest, decompressed envelope)', async () => {
    await everyByteRejected(manifestBytes, (b) => verifyManifest(root, b, { now: repo.now, pinnedVersion: 1 }), 3);
  }, 60_000);

  it('manifest object as stored (openObject + verifyManifest)', async () => {
    const pin = repo.history[0]!.manifest;
    const gz = repo.files.get(`objects/${pin.sha256}`)!;
    await everyByteRejected(gz, async (b) => verifyManifest(root, await openObject(b, pin, 'manifest'), { now: repo.now, pinnedVersion: 1 }), 2);
  }, 60_000);

  it('article envelope, Russian text (verifyArticleEnvelope)', async () => {
    await everyByteRejected(articleEnv, (b) => verifyArticleEnvelope(root, b), 2);
  }, 60_000);

  it('root (verifyAnchor: self-signed trust anchor)', async () => {
    await everyByteRejected(repo.anchor, (b) => verifyAnchor(b), 1);
  }, 60_000);

  it('root version 2 (verifyRootStep against version 1)', async () => {
    const r = await TestRepo.create({ keys: { root: repo.rootKeys, publish: repo.publishKeys } });
    const v1 = (await verifyAnchor(r.anchor)).root;
    const v2 = await r.addRoot();
    await everyByteRejected(v2, (b) => verifyRootStep(v1, b), 1);
  }, 60_000);

  it('random positions and bytes in every signed document (fast-check picks both)', async () => {
    const docs: [Uint8Array, (b: Uint8Array) => Promise<unknown>][] = [
      [ts, (b) => verifyTimestamp(root, b, { now: repo.now })],
      [manifestBytes, (b) => verifyManifest(root, b, { now: repo.now, pinnedVersion: 1 })],
      [articleEnv, (b) => verifyArticleEnvelope(root, b)],
      [repo.anchor, (b) => verifyAnchor(b)],
    ];
    await fc.assert(
      fc.asyncProperty(fc.nat(3), fc.nat(), fc.integer({ min: 1, max: 255 }), async (which, at, delta) => {
        const [doc, verify] = docs[which]!;
        const d = doc.slice();
        const i = at % d.length;
        d[i] = (d[i]! + delta) & 0xff;
        try {
          await verify(d);
        } catch (e) {
          return e instanceof PigeonError;
        }
        return false;
      }),
      { numRuns: 400 },
    );
  });
});
