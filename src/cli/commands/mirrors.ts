/** `pigeonpost mirrors list|add|remove <site-dir> [URL]...` and `pigeonpost mirrors status <site-dir>` */
import { addMirrors, listMirrors, removeMirrors } from '../site/mirrors.ts';
import { requireSiteFolder } from '../site/site-folder.ts';
import { parseCommand } from '../util/args.ts';
import { UsageError } from '../util/errors.ts';

const HELP = `Usage: pigeonpost mirrors list <site-dir> [--json]
       pigeonpost mirrors add <site-dir> <url>... [--json]
       pigeonpost mirrors remove <site-dir> <url>... [--json]
       pigeonpost mirrors status <site-dir> [--json] [--min-healthy N] [--full]

The site's mirrors are the base URLs readers sync from. They live in site.json "mirrors", and
every publish signs them into the manifest; readers replace their list with the signed one.
A mirror URL is https://host/path/ (plain http only for 127.0.0.1 or localhost).

  list     print the configured mirrors, one a line
  add      add mirrors (already listed ones are left as they are)
  remove   remove mirrors; the next publish needs --allow-mirror-removal to sign the shorter list
  status   check every mirror of the signed list as a reader would (see pigeonpost mirrors status --help)

Options:
  --json       print a machine-readable result
  -h, --help   show this help`;

/** Run `mirrors`. */
export async function mirrorsCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    process.stdout.write(HELP + '\n');
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'status') return (await loadStatus())(rest);
  if (sub !== 'list' && sub !== 'add' && sub !== 'remove') throw new UsageError(`mirrors: unknown subcommand "${sub}" (list, add, remove or status; see pigeonpost mirrors --help)`);
  const name = `mirrors ${sub}`;
  const { flags, positionals, help } = parseCommand(name, rest, { json: { type: 'boolean' } }, sub === 'list' ? { min: 1, max: 1, names: ['site-dir'] } : { min: 2, max: 64, names: ['site-dir', 'url'] });
  if (help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const json = flags['json'] === true;
  const [siteDir, ...urls] = positionals as [string, ...string[]];
  await requireSiteFolder(siteDir);
  if (sub === 'list') {
    const { mirrors, gateways } = await listMirrors(siteDir);
    if (json) process.stdout.write(JSON.stringify({ ok: true, mirrors, ...(gateways.length ? { gateways } : {}) }) + '\n');
    else if (mirrors.length === 0) process.stderr.write(`no mirrors configured; add one with pigeonpost mirrors add ${siteDir} https://mirror.example/\n`);
    if (!json) process.stdout.write([...mirrors, ...gateways.map((g) => `${g} (ipfs-gateway)`)].map((m) => `${m}\n`).join(''));
    return 0;
  }
  if (sub === 'add') {
    const r = await addMirrors(siteDir, urls);
    if (json) process.stdout.write(JSON.stringify({ ok: true, ...r }) + '\n');
    else {
      const kept = urls.length - r.added.length;
      process.stdout.write(
        `${r.added.length ? `Added ${r.added.join(', ')}` : 'Nothing added'}${kept ? ` (${kept} already listed)` : ''}; ${r.mirrors.length} mirror(s) in site.json. ` +
          `Run pigeonpost publish to sign the new list.\n`,
      );
    }
    return 0;
  }
  const r = await removeMirrors(siteDir, urls);
  if (json) process.stdout.write(JSON.stringify({ ok: true, ...r }) + '\n');
  else {
    process.stdout.write(
      `Removed ${r.removed.join(', ')}; ${r.mirrors.length} mirror(s) left in site.json. ` +
        `The next publish signs the shorter list only with --allow-mirror-removal` +
        `${r.mirrors.length === 0 ? ', and refuses an empty one: add a mirror first' : ''}.\n`,
    );
  }
  return 0;
}

/** `mirrors status` lives in its own module (it checks a whole fleet over the network). */
async function loadStatus(): Promise<(argv: string[]) => Promise<number>> {
  const path = './mirrors-status.ts';
  let mod: { mirrorsStatusCommand?: (argv: string[]) => Promise<number> };
  try {
    mod = (await import(path)) as typeof mod;
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') throw new UsageError('mirrors status is not available in this build (src/cli/commands/mirrors-status.ts is missing)');
    throw e;
  }
  if (typeof mod.mirrorsStatusCommand !== 'function') throw new UsageError('mirrors status is not available in this build');
  return mod.mirrorsStatusCommand;
}
