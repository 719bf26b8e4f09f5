/**
 * `pigeonpost publish --car <file>`: every repository object the tree's timestamp reaches (the
 * manifest, the index segments, the packs), as one CARv1 file for an IPFS pinning service or
 * `ipfs dag import`. Each object is one raw block (codec 0x55) whose CID is derived from the
 * SHA-256 its pin already carries (src/core/format/cid.ts), so a gateway that serves the CAR's
 * blocks serves exactly the bytes readers verify. The CAR's root is the manifest.
 */
import { createWriteStream } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { CarWriter } from '@ipld/car/writer';
import { objectCidOf } from '../../core/format/cid.ts';
import { planPush } from '../push/tree-plan.ts';
import { CliError } from '../util/errors.ts';
import { sha256Node } from './objects.ts';

/** What was written. */
export interface CarSummary {
  readonly file: string;
  readonly root: string;
  readonly blocks: number;
  readonly bytes: number;
}

/** Write the CAR of the tree in `treeDir` to `file` (atomically: a temporary file, then a rename). */
export async function writeCar(treeDir: string, file: string): Promise<CarSummary> {
  const plan = await planPush(treeDir);
  const manifest = plan.timestamp.manifest.sha256;
  const order = [manifest, ...[...plan.referenced].filter((s) => s !== manifest).sort()];
  const target = resolve(file);
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const { writer, out } = CarWriter.create([objectCidOf(manifest)]);
  const stream = createWriteStream(tmp, { flags: 'wx' });
  const piping = (async () => {
    for await (const chunk of out) if (!stream.write(chunk)) await once(stream, 'drain');
    stream.end();
    await once(stream, 'finish');
  })();
  piping.catch(() => undefined); // awaited below; a failure before then is reported by the put
  let bytes = 0;
  try {
    for (const sha of order) {
      const data = new Uint8Array(await readFile(join(plan.dir, 'objects', sha)));
      if (sha256Node(data) !== sha) throw new CliError(`objects/${sha} in ${plan.dir} is damaged (its SHA-256 is not its name)`);
      await writer.put({ cid: objectCidOf(sha), bytes: data });
      bytes += data.length;
    }
    await writer.close();
    await piping;
    await rename(tmp, target);
  } catch (e) {
    stream.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
  return { file: target, root: objectCidOf(manifest).toString(), blocks: order.length, bytes };
}
