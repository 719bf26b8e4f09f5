/**
 * A site's own install-dialog screenshots. The app ships pictures of itself on our sample site
 * (public/screenshots/, scripts/make-manifest-screenshots.ts); an operator who wants readers to see
 * their own stories puts PNGs of the same names and sizes in `<site>/screenshots/`, and publish
 * writes them over the shipped ones. A file of another size or format is refused: the manifest
 * declares the sizes, and the install dialog drops a screenshot whose size does not match.
 */
import { copyFile, readFile, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { MANIFEST_SCREENSHOTS } from './screenshots.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height of a PNG, or undefined for anything else. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 24 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
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
    const size = pngSize(bytes);
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
