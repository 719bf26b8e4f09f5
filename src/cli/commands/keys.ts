/** `pigeonpost keys rotate <site-dir> --role publish|root` */
import { rotateKeys } from '../site/rotate.ts';
import { requireSiteFolder } from '../site/site-folder.ts';
import { parseCommand, requiredFlag, stringFlag } from '../util/args.ts';
import { referenceTime } from '../util/clock.ts';
import { UsageError } from '../util/errors.ts';

const HELP = `Usage: pigeonpost keys rotate <site-dir> --role publish|root

Generate a new key for the role, write root version N+1 (signed by the current root key AND the
new root key set) to roots/<N+1>.json and root.json, and move the old private key to
keys/retired/. Readers that trust an older root accept the new one through the chain. Run
pigeonpost publish afterwards: it signs with the new key and serves root/1..N+1.json.

Rotating the publish key re-signs every article on the next publish (new revisions).
Rotating the root key also renews the root's expiry (site.json "expiry.root", default 365d).

Options:
  --role ROLE     publish or root
  --json          print a machine-readable result
  -h, --help      show this help`;

/** Run `keys`. */
export async function keysCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    process.stdout.write(HELP + '\n');
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'rotate') throw new UsageError(`keys: unknown subcommand "${sub}" (only "rotate"; see pigeonpost keys --help)`);
  const { flags, positionals, help } = parseCommand('keys rotate', rest, { role: { type: 'string' }, json: { type: 'boolean' }, now: { type: 'string' } }, { min: 1, max: 1, names: ['site-dir'] });
  if (help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const role = requiredFlag('keys rotate', flags, 'role');
  if (role !== 'publish' && role !== 'root') throw new UsageError(`keys rotate: --role must be publish or root, got "${role}"`);
  await requireSiteFolder(positionals[0]!);
  const r = await rotateKeys(positionals[0]!, role, referenceTime(stringFlag(flags, 'now')));
  if (flags['json'] === true) {
    process.stdout.write(JSON.stringify({ ok: true, ...r }) + '\n');
    return 0;
  }
  process.stdout.write(
    [
      `Rotated the ${r.role} key: new key ${r.newKeyid.slice(0, 16)}…, root version ${r.version} (expires ${r.expires})`,
      ...r.retired.map((f) => `  retired ${f}`),
      `Next: pigeonpost publish ${positionals[0]} --out <dir>  (serves root/1..${r.version}.json)`,
    ].join('\n') + '\n',
  );
  return 0;
}
