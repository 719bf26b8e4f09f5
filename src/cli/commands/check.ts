/** `pigeonpost check <url-or-dir> --root <root.json> [--state <file>] [--json]` */
import { readFile, stat } from 'node:fs/promises';
import { isPigeonError } from '../../core/errors.ts';
import { checkMirror } from '../check/check-mirror.ts';
import { sourceFor } from '../check/source.ts';
import { loadCheckState, saveCheckState } from '../check/state.ts';
import { parseCommand, requiredFlag, stringFlag } from '../util/args.ts';
import { referenceTime } from '../util/clock.ts';
import { CliError, UsageError } from '../util/errors.ts';
import { jsonErrorPlace, jsonErrorReason } from '../util/json-error.ts';

/**
 * Say what a `--root` file is when it is not a root at all (site.json, a timestamp, a share file,
 * not JSON), before verification reports it in the format's own terms.
 */
function explainAnchor(file: string, bytes: Uint8Array): void {
  const text = new TextDecoder().decode(bytes);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new CliError(`check: --root ${file}${jsonErrorPlace(text, e)}: not JSON (${jsonErrorReason(e)}); give the site's root.json`, 1, 'NOT_A_ROOT');
  }
  const o = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  if (o && typeof o['payload'] === 'string' && Array.isArray(o['signatures'])) {
    let type: unknown;
    try {
      type = (JSON.parse(o['payload']) as Record<string, unknown> | null)?.['_type'];
    } catch {
      return; // verification names the broken payload
    }
    if (type !== 'pigeonpost.root') throw new CliError(`check: --root ${file} is a signed ${typeof type === 'string' ? type : 'document'}, not a root; give the site's root.json`, 1, 'NOT_A_ROOT');
    return;
  }
  const looksLikeSite = o !== undefined && 'id' in o && 'name' in o && ('mirrors' in o || 'expiry' in o);
  throw new CliError(`check: --root ${file} is not a root${looksLikeSite ? ' (it looks like site.json)' : ''}; give the site's root.json (the trust anchor publish writes)`, 1, 'NOT_A_ROOT');
}

/** Refuse a target that is neither an http(s) URL nor an existing folder, before reading anything. */
async function checkTarget(target: string): Promise<void> {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(target)?.[1];
  if (scheme !== undefined) {
    if (!/^https?$/i.test(scheme)) throw new UsageError(`check: ${target} has the scheme ${scheme}: (give an http(s):// URL or a local folder)`);
    return;
  }
  const st = await stat(target).catch(() => undefined);
  if (!st) throw new CliError(`check: ${target}: no such folder (give a mirror's http(s):// URL or a published tree's folder)`, 1, 'NOT_FOUND');
  if (!st.isDirectory()) throw new CliError(`check: ${target} is a file, not a mirror tree (give the folder that holds timestamp.json)`, 1, 'NOT_A_DIRECTORY');
}

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
  const { flags, positionals, help } = parseCommand('check', argv, { root: { type: 'string' }, state: { type: 'string' }, json: { type: 'boolean' }, now: { type: 'string' } }, { min: 1, max: 1, names: ['url-or-dir'] });
  if (help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const rootFile = requiredFlag('check', flags, 'root');
  const statePath = stringFlag(flags, 'state');
  const now = referenceTime(stringFlag(flags, 'now'));
  await checkTarget(positionals[0]!);
  let anchor: Uint8Array;
  try {
    anchor = new Uint8Array(await readFile(rootFile));
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new CliError(`check: cannot read the trust anchor ${rootFile} (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? 'unreadable')})`, 1, 'NOT_FOUND');
  }
  explainAnchor(rootFile, anchor);
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
