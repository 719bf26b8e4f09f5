/** `pigeonpost push <tree-dir> --to <target>... [--endpoint URL] [--region R] [--profile P] [--jobs N] [--prune-after D | --no-prune] [--json]` */
import { parseDuration } from '../../core/format/time.ts';
import { dirTarget } from '../push/dir-target.ts';
import { checkPruneAfter, pushTree, type PushReport } from '../push/push.ts';
import { s3Target } from '../push/s3-target.ts';
import type { PushTarget } from '../push/target.ts';
import { planPush } from '../push/tree-plan.ts';
import { listFlag, parseCommand, stringFlag, wholeNumberFlag } from '../util/args.ts';
import { referenceTime } from '../util/clock.ts';
import { UsageError } from '../util/errors.ts';
import { Progress } from '../util/progress.ts';

const HELP = `Usage: pigeonpost push <tree-dir> --to <target>... [options]

Upload a mirror tree written by \`pigeonpost publish\` to one or more mirrors, in an order that
never leaves a mirror in a state a reader would reject: content-addressed objects first, then the
root chain, the manifest and the app, the timestamp last. Files already on a mirror are skipped
(content-addressed ones by size, others by content), so a re-run resumes an interrupted push and a
re-run of a finished one uploads nothing. Nothing is deleted while uploading; a separate pass
afterwards deletes objects no timestamp has named for longer than --prune-after.

Targets:
  s3://BUCKET[/PREFIX]   an S3-compatible bucket (AWS S3, Cloudflare R2, Backblaze B2, MinIO…);
                         credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE
                         or --profile, ~/.aws/credentials
  dir:PATH               a local folder (a web server's root, or a folder rsync copies on); every
                         file is replaced by an atomic rename

Options:
  --to TARGET         where to push (repeatable)
  --endpoint URL      S3 API endpoint of a provider other than AWS (R2, B2, MinIO); path-style
  --region REGION     S3 region (default: AWS_REGION, the profile's, or us-east-1 with --endpoint)
  --profile NAME      AWS profile from ~/.aws/credentials and ~/.aws/config
  --jobs N            uploads at once (default 8)
  --prune-after D     delete unreferenced objects after this long (default 3d; longer than the
                      timestamp's lifetime)
  --no-prune          skip the deletion pass
  --json              print a machine-readable report
  -h, --help          show this help

Exit status 0 when every target was pushed, 1 when any failed (the others are still pushed).
Testing: the hidden option --now <ISO time> (or PIGEONPOST_NOW) sets the clock.`;

/** Default of --prune-after: longer than Debian's 36 hours and the default 1-day timestamp. */
export const DEFAULT_PRUNE_AFTER = '3d';

/** Build the target a `--to` argument names. */
export function targetFor(text: string, s3: { endpoint?: string; region?: string; profile?: string }): PushTarget {
  if (text.startsWith('s3://')) return s3Target(text, s3);
  if (text.startsWith('dir:')) {
    const path = text.slice(4);
    if (path === '') throw new UsageError('push: dir: needs a path, e.g. dir:/srv/www');
    return dirTarget(path, text);
  }
  throw new UsageError(`push: target "${text}" must start with s3:// or dir: (see pigeonpost push --help)`);
}

function kb(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** Run `push`. */
export async function pushCommand(argv: string[]): Promise<number> {
  const { flags, positionals, help } = parseCommand(
    'push',
    argv,
    {
      to: { type: 'string', multiple: true },
      endpoint: { type: 'string' },
      region: { type: 'string' },
      profile: { type: 'string' },
      jobs: { type: 'string' },
      'prune-after': { type: 'string' },
      'no-prune': { type: 'boolean' },
      json: { type: 'boolean' },
      now: { type: 'string' },
    },
    { min: 1, max: 1, names: ['tree-dir'] },
  );
  if (help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const tos = listFlag(flags, 'to');
  if (tos.length === 0) throw new UsageError('push: --to is required (see pigeonpost push --help)');
  const jobs = wholeNumberFlag('push', flags, 'jobs') ?? 8;
  if (jobs < 1 || jobs > 64) throw new UsageError('push: --jobs must be from 1 to 64');
  const noPrune = flags['no-prune'] === true;
  const pruneText = stringFlag(flags, 'prune-after');
  if (noPrune && pruneText !== undefined) throw new UsageError('push: --prune-after and --no-prune exclude each other');
  let pruneAfterMs: number | null = null;
  if (!noPrune) {
    try {
      pruneAfterMs = parseDuration(pruneText ?? DEFAULT_PRUNE_AFTER);
    } catch {
      throw new UsageError(`push: --prune-after must be a duration like 3d, 72h or 90m, got "${pruneText}"`);
    }
  }
  const endpoint = stringFlag(flags, 'endpoint');
  if (endpoint !== undefined && !/^https?:\/\/[^/]/i.test(endpoint)) throw new UsageError(`push: --endpoint must be an http(s) URL, got "${endpoint}"`);
  const s3 = {
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(stringFlag(flags, 'region') === undefined ? {} : { region: stringFlag(flags, 'region')! }),
    ...(stringFlag(flags, 'profile') === undefined ? {} : { profile: stringFlag(flags, 'profile')! }),
  };
  const targets = tos.map((t) => targetFor(t, s3));
  const json = flags['json'] === true;
  const now = referenceTime(stringFlag(flags, 'now'));

  const plan = await planPush(positionals[0]!);
  if (pruneAfterMs !== null) checkPruneAfter(plan, pruneAfterMs);
  const progress = new Progress(process.stdout, process.stderr, json);
  const total = plan.stages.reduce((n, s) => n + s.files.length, 0);
  const reports: PushReport[] = [];
  for (const target of targets) {
    let done = 0;
    const report = await pushTree(plan, target, {
      jobs,
      now,
      pruneAfterMs,
      // One updating line on a terminal; elsewhere only the stage lines (a tree has thousands of files).
      ...(process.stdout.isTTY ? { onFile: (_s, f, action) => progress.step(++done, total, `${target.label}: ${f.path} ${action}`) } : {}),
      onStage: (s) => progress.info(`${target.label}: ${s.name}: ${s.uploaded.files} uploaded (${kb(s.uploaded.bytes)}), ${s.present.files} already there`),
    });
    reports.push(report);
    if (report.ok) {
      const pruned = report.prune.skipped ? 'no deletion pass' : `${report.prune.deleted} deleted, ${report.prune.retired} unreferenced kept for now`;
      progress.info(
        `pushed ${target.label}: timestamp v${report.timestamp.version}${report.previous === null ? ' (new mirror)' : report.previous === report.timestamp.version ? ' (unchanged)' : ` (was v${report.previous})`}, ` +
          `manifest v${report.manifest.version}; ${report.uploaded.files} file(s) uploaded (${kb(report.uploaded.bytes)}), ${report.present.files} already there; ${pruned}; ${report.ms} ms`,
      );
    } else {
      progress.finish();
      process.stderr.write(`pigeonpost: error: push: ${report.error}\n`);
    }
  }
  const ok = reports.every((r) => r.ok);
  if (json) process.stdout.write(JSON.stringify({ ok, tree: plan.dir, targets: reports }, null, 2) + '\n');
  return ok ? 0 : 1;
}
