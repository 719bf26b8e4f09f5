/**
 * The command surface: help, usage errors (exit 2), --json, and progress on a TTY vs a pipe.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, makeSite, removeDir, runIngest } from './helpers.ts';

let site: string | undefined;
afterEach(async () => {
  if (site) await removeDir(site);
  site = undefined;
});

describe('pigeonpost ingest (command)', () => {
  it('--help prints usage and exits 0', async () => {
    const r = await runIngest(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: pigeonpost ingest <source>\.\.\. --into <site-dir>/);
    expect(r.stdout).toContain('--fetch-full');
    expect(r.stdout).toContain('--text-only');
  });

  it.each([
    [[join(FIXTURES, 'feeds/rss.xml')], '--into <site-dir> is required'],
    [['--into', '/tmp'], 'give at least one source'],
    [['x', '--into', '/tmp', '--bogus'], "unknown option '--bogus'"],
    [['x', '--into', '/tmp', '--timeout', 'soon'], '--timeout must be a positive number'],
  ])('usage error %j exits 2 with one line', async (args, message) => {
    const r = await runIngest(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  it('a missing --into folder is a failure (exit 1, as in every command), not a usage error', async () => {
    const r = await runIngest(['x', '--into', '/definitely/not/a/site']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('pigeonpost: error: ingest: /definitely/not/a/site: no such site folder (create one with pigeonpost init /definitely/not/a/site)\n');
    expect(r.stdout).toBe('');
  });

  it('rejects a malformed site.json with exit 1, as every command does', async () => {
    site = await makeSite();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(site, 'site.json'), '{ "imageBudget": "lots" }');
    const r = await runIngest([join(FIXTURES, 'feeds/rss.xml'), '--into', site]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('imageBudget must be a whole number of bytes');
  });

  it('--json prints only a JSON summary', async () => {
    site = await makeSite();
    const r = await runIngest([join(FIXTURES, 'feeds/rss.xml'), join(FIXTURES, 'feeds/malformed.xml'), '--into', site, '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const s = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(s)).toEqual(['added', 'updated', 'unchanged', 'failed', 'bytesWritten', 'failedSources', 'articles', 'warnings']);
    expect(s).toMatchObject({ added: 3, updated: 0, unchanged: 0, failed: 1 });
    expect((s.failedSources as Array<{ code: string }>)[0]!.code).toBe('MALFORMED_FEED');
    expect(s.bytesWritten).toBeGreaterThan(1000);
  });

  it('prints plain progress lines when stdout is not a terminal', async () => {
    site = await makeSite();
    const r = await runIngest([join(FIXTURES, 'feeds/rss.xml'), '--into', site]);
    expect(r.stdout).not.toContain('\r');
    expect(r.stdout.split('\n').filter((l) => /^\[\d\/3\] added /.test(l))).toHaveLength(3);
    expect(r.stdout).toMatch(/ingest: 3 added, 0 updated, 0 unchanged, 0 failed; [\d.]+ kB written\n$/);
  });

  it('updates a single line with \\r on a terminal', async () => {
    site = await makeSite();
    const r = await runIngest([join(FIXTURES, 'feeds/rss.xml'), '--into', site], { tty: true });
    expect(r.stdout.match(/\r\[\d\/3\] added [^\n\r]*\x1b\[K/g)).toHaveLength(3);
    const lines = r.stdout.split('\n');
    expect(lines).toHaveLength(3); // the progress line, the summary, and the final newline
    expect(lines[1]).toMatch(/^ingest: 3 added/);
  });
});
