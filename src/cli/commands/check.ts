/** `pigeonpost check <url-or-dir> --root <root.json> [--state <file>] [--json]` */
import { readFile } from 'node:fs/promises';
import { isPigeonError } from '../../core/errors.ts';
import { checkMirror } from '../check/check-mirror.ts';
import { sourceFor } from '../check/source.ts';
import { loadCheckState, saveCheckState } from '../check/state.ts';
import { parseCommand, requiredFlag, stringFlag } from '../util/args.ts';
import { referenceTime } from '../util/clock.ts';
import { CliError } from '../util/errors.ts';

const HELP = `Usage: pigeonpost check <url-or-dir> --root <root.json> [--state <file>] [--json]

Fetch a mirror (http(s) URL or local directory) and verify it exactly as a reader would: the root
chain from the given trust anchor, the timestamp, the manifest, every index segment, every pack,
and every article's signature. Lists each problem on one line (file, code, message) and keeps
going after a bad file. Exit status 0 only when the mirror is complete, valid and fresh.

Options:
  --root FILE     the trust anchor (a site's root.json; any older version works through the chain)
  --state FILE    stored trust state: loaded if it exists (an older timestamp is then a ROLLBACK),
                  saved after a successful check
  --json          print a machine-readable report
  -h, --help      show this help

Testing: the hidden option --now <ISO time> (or PIGEONPOST_NOW) sets the reference time.`;

/** Run `check`. */
export async function checkCommand(argv: string[]): Promise<number> {
  const { flags, positionals, help } = parseCommand('check', argv, { root: { type: 'string' }, state: { type: 'string' }, json: { type: 'boolean' }, now: { type: 'string' } }, { min: 1, max: 1 });
  if (help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const rootFile = requiredFlag('check', flags, 'root');
  const statePath = stringFlag(flags, 'state');
  const now = referenceTime(stringFlag(flags, 'now'));
  let anchor: Uint8Array;
  try {
    anchor = new Uint8Array(await readFile(rootFile));
  } catch {
    throw new CliError(`check: cannot read the trust anchor ${rootFile}`);
  }
  const stored = statePath === undefined ? undefined : await loadCheckState(statePath);
  let result;
  try {
    result = await checkMirror({ source: sourceFor(positionals[0]!), anchor, now, ...(stored ? { stored } : {}) });
  } catch (e) {
    if (isPigeonError(e)) throw new CliError(`check: the trust anchor ${rootFile} is not a valid self-signed root (${e.code}: ${e.message})`);
    throw e;
  }
  if (stored && stored.site !== result.state.site) throw new CliError(`check: --state ${statePath} belongs to site "${stored.site}", not "${result.state.site}"`);
  const { report } = result;
  if (flags['json'] === true) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    for (const p of report.problems) process.stdout.write(`${p.file}: ${p.code}: ${p.message}\n`);
    if (report.ok) {
      process.stdout.write(
        `OK: ${report.mirror} is complete, valid and fresh — site ${report.site}, root v${report.root?.version}, ` +
          `timestamp v${report.timestamp?.version} (expires ${report.timestamp?.expires}), manifest v${report.manifest?.version}, ` +
          `${report.articles.verified} article(s) in ${report.packs.verified} pack(s), ${report.manifest?.mirrors.length ?? 0} signed mirror(s)\n`,
      );
    } else {
      process.stdout.write(`FAILED: ${report.problems.length} problem(s) on ${report.mirror}\n`);
    }
  }
  if (report.ok && statePath !== undefined) await saveCheckState(statePath, result.state);
  return report.ok ? 0 : 1;
}
