/** `pigeonpost init <site-dir> [--name NAME] [--lang CODE] [--id ID] [--no-samples]` */
import { join } from 'node:path';
import { initSite } from '../site/init-site.ts';
import { referenceTime } from '../util/clock.ts';
import { parseCommand, stringFlag } from '../util/args.ts';

const HELP = `Usage: pigeonpost init <site-dir> [--name NAME] [--lang CODE] [--id ID] [--no-samples]

Create a new site folder: site.json, a root key and a publish key (keys/, mode 0600), the signed
root version 1 (roots/1.json and the public trust anchor root.json), and sample articles in
English and Russian (articles/, media/). Refuses to overwrite an existing site.

Options:
  --name NAME     site name shown to readers (default: the folder name)
  --lang CODE     default language of the site, BCP 47 (default: en)
  --id ID         stable site id, [a-z0-9-] (default: derived from the name)
  --no-samples    do not write the sample articles
  --json          print a machine-readable result
  -h, --help      show this help`;

/** Run `init`. */
export async function initCommand(argv: string[]): Promise<number> {
  const { flags, positionals, help } = parseCommand('init', argv, { name: { type: 'string' }, lang: { type: 'string' }, id: { type: 'string' }, 'no-samples': { type: 'boolean' }, json: { type: 'boolean' }, now: { type: 'string' } }, { min: 1, max: 1, names: ['site-dir'] });
  if (help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const now = referenceTime(stringFlag(flags, 'now'));
  const name = stringFlag(flags, 'name');
  const lang = stringFlag(flags, 'lang');
  const id = stringFlag(flags, 'id');
  const r = await initSite(positionals[0]!, { ...(name === undefined ? {} : { name }), ...(lang === undefined ? {} : { lang }), ...(id === undefined ? {} : { id }), samples: flags['no-samples'] !== true, now });
  if (flags['json'] === true) {
    process.stdout.write(JSON.stringify({ ok: true, ...r, rootJson: join(r.siteDir, 'root.json') }) + '\n');
    return 0;
  }
  const dir = positionals[0]!;
  process.stdout.write(
    [
      `Created site "${r.id}" in ${r.siteDir}`,
      `  root key     ${r.rootKeyid.slice(0, 16)}…  (keys/, keep it offline after setup)`,
      `  publish key  ${r.publishKeyid.slice(0, 16)}…`,
      `  trust anchor ${join(dir, 'root.json')}`,
      ...(r.articles.length ? [`  ${r.articles.length} sample article(s), to edit or delete:`, ...r.articles.map((a) => `    ${join(dir, a)}`)] : ['  no sample articles (add Markdown files to articles/)']),
      '',
      'Next:',
      `  pigeonpost mirrors add ${dir} https://mirror.example/    the URLs readers will sync from`,
      `  pigeonpost publish ${dir} --out www                      write the signed tree (outside ${dir})`,
    ].join('\n') + '\n',
  );
  return 0;
}
