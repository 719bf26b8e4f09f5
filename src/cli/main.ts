/**
 * `pigeonpost` command dispatcher. Each command module exports `(argv) => Promise<exit code>`;
 * expected failures print one line, `pigeonpost: error: <message>`, and exit 1 (2 for usage).
 * Commands are imported lazily so a missing optional module gives a clear message, not a crash.
 */
import { describeError, EXIT_USAGE, UsageError } from './util/errors.ts';

type Command = (argv: string[]) => Promise<number>;

/** Command name → loader and one-line description. */
const COMMANDS: Record<string, { about: string; load: () => Promise<Command> }> = {
  init: { about: 'create a site folder with keys, the trust anchor and sample articles', load: async () => (await import('./commands/init.ts')).initCommand },
  publish: { about: 'write the signed mirror tree for a site', load: async () => (await import('./commands/publish.ts')).publishCommand },
  serve: { about: 'serve one mirror tree over HTTP (CORS, caching, content types)', load: async () => (await import('./commands/serve.ts')).serveCommand },
  check: { about: 'fetch and verify a mirror exactly as a reader would', load: async () => (await import('./commands/check.ts')).checkCommand },
  push: { about: 'upload a mirror tree to S3-compatible buckets and folders, in a consistent order', load: async () => (await import('./commands/push.ts')).pushCommand },
  // `mirrors status` only, until the mirrors command (add, remove, list) lands and routes to it.
  mirrors: {
    about: 'check every signed mirror and gateway as a reader would (mirrors status)',
    load: async () => async (argv: string[]) => {
      const [sub, ...rest] = argv;
      if (sub === 'status') return (await import('./commands/mirrors-status.ts')).mirrorsStatusCommand(rest);
      if (sub === undefined || sub === '--help' || sub === '-h') {
        process.stdout.write('Usage: pigeonpost mirrors status <site-dir> [--json] [--min-healthy N] [--full]\n');
        return sub === undefined ? EXIT_USAGE : 0;
      }
      throw new UsageError(`mirrors: unknown subcommand "${sub}" (see pigeonpost mirrors --help)`);
    },
  },
  keys: { about: 'rotate a root or publish key (keys rotate)', load: async () => (await import('./commands/keys.ts')).keysCommand },
  share: { about: 'write or verify share files: single signed articles for readers to pass on', load: async () => (await import('./commands/share.ts')).shareCommand },
  ingest: { about: 'import articles from feeds, pages or Markdown into the site folder', load: async () => loadOptional('./commands/ingest.ts', 'ingestCommand') },
  update: { about: 'ingest, publish and copy to mirrors in one step', load: async () => loadOptional('./commands/update.ts', 'updateCommand') },
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
    'Run `pigeonpost <command> --help` for the options of a command. Documentation: docs/cli.md',
  ].join('\n');
}

/** Run the CLI with `argv` (without node and script); returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      process.stdout.write(mainHelp() + '\n');
      return name === undefined ? EXIT_USAGE : 0;
    }
    if (name === '--version' || name === '-V') {
      process.stdout.write('pigeonpost 0.1.0 (repository format 1)\n');
      return 0;
    }
    const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!cmd) throw new UsageError(`unknown command "${name}" (see pigeonpost --help)`);
    return await (await cmd.load())(rest);
  } catch (e) {
    const d = describeError(e);
    process.stderr.write(`pigeonpost: error: ${d.message}\n`);
    return d.exitCode;
  }
}
