/**
 * `pigeonpost ingest <source>... --into <site-dir>`: turns feeds, article pages and Markdown
 * folders into articles of a site folder. See docs/ingest.md.
 */
import { parseArgs } from 'node:util';
import { UsageError, oneLine } from '../ingest/errors.ts';
import { ingest } from '../ingest/ingest.ts';
import { Progress, type OutStream } from '../ingest/progress.ts';
import { exitCodeFor, summaryJson, summaryLine } from '../ingest/report.ts';

const HELP = `Usage: pigeonpost ingest <source>... --into <site-dir> [options]

Adds or updates articles in <site-dir>/articles from each source:
  an RSS 2.0, Atom or JSON Feed   (file path or http(s) URL)
  a single HTML article page      (file path or http(s) URL)
  a folder of Markdown files      (folder path)

Options:
  --into <site-dir>     site folder to write into (required)
  --fetch-full          for feed items that carry only a summary, fetch the article page
  --text-only           leave images out (also set by "textOnly": true in site.json)
  --image-budget <n>    per-article image budget in bytes (default: site.json imageBudget or 300000)
  --timeout <seconds>   per-request time limit (default 20)
  --json                print only a machine-readable summary
  -h, --help            show this help

Exit codes: 0 all went well, 1 a source or article failed, 2 usage error.
`;

/** Streams the command writes to (injectable for tests). */
export interface CommandIo {
  stdout: OutStream;
  stderr: OutStream;
}

/**
 * Runs `pigeonpost ingest` with `argv` (the arguments after the command name).
 * @returns the process exit code.
 */
export async function ingestCommand(argv: string[], io: CommandIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        into: { type: 'string' },
        'fetch-full': { type: 'boolean' },
        'text-only': { type: 'boolean' },
        'image-budget': { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.stderr.write(`pigeonpost: error: ingest: ${oneLine(err)} (see pigeonpost ingest --help)\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  try {
    if (!values.into) throw new UsageError('--into <site-dir> is required');
    if (positionals.length === 0) throw new UsageError('give at least one source (feed, page or Markdown folder)');
    const limits: { imageBudget?: number; timeoutMs?: number } = {};
    if (values['image-budget'] !== undefined) limits.imageBudget = positiveInt(values['image-budget'], '--image-budget');
    if (values.timeout !== undefined) limits.timeoutMs = positiveNumber(values.timeout, '--timeout') * 1000;
    const json = values.json === true;
    const progress = new Progress(io.stdout, io.stderr, json);
    const summary = await ingest({
      siteDir: values.into,
      sources: positionals.map((location) => ({ location })),
      fetchFull: values['fetch-full'] === true,
      textOnly: values['text-only'] === true,
      limits,
      progress,
    });
    io.stdout.write(json ? summaryJson(summary) : `${summaryLine(summary)}\n`);
    return exitCodeFor(summary);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`pigeonpost: error: ingest: ${err.message} (see pigeonpost ingest --help)\n`);
      return 2;
    }
    io.stderr.write(`pigeonpost: error: ingest: ${oneLine(err)}\n`);
    return 1;
  }
}

function positiveInt(v: string, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a whole number, got "${v}"`);
  return n;
}

function positiveNumber(v: string, name: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} must be a positive number, got "${v}"`);
  return n;
}
