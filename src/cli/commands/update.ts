/**
 * `pigeonpost update <site-dir>`: the one command an operator puts in cron. Under a lock
 * (`.pigeonpost/update.lock`, so two runs never overlap) it ingests every source listed in
 * site.json, publishes the site, and switches each `copyTo` directory to the new tree.
 * See docs/ingest.md.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { copyTreeSwitch } from '../ingest/copy-tree.ts';
import { IngestError, UsageError, oneLine } from '../ingest/errors.ts';
import { ingest } from '../ingest/ingest.ts';
import { Progress, type OutStream } from '../ingest/progress.ts';
import { exitCodeFor, summaryJson, summaryLine } from '../ingest/report.ts';
import { readSiteConfig } from '../ingest/site-config.ts';
import type { IngestSummary } from '../ingest/types.ts';
import { acquireUpdateLock } from '../ingest/update-lock.ts';
import { publishSite, type PublishSummary } from '../publish/publish-site.ts';
import { describeError } from '../util/errors.ts';

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

/** Streams the command writes to (injectable for tests). */
export interface UpdateIo {
  stdout: OutStream;
  stderr: OutStream;
}

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
export async function updateCommand(argv: string[], io: UpdateIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        'fetch-full': { type: 'boolean' },
        'text-only': { type: 'boolean' },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
        'no-app': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.stderr.write(`pigeonpost: error: update: ${oneLine(err)} (see pigeonpost update --help)\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const json = values.json === true;
  const say = (line: string): void => {
    if (!json) io.stdout.write(`${line}\n`);
  };
  let release: (() => Promise<void>) | undefined;
  try {
    if (positionals.length !== 1) throw new UsageError('give exactly one site folder');
    const siteDir = resolve(positionals[0]!);
    const out = resolve(values.out ?? join(siteDir, '.pigeonpost', 'tree'));
    let timeoutMs: number | undefined;
    if (values.timeout !== undefined) {
      const s = Number(values.timeout);
      if (!Number.isFinite(s) || s <= 0) throw new UsageError(`--timeout must be a positive number, got "${values.timeout}"`);
      timeoutMs = s * 1000;
    }
    const cfg = await readSiteConfig(siteDir);
    release = await acquireUpdateLock(siteDir);

    // Step 1: ingest every configured source.
    let ingestSummary: IngestSummary | undefined;
    if (cfg.sources.length === 0) {
      say('update: no sources in site.json; publishing the site folder as it is');
    } else {
      ingestSummary = await ingest({
        siteDir,
        sources: cfg.sources,
        fetchFull: values['fetch-full'] === true,
        textOnly: values['text-only'] === true,
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
    try {
      report.publish = await publishSite(siteDir, { out, appShell: values['no-app'] !== true, log: (line) => say(line) });
    } catch (err) {
      publishFailed = true;
      report.publish = { error: describeError(err).message };
    } finally {
      process.stdout.write = realWrite;
    }
    if (publishFailed) {
      if (json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
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
    if (json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return code;
  } catch (err) {
    if (err instanceof UsageError || (err instanceof IngestError && err.code === 'USAGE')) {
      io.stderr.write(`pigeonpost: error: update: ${err.message} (see pigeonpost update --help)\n`);
      return 2;
    }
    io.stderr.write(`pigeonpost: error: update: ${oneLine(err)}\n`);
    return 1;
  } finally {
    await release?.();
  }
}
