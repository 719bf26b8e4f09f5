/**
 * The demo behind `npm start`: a site made from the sample articles (English and Russian) in
 * .demo/site, published into .demo/origin and copied to .demo/mirror-1 and .demo/mirror-2, each
 * served on its own local port (origin 8080, mirrors 8081 and 8082, or free ports when taken).
 * The signed mirror list holds all three URLs. Re-running keeps the site and its keys, so a
 * browser that installed the reader keeps trusting it.
 */
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { publishSite } from '../../src/cli/publish/publish-site.ts';
import { startServer, type RunningServer } from '../../src/cli/serve/server.ts';
import { initSite } from '../../src/cli/site/init-site.ts';
import { exists } from '../../src/cli/util/fs.ts';
import { CliError } from '../../src/cli/util/errors.ts';
import { replaceMirrors } from '../../src/cli/site/mirrors.ts';

const HOST = '127.0.0.1';
const WANTED_PORTS = [8080, 8081, 8082];

async function serveOn(dir: string, port: number): Promise<RunningServer> {
  try {
    return await startServer(dir, { host: HOST, port });
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    return startServer(dir, { host: HOST, port: 0 });
  }
}

/** Build, publish and serve the demo; resolves with a stop function once everything is up. */
export async function runDemo(repoRoot: string, log: (line: string) => void = console.log): Promise<{ urls: string[]; stop: () => Promise<void> }> {
  const base = resolve(repoRoot, '.demo');
  const siteDir = join(base, 'site');
  const dirs = ['origin', 'mirror-1', 'mirror-2'].map((d) => join(base, d));
  if (!(await exists(join(siteDir, 'site.json')))) {
    log('Creating the demo site from the sample articles…');
    await initSite(siteDir, { name: 'Pigeonpost Demo', id: 'pigeonpost-demo', lang: 'en', now: Date.now() });
  }
  for (const d of dirs) await mkdir(d, { recursive: true });

  // Listen first: the mirror URLs (with their actual ports) go into the signed mirror list.
  const servers: RunningServer[] = [];
  for (let i = 0; i < dirs.length; i++) servers.push(await serveOn(dirs[i]!, WANTED_PORTS[i]!));
  const urls = servers.map((s) => s.url);

  log('Publishing…');
  // The demo's mirrors are wherever its servers listen this time: they replace the list.
  await replaceMirrors(siteDir, urls);
  const summary = await publishSite(siteDir, { out: dirs[0]!, allowMirrorRemoval: true, log });
  for (const d of dirs.slice(1)) {
    await rm(d, { recursive: true, force: true });
    await cp(dirs[0]!, d, { recursive: true });
  }
  log('');
  log(`Pigeonpost demo: ${summary.articles.total} sample articles, site "${summary.site}"${summary.appShell ? '' : ' (reader app not built yet: only the repository files are served)'}`);
  log(`  origin    ${urls[0]}${summary.appShell ? '   ← open this in a browser' : ''}`);
  log(`  mirror 1  ${urls[1]}`);
  log(`  mirror 2  ${urls[2]}`);
  log(`  site folder ${siteDir}; verify a mirror with:`);
  log(`    node scripts/pigeonpost.mjs check ${urls[1]} --root ${join(siteDir, 'root.json')}`);
  const story = (await readdir(join(siteDir, 'articles'))).filter((f) => f.endsWith('.md')).sort()[0]?.replace(/\.md$/, '');
  if (story) {
    log('  pass one story on as a self-verifying file, and check it as the recipient would:');
    log(`    node scripts/pigeonpost.mjs share export ${siteDir} ${story} --out ${join(base, 'story.html')}`);
    log(`    node scripts/pigeonpost.mjs share verify ${join(base, 'story.html')} --root ${join(siteDir, 'root.json')}`);
  }
  log('Press Ctrl-C to stop.');
  return { urls, stop: async () => void (await Promise.all(servers.map((s) => s.close()))) };
}
