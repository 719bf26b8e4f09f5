/**
 * Article images on the publisher's side (src/cli/site/images.ts): resolved inside the site folder
 * and hashed once, without keeping their bytes, then read again for packing, where a picture that
 * changed or disappeared in between is refused instead of being packed under the old hash.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPack } from '../../src/cli/publish/packs.ts';
import { ImageResolver, readImageBytes } from '../../src/cli/site/images.ts';
import { CliError } from '../../src/cli/util/errors.ts';
import { decodePack } from '../../src/core/format/pack.ts';
import { cleanup, tempDir } from './helpers.ts';

/** A tiny valid PNG header plus `fill` (sniffing only looks at the magic bytes). */
const png = (fill: number): Uint8Array => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(64).fill(fill)]);

describe('article images', () => {
  let site: string;
  beforeAll(async () => {
    site = await tempDir();
    await mkdir(join(site, 'media'));
    await writeFile(join(site, 'media', 'a.png'), png(1));
  });
  afterAll(() => cleanup(site));

  it('resolves an image to its hash, type and size without keeping its bytes', () => {
    const img = new ImageResolver(site).resolve('media/a.png', 'articles/x.md');
    expect(img).toMatchObject({ path: 'media/a.png', type: 'image/png', size: 72 });
    expect(img.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect('bytes' in img).toBe(false);
  });

  it('reads the bytes again for a pack, and refuses a picture that changed or disappeared since', async () => {
    const img = new ImageResolver(site).resolve('media/a.png', 'articles/x.md');
    expect(readImageBytes(site, img)).toEqual(png(1));
    const item = { id: 'x', section: 'News', published: '2030-01-01T00:00:00Z', envelope: new TextEncoder().encode('{}'), images: [{ sha256: img.sha256, type: img.type, path: img.path }] };
    const records = decodePack(new Uint8Array(gunzipSync(buildPack([item], site).object.gz)));
    expect(records.filter((r) => r.kind === 'image').map((r) => (r.kind === 'image' ? [r.sha256, [...r.bytes]] : []))).toEqual([[img.sha256, [...png(1)]]]);

    await writeFile(join(site, 'media', 'a.png'), png(2));
    expect(() => readImageBytes(site, img)).toThrow(CliError);
    expect(() => buildPack([item], site)).toThrow(/image "media\/a\.png" changed while publishing; publish again/);
    await rm(join(site, 'media', 'a.png'));
    expect(() => buildPack([item], site)).toThrow(/image "media\/a\.png" disappeared while publishing; publish again/);
  });
});
