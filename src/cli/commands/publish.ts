/** `pigeonpost publish <site-dir> --out <dir> [--mirror URL]... [--allow-mirror-removal] [--json] [--no-app] [--car <file>] [--zip <file>]` */
import { writeCar } from '../publish/car.ts';
import { publishSite } from '../publish/publish-site.ts';
import { checkZipTarget, zipMirrorTree } from '../publish/zip-tree.ts';
import { referenceTime } from '../util/clock.ts';
import { listFlag, parseCommand, requiredFlag, stringFlag } from '../util/args.ts';
import { Progress, publishProgress } from '../util/progress.ts';

const HELP = `Usage: pigeonpost publish <site-dir> --out <dir> [--mirror URL]... [--car FILE] [--zip FILE] [--json]

Render, sanitise, sign and pack the site's articles and write the complete static mirror tree:
root/1..N.json, root.json, objects/<sha256> (manifest, index segments, packs), timestamp.json,
and the reader app shell when available. Incremental: unchanged articles keep their packs, and
re-running with no change rewrites only timestamp.json. Copy the tree to any static host.
On a terminal, a line shows how many articles are rendered and packs built so far.

The signed mirror list is site.json "mirrors" (edit it with pigeonpost mirrors add|remove).
A publish refuses an empty list, and one that drops a mirror the last publish signed.
--out must lie outside the site folder (the site folder holds the private keys).

Options:
  --out DIR                output directory (the mirror tree)
  --mirror URL             also sign this mirror, for this publish only (repeatable)
  --allow-mirror-removal   sign the list even if it drops mirrors the last publish signed
  --json                   print a machine-readable summary (failures too)
  --no-app                 do not build the reader app shell into the tree
  --car FILE               also write every object of the tree as one CAR file (for IPFS pinning services)
  --zip FILE               also write the whole tree as one zip: a mirror in a file for USB sticks,
                           SD cards and messengers, which the reader app opens and syncs from
  -h, --help               show this help

Testing: the hidden option --now <ISO time> (or PIGEONPOST_NOW) sets the clock.`;

/** Run `publish`. */
export async function publishCommand(argv: string[]): Promise<number> {
  const { flags, positionals, help } = parseCommand(
    'publish',
    argv,
    { out: { type: 'string' }, mirror: { type: 'string', multiple: true }, 'allow-mirror-removal': { type: 'boolean' }, json: { type: 'boolean' }, 'no-app': { type: 'boolean' }, car: { type: 'string' }, zip: { type: 'string' }, now: { type: 'string' } },
    { min: 1, max: 1, names: ['site-dir'] },
  );
  if (help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const out = requiredFlag('publish', flags, 'out');
  const now = referenceTime(stringFlag(flags, 'now'));
  const json = flags['json'] === true;
  const mirrors = listFlag(flags, 'mirror');
  const zipFile = stringFlag(flags, 'zip');
  if (zipFile !== undefined) checkZipTarget(out, zipFile);
  // With --json, stdout carries only the summary: log lines (ours and the app build's) go to stderr.
  const stdoutWrite = process.stdout.write;
  const toStderr = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  if (json) process.stdout.write = toStderr;
  // A terminal gets one updating progress line (a large first publish renders for a while); logs
  // and --json output stay as they are.
  const progress = !json && process.stdout.isTTY ? new Progress(process.stdout, process.stderr) : undefined;
  let summary;
  try {
    summary = await publishSite(positionals[0]!, {
      out,
      now,
      appShell: flags['no-app'] !== true,
      ...(mirrors.length ? { mirrors } : {}),
      allowMirrorRemoval: flags['allow-mirror-removal'] === true,
      log: (line) => (progress ? progress.info(line) : process.stdout.write(line + '\n')),
      warn: (line) => (progress ? progress.warn(line.replace(/^warning: /, '')) : process.stderr.write(line + '\n')),
      ...(progress ? { progress: publishProgress(progress) } : {}),
    });
  } finally {
    progress?.finish();
    process.stdout.write = stdoutWrite;
  }
  // --car: every object of the new tree as one CAR file, for IPFS pinning (publish/car.ts).
  const carFile = stringFlag(flags, 'car');
  const car = carFile === undefined ? undefined : await writeCar(out, carFile);
  if (car && !json) process.stdout.write(`wrote ${car.file}: ${car.blocks} objects (${car.bytes} bytes), root ${car.root}\n`);
  // --zip: the whole tree as one file, a mirror for a USB stick (publish/zip-tree.ts).
  const zip = zipFile === undefined ? undefined : await zipMirrorTree(out, zipFile);
  if (zip && !json) process.stdout.write(`Wrote the mirror file ${zip.file} (${zip.bytes} bytes, ${zip.entries} files)\n`);
  if (json) process.stdout.write(JSON.stringify({ ok: true, ...summary, ...(car ? { car } : {}), ...(zip ? { zip } : {}) }, null, 2) + '\n');
  return 0;
}
