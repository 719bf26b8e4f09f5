/** `pigeonpost share export <site-dir> <id>... --out <file>` and `pigeonpost share verify <file> --root <root.json>` */
import { exportShare } from '../share/export-share.ts';
import { verifyShareFile } from '../share/verify-share.ts';
import { parseCommand, requiredFlag, stringFlag } from '../util/args.ts';
import { referenceTime } from '../util/clock.ts';
import { UsageError } from '../util/errors.ts';
import { requireSiteFolder } from '../site/site-folder.ts';

const HELP = `Usage: pigeonpost share export <site-dir> <article-id>... --out <file> [--no-images] [--json]
       pigeonpost share verify <file> --root <root.json> [--json]

Share files carry articles from reader to reader with no mirror in between (format.md §7): one
standalone .html page that any browser shows offline, with no script and no network, and that the
reader app imports. It embeds the signed article envelopes, the site's root chain and the signed
mirror list; its pictures are inline. The page itself is only a view: trust comes from the
signatures, checked against the publisher keys the recipient already trusts.

export   writes published articles of a site (as the last publish signed them) into one file
         (name it .html so phones offer to share it), and checks it as a recipient would first.
verify   checks a share file against a trust anchor you already have (any version of the site's
         root.json): every article must be signed by the site's current publish key, and every
         picture must match its signed hash. Exit 0 only when every article verifies. Also reads
         the JSON share files of earlier versions.

Options:
  --out FILE      (export) the share file to write (e.g. story.html)
  --no-images     (export) leave the pictures out (a smaller file; the text still verifies)
  --root FILE     (verify) the trust anchor
  --json          print a machine-readable report
  -h, --help      show this help

Testing: the hidden option --now <ISO time> (or PIGEONPOST_NOW) sets the clock.`;

/** Run `share`. */
export async function shareCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    process.stdout.write(HELP + '\n');
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'export') return exportCommand(rest);
  if (sub === 'verify') return verifyCommand(rest);
  throw new UsageError(`share: unknown subcommand "${sub}" (export or verify; see pigeonpost share --help)`);
}

async function exportCommand(argv: string[]): Promise<number> {
  const { flags, positionals, help } = parseCommand(
    'share export',
    argv,
    { out: { type: 'string' }, 'no-images': { type: 'boolean' }, json: { type: 'boolean' }, now: { type: 'string' } },
    { min: 2, max: Number.MAX_SAFE_INTEGER, names: ['site-dir', 'id'] },
  );
  if (help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const out = requiredFlag('share export', flags, 'out');
  const [siteDir, ...ids] = positionals;
  await requireSiteFolder(siteDir!);
  const summary = await exportShare(siteDir!, ids, out, { images: flags['no-images'] !== true, now: referenceTime(stringFlag(flags, 'now')) });
  if (flags['json'] === true) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  else {
    const lines = summary.articles.map((a) => `  ${a.id} (revision ${a.rev}, ${a.images} picture${a.images === 1 ? '' : 's'}): ${a.title}`);
    process.stdout.write(`Wrote ${summary.file} (${summary.bytes} bytes, root versions 1..${summary.rootVersions}):\n${lines.join('\n')}\n`);
  }
  return 0;
}

async function verifyCommand(argv: string[]): Promise<number> {
  const { flags, positionals, help } = parseCommand('share verify', argv, { root: { type: 'string' }, json: { type: 'boolean' }, now: { type: 'string' } }, { min: 1, max: 1, names: ['file'] });
  if (help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const report = await verifyShareFile(positionals[0]!, requiredFlag('share verify', flags, 'root'), referenceTime(stringFlag(flags, 'now')));
  if (flags['json'] === true) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else {
    const lines = report.articles.map((a) =>
      a.ok
        ? `  OK ${a.id} (revision ${a.rev}, ${a.lang}, ${a.published}): ${a.title}${a.missingImages ? ` — ${a.missingImages} picture(s) not included` : ''}`
        : `  REJECTED article ${a.index + 1} (${a.reason}${a.fingerprint ? `: publisher "${a.publisher}", key fingerprint ${a.fingerprint}` : ''}): ${a.code}: ${a.message}`,
    );
    const head = report.ok
      ? `OK: every article in ${report.file} is signed by ${report.publisher} (${report.site}, key fingerprint ${report.fingerprint})`
      : `FAILED: ${report.file} holds articles that do not verify`;
    const expired = report.rootExpired ? `\n  note: the site's newest root (version ${report.rootVersion}) has expired; keep these as archival copies` : '';
    const mirrors = report.mirrors ? `\n  signed mirror list v${report.mirrors.version}${report.mirrors.expired ? ' (expired)' : ''}: ${report.mirrors.urls.join(' ') || '(empty)'}` : '';
    process.stdout.write(`${head} (root version ${report.rootVersion})${expired}${mirrors}\n${lines.join('\n')}\n`);
  }
  return report.ok ? 0 : 1;
}
