/**
 * Framing and message guards of nearby sync (src/core/peer/frame.ts, messages.ts): round trips,
 * every cap, and property tests on arbitrary frames (the assembler either returns messages or
 * throws a PigeonError, never anything else, and never keeps more than its caps allow).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPigeonError } from '../../../src/core/errors.ts';
import { FrameAssembler, KIND, messageCap, toFrames, type KindName } from '../../../src/core/peer/frame.ts';
import { DEFAULT_PEER_LIMITS, type PeerLimits } from '../../../src/core/peer/limits.ts';
import { helloMessage, inventoryMessage, readDone, readError, readHello, readInventory, readWant, wantMessage } from '../../../src/core/peer/messages.ts';
import { utf8 } from '../../../src/core/encoding/bytes.ts';

const small: PeerLimits = { ...DEFAULT_PEER_LIMITS, maxFrameBytes: 64, maxControlBytes: 256, maxListBytes: 1024, maxBundleBytes: 4096, sessionBudgetBytes: 16 * 1024, maxEntriesPerMessage: 4, maxEntries: 10 };
const KINDS = Object.keys(KIND) as KindName[];
const sha = 'a'.repeat(64);

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (!isPigeonError(e)) throw e;
    return e.code;
  }
}

describe('frames', () => {
  it('split and reassemble any message within its cap', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.uint8Array({ maxLength: 1024 }), (kind, body) => {
        fc.pre(body.length <= messageCap(kind, small));
        const frames = toFrames({ kind, body }, small);
        expect(frames.every((f) => f.length <= small.maxFrameBytes)).toBe(true);
        const a = new FrameAssembler(small);
        const out = frames.map((f) => a.push(f, 0));
        expect(out.slice(0, -1).every((m) => m === undefined)).toBe(true);
        expect(out.at(-1)).toEqual({ kind, body });
        expect(a.pending).toBe(false);
      }),
    );
  });

  it('arbitrary frames give messages or a PigeonError, and never exceed the caps', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 80 }), { maxLength: 60 }), (frames) => {
        const a = new FrameAssembler(small);
        try {
          for (const f of frames) {
            const m = a.push(f, 0);
            if (m) expect(m.body.length).toBeLessThanOrEqual(messageCap(m.kind, small));
          }
        } catch (e) {
          expect(isPigeonError(e)).toBe(true);
        }
        expect(a.received).toBeLessThanOrEqual(small.sessionBudgetBytes + 80);
      }),
    );
  });

  it('refuses oversized frames, unknown kinds and flags, kind changes mid-message', () => {
    expect(codeOf(() => new FrameAssembler(small).push(new Uint8Array(65).fill(1), 0))).toBe('TOO_LARGE');
    expect(codeOf(() => new FrameAssembler(small).push(Uint8Array.of(9, 1), 0))).toBe('MALFORMED');
    expect(codeOf(() => new FrameAssembler(small).push(Uint8Array.of(1, 3), 0))).toBe('MALFORMED');
    expect(codeOf(() => new FrameAssembler(small).push(Uint8Array.of(1), 0))).toBe('MALFORMED');
    const a = new FrameAssembler(small);
    a.push(Uint8Array.of(KIND.bundle, 0, 1, 2), 0);
    expect(codeOf(() => a.push(Uint8Array.of(KIND.hello, 1), 0))).toBe('MALFORMED');
  });

  it('cuts off an endless message at its cap, and an endless session at its budget', () => {
    const a = new FrameAssembler(small);
    const chunk = new Uint8Array(64);
    chunk[0] = KIND.bundle;
    let n = 0;
    expect(
      codeOf(() => {
        for (;;) {
          a.push(chunk, 0);
          n++;
        }
      }),
    ).toBe('TOO_LARGE');
    expect(n * 62).toBeLessThanOrEqual(small.maxBundleBytes);
    // Many small complete messages: the session budget ends them.
    const b = new FrameAssembler(small);
    const done = toFrames({ kind: 'done', body: new Uint8Array(60) }, small)[0]!;
    expect(
      codeOf(() => {
        for (;;) b.push(done, 0);
      }),
    ).toBe('TOO_LARGE');
    expect(b.received).toBeLessThanOrEqual(small.sessionBudgetBytes + 64);
  });

  it('enforces the message deadline and the minimum throughput', () => {
    const limits = { ...small, messageDeadlineMs: 10_000, throughputGraceMs: 1000, throughputWindowMs: 1000, minBytesPerSec: 100 };
    const a = new FrameAssembler(limits);
    a.push(Uint8Array.of(KIND.bundle, 0, 1), 0);
    expect(codeOf(() => a.check(2000))).toBe('TOO_SLOW');
    const b = new FrameAssembler({ ...limits, minBytesPerSec: 0 });
    b.push(Uint8Array.of(KIND.bundle, 0, 1), 0);
    expect(codeOf(() => b.check(5000))).toBeUndefined();
    expect(codeOf(() => b.check(10_001))).toBe('TIMEOUT');
  });
});

describe('message guards', () => {
  it('round-trip hello, inventory and want', () => {
    expect(readHello(helloMessage({ site: 'demo-news', rootVersion: 2, entries: 3 }), small)).toEqual({ site: 'demo-news', rootVersion: 2, entries: 3 });
    const entries = [{ id: 'a-1', rev: 1, sha256: sha }];
    expect(readInventory(inventoryMessage({ entries, more: true }), small)).toEqual({ entries, more: true });
    expect(readWant(wantMessage({ ids: ['a-1'], more: false }), small)).toEqual({ ids: ['a-1'], more: false });
  });

  it('refuse too many entries, bad ids, hashes, unknown fields and other kinds', () => {
    const five = Array.from({ length: 5 }, (_, i) => ({ id: `a${i}`, rev: 1, sha256: sha }));
    expect(codeOf(() => readInventory(inventoryMessage({ entries: five, more: false }), small))).toBe('MALFORMED');
    expect(codeOf(() => readHello(helloMessage({ site: 'x', rootVersion: 1, entries: 11 }), small))).toBe('TOO_LARGE');
    const raw = (kind: KindName, v: unknown) => ({ kind, body: utf8(JSON.stringify(v)) });
    expect(codeOf(() => readInventory(raw('inventory', { entries: [['../x', 1, sha]], more: false }), small))).toBe('MALFORMED');
    expect(codeOf(() => readInventory(raw('inventory', { entries: [['x', 0, sha]], more: false }), small))).toBe('MALFORMED');
    expect(codeOf(() => readInventory(raw('inventory', { entries: [['x', 1, 'ab']], more: false }), small))).toBe('MALFORMED');
    expect(codeOf(() => readWant(raw('want', { ids: ['x'], more: false, extra: 1 }), small))).toBe('MALFORMED');
    expect(codeOf(() => readWant(raw('want', { ids: [1], more: false }), small))).toBe('MALFORMED');
    expect(codeOf(() => readHello(raw('hello', { v: 2, site: 'x', root: 1, entries: 0 }), small))).toBe('UNSUPPORTED');
    expect(codeOf(() => readHello({ kind: 'hello', body: utf8('{"v":1,"site":"x","root":1,"entries":0,"__proto__":{"x":1}}') }, small))).toBe('MALFORMED');
    expect(codeOf(() => readDone(raw('want', { sent: 1 })))).toBe('MALFORMED');
    expect(codeOf(() => readError({ kind: 'error', body: Uint8Array.of(0xff, 0xfe) }))).toBe('MALFORMED');
  });

  it('arbitrary bodies never escape the guards', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json().map((j) => utf8(j)), fc.uint8Array({ maxLength: 200 })), (body) => {
        for (const read of [() => readHello({ kind: 'hello', body }, small), () => readInventory({ kind: 'inventory', body }, small), () => readWant({ kind: 'want', body }, small), () => readDone({ kind: 'done', body }), () => readError({ kind: 'error', body })]) {
          try {
            read();
          } catch (e) {
            expect(isPigeonError(e)).toBe(true);
          }
        }
      }),
    );
  });
});

describe('an error cutting into a message', () => {
  it('abandons the message under way and delivers the error', () => {
    const a = new FrameAssembler(small);
    a.push(Uint8Array.of(KIND.bundle, 0, 1, 2), 0);
    const m = a.push(Uint8Array.of(KIND.error, 1, 123, 125), 0);
    expect(m?.kind).toBe('error');
    expect(a.pending).toBe(false);
  });
});
