/**
 * `pigeonpost` command dispatcher. Each command module exports `(argv) => Promise<exit code>`.
 * The one-line contract (docs/cli.md "Errors"): every failure is one line on stderr,
 * `pigeonpost: error: <message>`, exit 2 for usage and 1 for everything else; with `--json` the
 * same failure is also a JSON object on stdout (`{"ok":false,"code":...,"message":...}`).
 * Commands are imported lazily so a missing optional module gives a clear message, not a crash.
 */
import { describeError, EXIT_USAGE, failureJson, UsageError } from './util/errors.ts';
import { wantsJson } from './util/json-mode.ts';
import { VERSION_LINE } from './util/version.ts';

type Command = (argv: string[]) => Promise<number>;

/** Command name → loader and one-line description. */
const COMMANDS: Record<string, { about: string; load: () => Promise<Command> }> = {
  init: { about: 'create a site folder with keys, the trust anchor and sample articles', load: async () => (await import('./commands/init.ts')).initCommand },
  publish: { about: 'write the signed mirror tree for a site', load: async () => (await import('./commands/publish.ts')).publishCommand },
  serve: { about: 'serve one mirror tree over HTTP (CORS, caching, content types)', load: async () => (await import('./commands/serve.ts')).serveCommand },
  check: { about: 'fetch and verify a mirror exactly as a reader would', load: async () => (await import('./commands/check.ts')).checkCommand },
  push: { about: 'upload a mirror tree to S3-compatible buckets and folders, in a consistent order', load: async () => (await import('./commands/push.ts')).pushCommand },
  keys: { about: 'rotate a root or publish key (keys rotate)', load: async () => (await import('./commands/keys.ts')).keysCommand },
  share: { about: 'write or verify share files: single signed articles for readers to pass on', load: async () => (await import('./commands/share.ts')).shareCommand },
  ingest: { about: 'import articles from feeds, pages or Markdown into the site folder', load: async () => loadOptional('./commands/ingest.ts', 'ingestCommand') },
  update: { about: 'ingest, publish and copy to mirrors in one step', load: async () => loadOptional('./commands/update.ts', 'updateCommand') },
  mirrors: { about: "list, add or remove the site's mirrors (site.json), or check them all", load: async () => (await import('./commands/mirrors.ts')).mirrorsCommand },
};

async function loadOptional(path: string, name: string): Promise<Command> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(path)) as Record<string, unknown>;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes(path.slice(2))) {
      throw new UsageError(`this command is not available in this build (${path.replace('./', 'src/cli/')} is missing)`);
    }
    throw e;
  }
  const fn = mod[name];
  if (typeof fn !== 'function') throw new UsageError(`this command is not available in this build (${name} is not exported)`);
  return fn as Command;
}

/** Top-level help text. */
export function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'Usage: pigeonpost <command> [options]',
    '',
    'Pigeonpost publishes a site as signed bundles that any untrusted static mirror can serve.',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.about}`),
    '',
    'Options:',
    '  -h, --help     show this help (after a command: that command\'s options)',
    '  -v, --version  print the version',
    '',
    'Every command takes --json (a machine-readable result; failures too). Exit codes: 0 success,',
    '1 failure, 2 usage error. Run `pigeonpost <command> --help` for the options of a command.',
    'Documentation: docs/cli.md',
  ].join('\n');
}

/** Print a failure by the one-line contract; returns its exit code. */
export function reportFailure(e: unknown, json: boolean): number {
  const d = describeError(e);
  process.stderr.write(`pigeonpost: error: ${d.message}\n`);
  if (!d.expected && d.stack !== undefined && process.env['PIGEONPOST_DEBUG'] === '1') process.stderr.write(`${d.stack}\n`);
  if (json) process.stdout.write(failureJson(d) + '\n');
  return d.exitCode;
}

/** Run the CLI with `argv` (without node and script); returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const json = wantsJson(argv);
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      process.stdout.write(mainHelp() + '\n');
      return name === undefined ? EXIT_USAGE : 0;
    }
    if (name === '--version' || name === '-v' || name === '-V') {
      process.stdout.write(json ? JSON.stringify({ ok: true, version: VERSION_LINE }) + '\n' : `${VERSION_LINE}\n`);
      return 0;
    }
    const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!cmd) throw new UsageError(`unknown command "${name}" (see pigeonpost --help)`);
    return await (await cmd.load())(rest);
  } catch (e) {
    return reportFailure(e, json);
  }
}
