/**
 * `pigeonpost update <site-dir>`: the one command an operator puts in cron. Under a lock
 * (`.pigeonpost/update.lock`, so two runs never overlap) it ingests every source listed in
 * site.json, publishes the site, and switches each `copyTo` directory to the new tree.
 * See docs/ingest.md.
 */
import { join, resolve } from 'node:path';
import { copyTreeSwitch } from '../ingest/copy-tree.ts';
import { oneLine } from '../ingest/errors.ts';
import { ingest } from '../ingest/ingest.ts';
import { Progress, publishProgress } from '../util/progress.ts';
import { exitCodeFor, summaryJson, summaryLine } from '../ingest/report.ts';
import { readSiteConfig } from '../ingest/site-config.ts';
import type { IngestSummary } from '../ingest/types.ts';
import { acquireUpdateLock } from '../ingest/update-lock.ts';
import { publishSite, type PublishSummary } from '../publish/publish-site.ts';
import { parseCommand, positiveNumberFlag, stringFlag } from '../util/args.ts';
import { PROCESS_IO, runCommand, type CommandIo } from '../util/command.ts';
import { describeError } from '../util/errors.ts';
import { loadSiteConfig } from '../site/config.ts';
import { assertOutsideSite, requireSiteFolder } from '../site/site-folder.ts';
import { wantsJson } from '../util/json-mode.ts';

const HELP = `Usage: pigeonpost update <site-dir> [options]

Ingests every source listed in site.json "sources", publishes the site, then copies the
published tree into each site.json "copyTo" directory (copy beside it, then switch by rename).
A lock file (<site-dir>/.pigeonpost/update.lock) keeps two runs from overlapping.

Options:
  --out <dir>           the published tree (default: <site-dir>/.pigeonpost/tree)
  --fetch-full          fetch article pages for summary-only feed items (also per source: "fetchFull": true)
  --text-only           leave images out (also "textOnly": true in site.json)
  --timeout <seconds>   per-request time limit for ingest (default 20)
  --json                print only a machine-readable summary
  --no-app              do not build the reader app shell into the tree
  -h, --help            show this help

Exit codes: 0 all went well, 1 a source, the publish or a copy failed, 2 usage error.
A failed source does not stop the publish: the articles already in the site folder are published.
`;

/** The `--json` document of an update. */
interface UpdateReport {
  ingest: unknown;
  publish: PublishSummary | { error: string };
  copied: Array<{ dir: string; ok: boolean; error?: string }>;
}

/**
 * Runs `pigeonpost update` with `argv` (the arguments after the command name).
 * @returns the process exit code.
 */
export function updateCommand(argv: string[], io: CommandIo = PROCESS_IO): Promise<number> {
  return runCommand('update', io, () => update(argv, io), wantsJson(argv));
}

async function update(argv: string[], io: CommandIo): Promise<number> {
  const { flags, positionals, help } = parseCommand(
    'update',
    argv,
    { out: { type: 'string' }, 'fetch-full': { type: 'boolean' }, 'text-only': { type: 'boolean' }, timeout: { type: 'string' }, json: { type: 'boolean' }, 'no-app': { type: 'boolean' } },
    { min: 1, max: 1, names: ['site-dir'] },
  );
  if (help) {
    io.stdout.write(HELP);
    return 0;
  }
  const json = flags['json'] === true;
  const say = (line: string): void => {
    if (!json) io.stdout.write(`${line}\n`);
  };
  let release: (() => Promise<void>) | undefined;
  try {
    const siteDir = resolve(positionals[0]!);
    const out = resolve(stringFlag(flags, 'out') ?? join(siteDir, '.pigeonpost', 'tree'));
    const timeout = positiveNumberFlag('update', flags, 'timeout');
    const timeoutMs = timeout === undefined ? undefined : timeout * 1000;
    // Before anything is read or created: a typo must not leave `<typo>/.pigeonpost/` behind, and
    // site.json faults are the same one-line error (exit 1) as in every other command.
    await requireSiteFolder(positionals[0]!);
    await loadSiteConfig(siteDir);
    const cfg = await readSiteConfig(siteDir);
    for (const dir of cfg.copyTo) await assertOutsideSite(siteDir, dir, 'site.json copyTo');
    release = await acquireUpdateLock(siteDir);

    // Step 1: ingest every configured source.
    let ingestSummary: IngestSummary | undefined;
    if (cfg.sources.length === 0) {
      say('update: no sources in site.json; publishing the site folder as it is');
    } else {
      ingestSummary = await ingest({
        siteDir,
        sources: cfg.sources,
        fetchFull: flags['fetch-full'] === true,
        textOnly: flags['text-only'] === true,
        ...(timeoutMs ? { limits: { timeoutMs } } : {}),
        progress: new Progress(io.stdout, io.stderr, json),
      });
      say(summaryLine(ingestSummary));
    }
    let code = ingestSummary ? exitCodeFor(ingestSummary) : 0;

    // Step 2: publish.
    const report: UpdateReport = {
      ingest: ingestSummary ? JSON.parse(summaryJson(ingestSummary)) : null,
      publish: { error: 'not run' },
      copied: [],
    };
    // With --json, stdout carries only the report: anything the app build prints goes to stderr.
    const realWrite = process.stdout.write;
    if (json) process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
    let publishFailed = false;
    // On a terminal, the publish's progress line (see publish.ts).
    const line = !json && io.stdout.isTTY ? new Progress(io.stdout, io.stderr) : undefined;
    try {
      report.publish = await publishSite(siteDir, {
        out,
        appShell: flags['no-app'] !== true,
        log: (l) => (line ? line.info(l) : say(l)),
        warn: (l) => (line ? line.warn(l.replace(/^warning: /, '')) : io.stderr.write(`${l}\n`)),
        ...(line ? { progress: publishProgress(line) } : {}),
      });
    } catch (err) {
      publishFailed = true;
      report.publish = { error: describeError(err).message };
    } finally {
      line?.finish();
      process.stdout.write = realWrite;
    }
    if (publishFailed) {
      if (json) io.stdout.write(`${JSON.stringify({ ok: false, code: 'PUBLISH_FAILED', message: (report.publish as { error: string }).error, ...report }, null, 2)}\n`);
      else io.stderr.write(`pigeonpost: error: update: publish: ${(report.publish as { error: string }).error}\n`);
      return 1;
    }

    // Step 3: switch every copyTo directory to the new tree.
    for (const dir of cfg.copyTo) {
      try {
        await copyTreeSwitch(out, dir);
        report.copied.push({ dir, ok: true });
        say(`update: copied to ${dir}`);
      } catch (err) {
        report.copied.push({ dir, ok: false, error: oneLine(err) });
        if (!json) io.stderr.write(`pigeonpost: error: update: copy to ${dir}: ${oneLine(err)}\n`);
        code = 1;
      }
    }
    if (json) io.stdout.write(`${JSON.stringify({ ok: code === 0, ...report }, null, 2)}\n`);
    return code;
  } finally {
    await release?.();
  }
}
