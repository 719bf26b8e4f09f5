/** `pigeonpost mirrors status <site-dir> [--json] [--min-healthy N] [--full]` (argv after "status"). */
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { loadSiteConfig } from '../site/config.ts';
import { loadState } from '../publish/state.ts';
import { mirrorsStatus, SAMPLE_PACKS, type MirrorStatus, type SignedMirror } from '../mirrors/status.ts';
import { parseCommand, stringFlag, wholeNumberFlag } from '../util/args.ts';
import { referenceTime } from '../util/clock.ts';
import { CliError, UsageError } from '../util/errors.ts';

const HELP = `Usage: pigeonpost mirrors status <site-dir> [--json] [--min-healthy N] [--full]

Check every mirror and IPFS gateway of the mirror list the site last published, all at once, the
way a reader uses them: the root chain, the timestamp, the manifest, every index segment and a
sample of ${SAMPLE_PACKS} packs (all with --full), each verified; whether the mirror has the edition
published last; and the headers a reader's app needs (CORS, a timestamp not cached for long).

Prints one row per mirror: status (ok, stale, expired, incomplete, broken, unreachable, headers),
the signed edition (timestamp and manifest versions), fresh until, objects checked and missing,
latency, CORS. Only "ok" is healthy.

Options:
  --min-healthy N   exit 1 when fewer than N are healthy (default: all of them)
  --full            check every pack, not a sample
  --json            print a machine-readable report
  -h, --help        show this help

Exit status 0 when enough mirrors are healthy. Run it from cron after \`pigeonpost update\`.
Testing: the hidden option --now <ISO time> (or PIGEONPOST_NOW) sets the reference time.`;

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** The table for a terminal or a log. */
export function statusTable(rows: readonly MirrorStatus[]): string {
  const head = ['MIRROR', 'STATUS', 'EDITION', 'FRESH UNTIL', 'OBJECTS', 'LATENCY', 'CORS'];
  const body = rows.map((r) => [
    r.kind === 'ipfs-gateway' ? `${r.url} (ipfs)` : r.url,
    r.status,
    r.timestamp ? `ts v${r.timestamp.version} / m v${r.manifest?.version ?? '?'}` : '-',
    r.timestamp?.expires ?? '-',
    r.complete.pinned ? `${r.complete.checked - r.complete.missing}/${r.complete.checked} of ${r.complete.pinned}` : '-',
    r.latencyMs === null ? '-' : `${r.latencyMs} ms`,
    r.headers.cors === null ? '-' : r.headers.cors ? 'ok' : 'missing',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]!))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}

/** Run `mirrors status`; `argv` is what follows "status". */
export async function mirrorsStatusCommand(argv: string[]): Promise<number> {
  const { flags, positionals, help } = parseCommand('mirrors status', argv, { json: { type: 'boolean' }, full: { type: 'boolean' }, 'min-healthy': { type: 'string' }, now: { type: 'string' } }, { min: 1, max: 1, names: ['site-dir'] });
  if (help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const siteDir = positionals[0]!;
  const now = referenceTime(stringFlag(flags, 'now'));
  const minFlag = wholeNumberFlag('mirrors status', flags, 'min-healthy');
  const config = await loadSiteConfig(siteDir);
  const state = await loadState(siteDir, config.id);
  const m = state.manifest;
  if (!m) throw new CliError(`mirrors status: ${siteDir} has not been published yet (run pigeonpost publish first)`);
  const list: SignedMirror[] = [...m.mirrors.map((url) => ({ url })), ...(m.gateways ?? []).map((url) => ({ url, kind: 'ipfs-gateway' as const }))];
  if (list.length === 0) throw new CliError(`mirrors status: the last publish of ${siteDir} signed no mirrors (add them to site.json "mirrors" and publish)`);
  const minHealthy = minFlag ?? list.length;
  if (minHealthy > list.length) throw new UsageError(`mirrors status: --min-healthy ${minHealthy} is more than the ${list.length} signed mirror(s)`);
  const anchor = new Uint8Array(await readFile(join(siteDir, 'root.json')));
  const packs = [...new Set(state.segments.flatMap((s) => s.packs))].map((sha) => state.packs[sha]).filter((p) => p !== undefined);
  const rows = await mirrorsStatus(list, { timestampVersion: state.timestampVersion, manifestVersion: m.version, segments: state.segments, packs }, { anchor, now, full: flags['full'] === true });
  const healthy = rows.filter((r) => r.healthy).length;
  const ok = healthy >= minHealthy;
  if (flags['json'] === true) {
    process.stdout.write(JSON.stringify({ ok, site: config.id, now: new Date(now).toISOString(), published: { timestamp: state.timestampVersion, manifest: m.version }, healthy, minHealthy, mirrors: rows }, null, 2) + '\n');
  } else {
    process.stdout.write(statusTable(rows) + '\n');
    for (const r of rows) {
      if (r.healthy) continue;
      // Unreachable: the timestamp's failure says it all (the roots failed the same way).
      const shown = r.status === 'unreachable' ? [r.problems.find((p) => p.file === 'timestamp.json') ?? r.problems[0]].filter((p) => p !== undefined) : r.problems.slice(0, 3);
      const why = [...r.headers.problems, ...shown.map((p) => `${p.file}: ${p.code}: ${p.message}`)];
      if (r.status === 'stale') why.unshift(`has timestamp v${r.timestamp?.version}, the site published v${state.timestampVersion} (push to it)`);
      const more = r.status !== 'unreachable' && r.problems.length > 3 ? ` (and ${r.problems.length - 3} more; pigeonpost check ${r.url} --root ${join(siteDir, 'root.json')})` : '';
      process.stdout.write(`${r.url}: ${r.status}: ${why.join('; ')}${more}\n`);
    }
    process.stdout.write(`${healthy} of ${rows.length} healthy (need ${minHealthy}) — published timestamp v${state.timestampVersion}, manifest v${m.version}\n`);
  }
  return ok ? 0 : 1;
}
