/** `pigeonpost serve <dir> [--port N] [--host 127.0.0.1] [--public-url URL] [--quiet] [--json]` */
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { signedMirrorsInTree } from '../publish/out-dir.ts';
import { startServer } from '../serve/server.ts';
import { parseCommand, portFlag, stringFlag } from '../util/args.ts';
import { UsageError } from '../util/errors.ts';

const HELP = `Usage: pigeonpost serve <dir> [--port N] [--host ADDRESS] [--public-url URL]

Serve one mirror tree over HTTP: CORS for every origin, correct content types, immutable caching
for objects/ and root/<N>.json, no-cache for timestamp.json and the app shell entry points,
brotli or gzip for text, and index.html for app routes such as /article/<id>. GET and HEAD only.
Never serves keys/, *.key, site.json or dot-files, and refuses to serve a site folder.
Stop with Ctrl-C.

At start-up serve says so when its own address is not in the tree's signed mirror list: readers
who open the app there sync only from the listed mirrors.

Options:
  --port N          port to listen on (default 8080; 0 picks a free one)
  --host ADDRESS    IP address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
  --public-url URL  the URL readers reach this server at (behind a proxy or a tunnel), for the check above
  --quiet           do not log requests
  --json            print JSON lines (the address on start, then one per request)
  -h, --help        show this help`;

/** The addresses a server bound to `host` answers on, as URLs with `port`. */
function localUrls(host: string, port: number): string[] {
  const hosts = new Set<string>([host]);
  if (host === '0.0.0.0' || host === '::') {
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (host === '::' || a.family === 'IPv4') hosts.add(a.address);
    hosts.add('localhost');
  }
  if (host === '127.0.0.1' || host === '::1') hosts.add('localhost');
  return [...hosts].map((h) => `http://${h.includes(':') ? `[${h}]` : h}:${port}/`);
}

/** Run `serve` until SIGINT/SIGTERM. */
export async function serveCommand(argv: string[]): Promise<number> {
  const { flags, positionals, help } = parseCommand(
    'serve',
    argv,
    { port: { type: 'string' }, host: { type: 'string' }, 'public-url': { type: 'string' }, quiet: { type: 'boolean' }, json: { type: 'boolean' } },
    { min: 1, max: 1, names: ['dir'] },
  );
  if (help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const quiet = flags['quiet'] === true;
  const json = flags['json'] === true;
  const host = stringFlag(flags, 'host') ?? '127.0.0.1';
  if (host !== 'localhost' && isIP(host) === 0) throw new UsageError(`serve: --host must be an IP address of this machine such as 127.0.0.1 or 0.0.0.0, got "${host}"`);
  const publicUrl = stringFlag(flags, 'public-url');
  if (publicUrl !== undefined && !URL.canParse(publicUrl)) throw new UsageError(`serve: --public-url must be an absolute URL, got "${publicUrl}"`);
  const port = portFlag('serve', flags, 'port', 8080);
  const dir = positionals[0]!;
  const log = quiet ? undefined : json ? (line: string) => process.stdout.write(JSON.stringify({ request: line }) + '\n') : (line: string) => process.stdout.write(line + '\n');
  const server = await startServer(dir, { port, host, ...(log ? { log } : {}) });

  const signed = await signedMirrorsInTree(dir);
  const here = publicUrl !== undefined ? [new URL(publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`).href] : localUrls(host, server.port);
  const listed = signed === undefined ? undefined : here.some((u) => signed.includes(u));
  if (json) process.stdout.write(JSON.stringify({ ok: true, url: server.url, dir, signedMirrors: signed ?? null, listed: listed ?? null }) + '\n');
  else process.stdout.write(`Serving ${dir} at ${server.url}\n`);
  if (signed === undefined) {
    process.stderr.write(`warning: ${dir} has no readable timestamp.json and manifest: it is not a published tree yet (pigeonpost publish <site-dir> --out ${dir})\n`);
  } else if (!listed) {
    process.stderr.write(
      `warning: ${here[0]} is not in this tree's signed mirror list (${signed.join(', ') || 'empty'}); readers who open the app here sync only from the listed mirrors. ` +
        `Add it with pigeonpost mirrors add <site-dir> ${here[0]} and publish again, or pass --public-url if readers reach this server at a listed URL\n`,
    );
  }
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close().then(done, done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  if (!json) process.stdout.write('Stopped.\n');
  return 0;
}
