/** `pigeonpost serve <dir> [--port N] [--host 127.0.0.1] [--quiet]` */
import { startServer } from '../serve/server.ts';
import { parseCommand, portFlag, stringFlag } from '../util/args.ts';

const HELP = `Usage: pigeonpost serve <dir> [--port N] [--host ADDRESS]

Serve one mirror tree over HTTP: CORS for every origin, correct content types, immutable caching
for objects/ and root/<N>.json, no-cache for timestamp.json and the app shell entry points, and
index.html for app routes such as /article/<id>. GET and HEAD only. Stop with Ctrl-C.

Options:
  --port N         port to listen on (default 8080; 0 picks a free one)
  --host ADDRESS   address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
  --quiet          do not log requests
  -h, --help       show this help`;

/** Run `serve` until SIGINT/SIGTERM. */
export async function serveCommand(argv: string[]): Promise<number> {
  const { flags, positionals, help } = parseCommand('serve', argv, { port: { type: 'string' }, host: { type: 'string' }, quiet: { type: 'boolean' } }, { min: 1, max: 1 });
  if (help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const quiet = flags['quiet'] === true;
  const server = await startServer(positionals[0]!, {
    port: portFlag('serve', flags, 'port', 8080),
    host: stringFlag(flags, 'host') ?? '127.0.0.1',
    ...(quiet ? {} : { log: (line: string) => process.stdout.write(line + '\n') }),
  });
  process.stdout.write(`Serving ${positionals[0]} at ${server.url}\n`);
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close().then(done, done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stdout.write('Stopped.\n');
  return 0;
}
