/**
 * Build the reader app shell once for the app tests (buildAppShell with a throwaway site and a
 * placeholder trust anchor; nothing here verifies signatures) and return where it landed.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAppShell, type BuildAppShellOptions } from '../../../src/cli/app-shell/build-app-shell.ts';

/** A shared cache, so test files after the first reuse the build. */
export const TEST_CACHE_DIR = join(tmpdir(), 'pigeonpost-test-app-shell-cache');

/** The site the test shell is built for. */
export const TEST_SITE: Omit<BuildAppShellOptions, 'out'> = {
  siteDir: '/nonexistent',
  rootBytes: new TextEncoder().encode('{"payload":"placeholder","signatures":[]}'),
  mirrors: ['https://mirror-a.test/', 'https://mirror-b.test/'],
  site: { id: 'demo-news', name: 'Demo News', lang: 'en', description: 'Independent news, mirrored.' },
  cacheDir: TEST_CACHE_DIR,
};

/** Build (or reuse) the shell into a fresh directory. */
export async function builtShell(extra: Partial<BuildAppShellOptions> = {}): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), 'pigeonpost-shell-'));
  await buildAppShell({ ...TEST_SITE, ...extra, out });
  return out;
}
