/**
 * The nearby-sync session (src/core/peer/session.ts) between two in-memory sides: both end with
 * the union of their articles; hostile peers (another site, unasked bundles, endless inventories,
 * silence, bundles that fail verification) end the session with nothing of theirs stored.
 */
import { describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from '../../../src/core/encoding/bytes.ts';
import { isPigeonError, PigeonError } from '../../../src/core/errors.ts';
import { toFrames } from '../../../src/core/peer/frame.ts';
import { DEFAULT_PEER_LIMITS, type PeerLimits } from '../../../src/core/peer/limits.ts';
import { helloMessage, inventoryMessage, wantMessage, type InventoryEntry } from '../../../src/core/peer/messages.ts';
import { PeerSession, type PeerLocal } from '../../../src/core/peer/session.ts';

const hash = (id: string, rev: number): string => (id.length.toString(16) + rev.toString(16)).padEnd(64, 'c').slice(0, 64);

/** A side storing entries in a map; a "bundle" is the JSON of its entries; `verify` may refuse one. */
function side(site: string, ids: Record<string, number>, verify: (e: InventoryEntry) => boolean = () => true) {
  const store = new Map<string, InventoryEntry>(Object.entries(ids).map(([id, rev]) => [id, { id, rev, sha256: hash(id, rev) }]));
  const local: PeerLocal = {
    site,
    rootVersion: 1,
    inventory: async () => [...store.values()],
    bundle: async (entries) => [utf8(JSON.stringify(entries))],
    importBundle: async (bytes, expected) => {
      const entries = JSON.parse(fromUtf8(bytes)) as InventoryEntry[];
      for (const e of entries) {
        const x = expected.get(e.id);
        if (!x || x.rev !== e.rev || x.sha256 !== e.sha256) throw new PigeonError('NOT_LISTED', `${e.id} was not asked for`);
        if (!verify(e)) throw new PigeonError('BAD_SIGNATURE', `${e.id} is forged`);
      }
      for (const e of entries) store.set(e.id, e);
      return { carried: entries.map((e) => e.id), stored: entries.length };
    },
  };
  return { local, store };
}

/** Connect two sessions through in-memory channels. */
function connect(a: PeerLocal, b: PeerLocal, limits: PeerLimits = DEFAULT_PEER_LIMITS) {
  // eslint-disable-next-line prefer-const
  let sa: PeerSession, sb: PeerSession;
  const deliver = (to: () => PeerSession) => async (f: Uint8Array) => {
    const copy = f.slice();
    queueMicrotask(() => to().receive(copy));
  };
  sa = new PeerSession({ local: a, send: deliver(() => sb), limits, tickMs: 20 });
  sb = new PeerSession({ local: b, send: deliver(() => sa), limits, tickMs: 20 });
  return { sa, sb };
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (!isPigeonError(e)) throw e;
    return e.code;
  }
}

describe('nearby-sync session', () => {
  it('both sides end with the same articles, newer revisions winning', async () => {
    const a = side('news', { one: 1, two: 2, three: 1 });
    const b = side('news', { two: 1, four: 1, three: 1 });
    const { sa, sb } = connect(a.local, b.local);
    const [ra, rb] = await Promise.all([sa.run(), sb.run()]);
    expect([...a.store.keys()].sort()).toEqual(['four', 'one', 'three', 'two']);
    expect([...b.store.keys()].sort()).toEqual(['four', 'one', 'three', 'two']);
    expect(b.store.get('two')?.rev).toBe(2);
    expect(a.store.get('two')?.rev).toBe(2);
    expect(ra).toMatchObject({ wanted: 1, received: 1, sent: 2, missing: 0 });
    expect(rb).toMatchObject({ wanted: 2, received: 2, sent: 1, missing: 0 });
  });

  it('many articles across many inventory, want and bundle messages', async () => {
    const many = Object.fromEntries(Array.from({ length: 1234 }, (_, i) => [`story-${i}`, 1]));
    const a = side('news', many);
    const b = side('news', {});
    const { sa, sb } = connect(a.local, b.local, { ...DEFAULT_PEER_LIMITS, maxFrameBytes: 1024, bundleMaxArticles: 50 });
    const [, rb] = await Promise.all([sa.run(), sb.run()]);
    expect(b.store.size).toBe(1234);
    expect(rb.received).toBe(1234);
  });

  it('a device of another publisher is refused before any inventory is exchanged', async () => {
    const a = side('news', { one: 1 });
    const b = side('other', { two: 1 });
    const { sa, sb } = connect(a.local, b.local);
    const [ca, cb] = await Promise.all([codeOf(sa.run()), codeOf(sb.run())]);
    expect(ca).toBe('WRONG_SITE');
    expect(cb).toBe('WRONG_SITE');
    expect(a.store.has('two')).toBe(false);
  });

  it('a forged bundle ends the session and nothing of it is stored', async () => {
    const a = side('news', { good: 1, forged: 1 });
    const b = side('news', {}, (e) => e.id !== 'forged');
    const { sa, sb } = connect(a.local, b.local);
    const [ca, cb] = await Promise.all([codeOf(sa.run()), codeOf(sb.run())]);
    expect(cb).toBe('BAD_SIGNATURE');
    expect(ca).toBe('ABORTED'); // told by the other side
    expect(b.store.size).toBe(0);
  });

  /** A scripted hostile peer: sends the given messages' frames, and answers nothing else. */
  async function hostile(script: (send: (f: Uint8Array) => void) => void, limits: PeerLimits = DEFAULT_PEER_LIMITS) {
    const victim = side('news', { mine: 1 });
    const s = new PeerSession({ local: victim.local, send: async () => undefined, limits, tickMs: 10 });
    const run = s.run();
    script((f) => s.receive(f));
    return { code: await codeOf(run), victim };
  }

  it('an endless inventory is cut off at the announced count', async () => {
    const { code } = await hostile((send) => {
      for (const f of toFrames(helloMessage({ site: 'news', rootVersion: 1, entries: 3 }), DEFAULT_PEER_LIMITS)) send(f);
      for (let i = 0; i < 100; i++) {
        const entries = [{ id: `x${i}`, rev: 1, sha256: hash('x', i) }];
        for (const f of toFrames(inventoryMessage({ entries, more: true }), DEFAULT_PEER_LIMITS)) send(f);
      }
    });
    expect(code).toBe('TOO_LARGE');
  });

  it('an endless message is cut off at its cap', async () => {
    const limits = { ...DEFAULT_PEER_LIMITS, maxFrameBytes: 1024, maxBundleBytes: 64 * 1024 };
    const { code, victim } = await hostile((send) => {
      for (const f of toFrames(helloMessage({ site: 'news', rootVersion: 1, entries: 0 }), limits)) send(f);
      for (const f of toFrames(inventoryMessage({ entries: [], more: false }), limits)) send(f);
      for (const f of toFrames(wantMessage({ ids: [], more: false }), limits)) send(f);
      const frame = new Uint8Array(1024);
      frame[0] = 4; // bundle, never the last frame
      for (let i = 0; i < 1000; i++) send(frame);
    }, limits);
    expect(code).toBe('TOO_LARGE');
    expect(victim.store.size).toBe(1);
  });

  it('a peer asking for an article never offered, or a bundle never asked for, is dropped', async () => {
    const { code } = await hostile((send) => {
      for (const f of toFrames(helloMessage({ site: 'news', rootVersion: 1, entries: 0 }), DEFAULT_PEER_LIMITS)) send(f);
      for (const f of toFrames(inventoryMessage({ entries: [], more: false }), DEFAULT_PEER_LIMITS)) send(f);
      for (const f of toFrames(wantMessage({ ids: ['secret'], more: false }), DEFAULT_PEER_LIMITS)) send(f);
    });
    expect(code).toBe('NOT_LISTED');
    const { code: c2, victim } = await hostile((send) => {
      for (const f of toFrames(helloMessage({ site: 'news', rootVersion: 1, entries: 0 }), DEFAULT_PEER_LIMITS)) send(f);
      for (const f of toFrames(inventoryMessage({ entries: [], more: false }), DEFAULT_PEER_LIMITS)) send(f);
      for (const f of toFrames(wantMessage({ ids: [], more: false }), DEFAULT_PEER_LIMITS)) send(f);
      for (const f of toFrames({ kind: 'bundle', body: utf8(JSON.stringify([{ id: 'x', rev: 1, sha256: hash('x', 1) }])) }, DEFAULT_PEER_LIMITS)) send(f);
    });
    expect(c2).toBe('NOT_LISTED');
    expect([...victim.store.keys()]).toEqual(['mine']);
  });

  it('a silent peer times out; cancelling ends the session', async () => {
    const { code } = await hostile(() => undefined, { ...DEFAULT_PEER_LIMITS, idleDeadlineMs: 50 });
    expect(code).toBe('TIMEOUT');
    const victim = side('news', {});
    const ac = new AbortController();
    const s = new PeerSession({ local: victim.local, send: async () => undefined, signal: ac.signal });
    const run = codeOf(s.run());
    ac.abort();
    expect(await run).toBe('ABORTED');
  });
});
