/**
 * `pigeonpost ingest <source>... --into <site-dir>`: turns feeds, article pages and Markdown
 * folders into articles of a site folder. See docs/ingest.md.
 */
import { UsageError } from '../ingest/errors.ts';
import { ingest } from '../ingest/ingest.ts';
import { Progress } from '../util/progress.ts';
import { exitCodeFor, summaryJson, summaryLine } from '../ingest/report.ts';
import { parseCommand, positiveNumberFlag, stringFlag, wholeNumberFlag } from '../util/args.ts';
import { PROCESS_IO, runCommand, type CommandIo } from '../util/command.ts';
import { requireFolder } from '../site/site-folder.ts';
import { wantsJson } from '../util/json-mode.ts';

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

/**
 * Runs `pigeonpost ingest` with `argv` (the arguments after the command name).
 * @returns the process exit code.
 */
export function ingestCommand(argv: string[], io: CommandIo = PROCESS_IO): Promise<number> {
  return runCommand('ingest', io, async () => {
    const { flags, positionals, help } = parseCommand(
      'ingest',
      argv,
      { into: { type: 'string' }, 'fetch-full': { type: 'boolean' }, 'text-only': { type: 'boolean' }, 'image-budget': { type: 'string' }, timeout: { type: 'string' }, json: { type: 'boolean' } },
      { min: 0, max: Infinity, names: ['source'] },
    );
    if (help) {
      io.stdout.write(HELP);
      return 0;
    }
    const into = stringFlag(flags, 'into');
    if (into === undefined || into === '') throw new UsageError('--into <site-dir> is required');
    if (positionals.length === 0) throw new UsageError('give at least one source (feed, page or Markdown folder)');
    await requireFolder(into);
    const limits: { imageBudget?: number; timeoutMs?: number } = {};
    const imageBudget = wholeNumberFlag('ingest', flags, 'image-budget');
    const timeout = positiveNumberFlag('ingest', flags, 'timeout');
    if (imageBudget !== undefined) limits.imageBudget = imageBudget;
    if (timeout !== undefined) limits.timeoutMs = timeout * 1000;
    const json = flags['json'] === true;
    const summary = await ingest({
      siteDir: into,
      sources: positionals.map((location) => ({ location })),
      fetchFull: flags['fetch-full'] === true,
      textOnly: flags['text-only'] === true,
      limits,
      progress: new Progress(io.stdout, io.stderr, json),
    });
    io.stdout.write(json ? summaryJson(summary) : `${summaryLine(summary)}\n`);
    return exitCodeFor(summary);
  }, wantsJson(argv));
}
