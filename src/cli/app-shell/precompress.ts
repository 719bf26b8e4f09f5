/**
 * Precompressed copies of the app shell's text files (`<file>.br`, `<file>.gz`), written once per
 * cached build, so `pigeonpost serve` (and any static host configured for it, docs/hosting.md)
 * sends brotli or gzip without compressing on every request. Brotli at quality 11 and gzip at
 * level 9: the build is cached, so the best ratio costs nothing later. A copy that would not be
 * smaller than the file is not written.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Extensions worth compressing. */
const TEXT = /\.(html|js|mjs|css|json|webmanifest|svg|txt|map|xml)$/i;
/** Below this size the headers outweigh the saving (bytes). */
const MIN_SIZE = 256;

/** Write `.br` and `.gz` beside every text file of `dir` listed in `files` (relative paths). */
export async function precompress(dir: string, files: readonly string[]): Promise<number> {
  let written = 0;
  for (const f of files) {
    if (!TEXT.test(f)) continue;
    const path = `${dir}/${f}`;
    const bytes = await readFile(path);
    if (bytes.length < MIN_SIZE) continue;
    const br = await brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
    const gzip9 = await gz(bytes, { level: 9 });
    if (br.length < bytes.length) {
      await writeFile(`${path}.br`, br);
      written++;
    }
    if (gzip9.length < bytes.length) {
      await writeFile(`${path}.gz`, gzip9);
      written++;
    }
  }
  return written;
}
