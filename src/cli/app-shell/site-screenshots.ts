/**
 * A site's own install-dialog screenshots. The app ships pictures of itself on our sample site
 * (public/screenshots/, scripts/make-manifest-screenshots.ts); an operator who wants readers to see
 * their own stories puts PNGs of the same names and sizes in `<site>/screenshots/`, and publish
 * writes them over the shipped ones. A file of another size or format is refused: the manifest
 * declares the sizes, and the install dialog drops a screenshot whose size does not match.
 */
import { copyFile, readFile, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { MANIFEST_SCREENSHOTS } from './screenshots.ts';

/** Width and height of a PNG (read by sharp, as ingest reads pictures), or undefined for anything else. */
async function pngSize(bytes: Uint8Array): Promise<{ width: number; height: number } | undefined> {
  const meta = await sharp(bytes).metadata().catch(() => undefined);
  return meta?.format === 'png' && meta.width !== undefined && meta.height !== undefined ? { width: meta.width, height: meta.height } : undefined;
}

/** Copy the site's screenshots (those present) over the shell's in `out`; returns their names. */
export async function applySiteScreenshots(siteDir: string, out: string): Promise<string[]> {
  const used: string[] = [];
  for (const s of MANIFEST_SCREENSHOTS) {
    const name = basename(s.src);
    const from = join(siteDir, 'screenshots', name);
    const bytes = await readFile(from).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (!bytes) continue;
    const size = await pngSize(bytes);
    if (!size) throw new Error(`${from} is not a PNG file; the install dialog's screenshots must be PNG`);
    if (size.width !== s.width || size.height !== s.height) {
      throw new Error(`${from} is ${size.width}x${size.height}; it must be ${s.width}x${s.height} (${s.formFactor} screenshot of the ${s.label === 'list' ? 'front page' : 'article view'})`);
    }
    const dest = join(out, s.src);
    const tmp = `${dest}.tmp-${process.pid}`;
    await copyFile(from, tmp);
    await rename(tmp, dest);
    used.push(name);
  }
  return used;
}
