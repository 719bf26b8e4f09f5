/**
 * Every pack and index segment publish writes stays within 1 MiB (the IPFS block size older nodes
 * accept; format.md §6): an oversized pack is split and rebuilt, keeping its articles' order; an
 * oversized segment is split with each half pinning its own entries' packs; a single article over
 * the cap is refused with its name. The inputs are incompressible, so gzip cannot hide the size.
 */
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildPack, buildPacksWithin, MAX_OBJECT_BYTES, type PackItem } from '../../src/cli/publish/packs.ts';
import { buildSegments } from '../../src/cli/publish/segments.ts';
import type { EntryWire, PackState } from '../../src/cli/publish/state.ts';

const hex = (n: number): string => n.toString(16).padStart(64, '0');

function item(id: string, bytes: number): PackItem {
  return { id, section: 'News', published: '2030-01-01T10:00:00Z', envelope: new Uint8Array(randomBytes(bytes)), images: [] };
}

describe('the 1 MiB object cap', () => {
  it('splits a pack that would be larger, in order, each part within the cap', async () => {
    const plan = Array.from({ length: 10 }, (_, i) => item(`a${i}`, 300_000));
    const packs = await buildPacksWithin(plan, async (p) => buildPack(p, '/nonexistent'));
    expect(packs.length).toBeGreaterThanOrEqual(3);
    for (const p of packs) expect(p.object.gz.length).toBeLessThanOrEqual(MAX_OBJECT_BYTES);
    expect(packs.flatMap((p) => p.ids)).toEqual(plan.map((i) => i.id));
    const small = await buildPacksWithin(plan.slice(0, 2), async (p) => buildPack(p, '/nonexistent'));
    expect(small).toHaveLength(1);
  });

  it('refuses one article that alone is over the cap, naming it', async () => {
    await expect(buildPacksWithin([item('huge-story', 1_200_000)], async (p) => buildPack(p, '/nonexistent'))).rejects.toThrow(/article "huge-story" with its 0 image\(s\) is 1\.\d\d MiB compressed, over the 1 MiB pack limit/);
  });

  it('splits an index segment that would be larger, each half pinning its own packs', () => {
    const pins = new Map<string, PackState>();
    const entries: EntryWire[] = [];
    for (let i = 0; i < 6000; i++) {
      const pack = hex(Math.floor(i / 100) + 1);
      pins.set(pack, { sha256: pack, length: 1000, size: 2000, count: 100 });
      entries.push({
        id: `story-${i}`,
        rev: 1,
        title: randomBytes(60).toString('base64'),
        lang: 'en',
        dir: 'ltr',
        section: 'News',
        published: '2030-01-01T10:00:00Z',
        summary: randomBytes(150).toString('base64'),
        pack,
        envelope: { sha256: hex(100000 + i), length: 5000 },
        image_bytes: 0,
      });
    }
    const segs = buildSegments('cap-test', entries, [{ id: 'gone', rev: 2 }], pins);
    expect(segs.length).toBeGreaterThan(1);
    const ids: string[] = [];
    for (const s of segs) {
      expect(s.object.gz.length).toBeLessThanOrEqual(MAX_OBJECT_BYTES);
      const doc = JSON.parse(gunzipSync(s.object.gz).toString('utf8')) as { articles: EntryWire[]; packs: { sha256: string }[] };
      const pinned = new Set(doc.packs.map((p) => p.sha256));
      for (const e of doc.articles) expect(pinned.has(e.pack)).toBe(true);
      ids.push(...doc.articles.map((e) => e.id));
    }
    expect(ids.sort()).toEqual(entries.map((e) => e.id).sort());
    expect(segs.reduce((n, s) => n + s.state.removed.length, 0)).toBe(1);
  });
});
