/**
 * `pigeonpost update`: ingest from site.json sources, publish (the real publisher), switch the
 * copyTo directories, under a lock that refuses a live holder and takes over a stale one.
 */
import { spawnSync } from 'node:child_process';
import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { updateCommand } from '../../src/cli/commands/update.ts';
import { copyTreeSwitch } from '../../src/cli/ingest/copy-tree.ts';
import { updateLockPath } from '../../src/cli/ingest/update-lock.ts';
import { initSite } from '../../src/cli/site/init-site.ts';
import { FIXTURES, exists, makeSite, removeDir, snapshot } from './helpers.ts';

let root: string | undefined;
afterEach(async () => {
  if (root) await removeDir(root);
  root = undefined;
});

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await updateCommand(args, {
    stdout: { write: (s: string) => { stdout += s; return true; } },
    stderr: { write: (s: string) => { stderr += s; return true; } },
  });
  return { code, stdout, stderr };
}

/** A real site (keys, root) from `pigeonpost init`, with ingest sources and two copyTo dirs. */
async function siteWithSources(): Promise<{ site: string; copyA: string; copyB: string }> {
  root = await makeSite();
  const site = join(root, 'site');
  await initSite(site, { name: 'Update Test', lang: 'en', samples: false, now: Date.parse('2026-03-01T00:00:00Z') });
  const cfg = JSON.parse(await readFile(join(site, 'site.json'), 'utf8')) as Record<string, unknown>;
  const copyA = join(root, 'www', 'mirror-a');
  const copyB = join(root, 'www', 'mirror-b');
  cfg.sources = [{ path: join(FIXTURES, 'feeds/rss.xml') }, { path: join(FIXTURES, 'markdown') }];
  cfg.copyTo = [copyA, copyB];
  cfg.mirrors = ['http://127.0.0.1:9/']; // publish refuses an empty signed mirror list
  await writeFile(join(site, 'site.json'), JSON.stringify(cfg, null, 2));
  return { site, copyA, copyB };
}

describe('pigeonpost update', () => {
  it('ingests, publishes and switches every copyTo directory', async () => {
    const { site, copyA, copyB } = await siteWithSources();
    const r = await run([site, '--no-app']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ingest: 5 added');
    expect(r.stdout).toContain(`update: copied to ${copyA}`);
    const out = join(site, '.pigeonpost', 'tree');
    const tree = await snapshot(out);
    expect(tree.has('timestamp.json')).toBe(true);
    expect(tree.has('root.json')).toBe(true);
    expect(await snapshot(copyA)).toEqual(tree);
    expect(await snapshot(copyB)).toEqual(tree);
    expect((await readdir(dirname(copyA))).sort()).toEqual(['mirror-a', 'mirror-b']); // no .tmp-/.old- left
    expect(await exists(updateLockPath(site))).toBe(false);

    const again = await run([site, '--no-app', '--json']);
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as { ingest: { unchanged: number; added: number }; publish: { articles: { unchanged: number } }; copied: Array<{ ok: boolean }> };
    expect(report.ingest).toMatchObject({ added: 0, unchanged: 5 });
    expect(report.publish.articles.unchanged).toBe(5);
    expect(report.copied.every((c) => c.ok)).toBe(true);
    expect(await snapshot(copyA)).toEqual(await snapshot(out));
  });

  it('refuses to run while another live process holds the lock', async () => {
    const { site } = await siteWithSources();
    await mkdir(join(site, '.pigeonpost'), { recursive: true });
    await writeFile(updateLockPath(site), `${process.ppid}\n`);
    const r = await run([site, '--no-app']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`another update of this site is running (pid ${process.ppid})`);
    expect(await exists(join(site, 'articles', 'night-buses-to-run-through-the-winter.md'))).toBe(false);
    expect(await readFile(updateLockPath(site), 'utf8')).toBe(`${process.ppid}\n`);
  });

  it('takes over a stale lock left by a process that is gone', async () => {
    const { site } = await siteWithSources();
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    await mkdir(join(site, '.pigeonpost'), { recursive: true });
    await writeFile(updateLockPath(site), `${gone}\n`);
    const r = await run([site, '--no-app']);
    expect(r.code).toBe(0);
    expect(await exists(updateLockPath(site))).toBe(false);
  });

  it('publishes even when a source fails, and exits 1', async () => {
    const { site } = await siteWithSources();
    const cfg = JSON.parse(await readFile(join(site, 'site.json'), 'utf8')) as { sources: unknown[] };
    cfg.sources.push({ path: join(FIXTURES, 'feeds/malformed.xml') });
    await writeFile(join(site, 'site.json'), JSON.stringify(cfg));
    const r = await run([site, '--no-app']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/malformed\.xml: malformed feed/);
    expect(await exists(join(site, '.pigeonpost', 'tree', 'timestamp.json'))).toBe(true);
  });

  it('usage errors exit 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['a', 'b'])).code).toBe(2);
    expect((await run(['--help'])).code).toBe(0);
  });
});

describe('copyTreeSwitch', () => {
  it('replaces the old tree completely', async () => {
    root = await makeSite();
    const src = join(root, 'src');
    const dest = join(root, 'dest');
    await mkdir(join(src, 'objects'), { recursive: true });
    await writeFile(join(src, 'objects', 'a'), 'new');
    await mkdir(dest, { recursive: true });
    await writeFile(join(dest, 'stale'), 'old');
    await copyTreeSwitch(src, dest);
    expect([...(await snapshot(dest)).keys()]).toEqual(['objects/a']);
    await expect(copyTreeSwitch(src, join(src, 'inside'))).rejects.toThrow(/overlaps/);
  });
});
