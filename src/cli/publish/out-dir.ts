/**
 * The output folder of a publish (`--out`): made ready, and proved writable, before any work, so a
 * folder that cannot take the tree (procfs, a read-only mount, no permission) fails within a
 * second with one line instead of after minutes of rendering (or, on procfs, never: Node's
 * recursive mkdir spins there). Also reads the mirror list a tree already signs, for a publish that
 * has no state of its own yet.
 */
import { randomBytes } from 'node:crypto';
import { open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeEnvelope } from '../../core/format/envelope.ts';
import { decodeManifest } from '../../core/format/manifest.ts';
import { decodeTimestamp } from '../../core/format/timestamp.ts';
import { gunzip } from '../../core/encoding/gzip.ts';
import { CliError, systemErrorText } from '../util/errors.ts';
import { makeDirs, readOptional } from '../util/fs.ts';

/**
 * Create `out` if needed and check that a file can be written in it; throws a one-line CliError.
 * Returns true when `out` did not exist before.
 */
export async function prepareOutDir(out: string): Promise<boolean> {
  const probe = join(out, `.pigeonpost-probe-${randomBytes(6).toString('hex')}`);
  const existed = await stat(out).then(() => true, () => false);
  try {
    await makeDirs(out);
    const h = await open(probe, 'wx');
    try {
      await h.writeFile('probe\n');
    } finally {
      await h.close();
    }
  } catch (e) {
    const reason = systemErrorText(e) ?? (e instanceof Error ? e.message : String(e));
    throw new CliError(`--out ${out}: cannot write the mirror tree there (${reason}); choose a writable folder`, 1, 'OUT_NOT_WRITABLE');
  } finally {
    await rm(probe, { force: true }).catch(() => {});
  }
  return !existed;
}

/** The signed mirror list of the tree in `out`, or undefined when it has none that can be read. */
export async function signedMirrorsInTree(out: string): Promise<string[] | undefined> {
  try {
    const ts = await readOptional(join(out, 'timestamp.json'));
    if (!ts) return undefined;
    const pin = decodeTimestamp(decodeEnvelope(ts, 'timestamp').payload).manifest;
    const stored = await readOptional(join(out, 'objects', pin.sha256));
    if (!stored) return undefined;
    const manifest = decodeManifest(decodeEnvelope(await gunzip(stored, pin.size, 'manifest'), 'manifest').payload);
    return manifest.mirrors.map((m) => m.url);
  } catch {
    return undefined; // not a tree this publisher can read: nothing to keep
  }
}
