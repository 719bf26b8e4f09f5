/**
 * Content-addressed objects (format.md §2.3): gzip-compressed bytes stored as `objects/<sha256>`,
 * pinned by `{sha256, length, size}`.
 *
 * Every object published is also kept in `<site>/.pigeonpost/objects/`, so any `--out` directory
 * (a fresh one, or a damaged one) can be made complete again: immutable packs cannot be rebuilt
 * from the articles once those have changed.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';
import { CliError } from '../util/errors.ts';
import { readOptional, writeFileAtomic } from '../util/fs.ts';
import type { PinState } from './state.ts';

/**
 * zlib level for objects. Measured on the 10,000-article benchmark (docs/benchmarks.md "Publish"):
 * level 9 costs noticeably more time than 6 for about 1 % fewer bytes on text-heavy packs.
 */
export const GZIP_LEVEL = 6;

/** An object ready to write. */
export interface BuiltObject {
  readonly pin: PinState;
  readonly gz: Uint8Array;
}

/** sha256 hex of bytes (node:crypto; the CLI may use Node built-ins). */
export function sha256Node(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** gzip `raw` and pin it. Deterministic: Node's gzip header carries no time or name. */
export function buildObject(raw: Uint8Array): BuiltObject {
  const gz = new Uint8Array(gzipSync(raw, { level: GZIP_LEVEL, strategy: constants.Z_DEFAULT_STRATEGY }));
  return { pin: { sha256: sha256Node(gz), length: gz.length, size: raw.length }, gz };
}

/** The publisher's own copy of every object it published. */
export class ObjectCache {
  readonly dir: string;
  constructor(stateDir: string) {
    this.dir = join(stateDir, 'objects');
  }

  /** Store `obj` (no-op when already present). */
  async put(obj: BuiltObject): Promise<void> {
    const path = join(this.dir, obj.pin.sha256);
    const have = await readOptional(path);
    if (have && have.length === obj.gz.length && sha256Node(have) === obj.pin.sha256) return;
    await writeFileAtomic(path, obj.gz);
  }

  /** Read an object and check its hash; throws a CliError when it is missing or damaged. */
  async get(sha256: string): Promise<Uint8Array> {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(join(this.dir, sha256)));
    } catch {
      throw new CliError(`object ${sha256} is missing from both the output and ${this.dir}; publish into the previous output directory, or delete .pigeonpost/ to republish everything`);
    }
    if (sha256Node(bytes) !== sha256) throw new CliError(`${join(this.dir, sha256)} is damaged (hash mismatch); delete it and publish into the previous output directory`);
    return bytes;
  }
}
