/**
 * Issue 11, part 4: the one-line contract, through the real binary. Every command given a path
 * that does not exist, a file where a folder is expected, a malformed site.json or an unknown flag
 * answers with one line on stderr naming the fault, the right exit code (2 usage, 1 otherwise, the
 * same in every command), a JSON object with --json, and creates or changes nothing. Plus the exact
 * messages of the faults the issue lists, the version flags, and publish's sanitising warnings.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addTestMirror, cleanup, hashTree, REPO, run, runOk, tempDir, type RunResult } from './helpers.ts';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 180_000 });

/** One line on stderr in the contract's shape, no stack, and the JSON failure on stdout. */
function expectOneLine(r: RunResult, exitCode: number, what: string): { code: string; message: string } {
  expect(r.code, `${what}\n${r.stderr}`).toBe(exitCode);
  expect(r.stderr, what).toMatch(/^pigeonpost: error: \S[^\n]*\n$/);
  expect(r.stderr, what).not.toMatch(/\bat \S+:\d+:\d+/);
  const doc = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ok: boolean; code: string; message: string; exitCode: number };
  expect(doc.ok, what).toBe(false);
  expect(doc.exitCode, what).toBe(exitCode);
  expect(typeof doc.code, what).toBe('string');
  expect(r.stderr, what).toBe(`pigeonpost: error: ${doc.message}\n`);
  return doc;
}

describe('the one-line contract', () => {
  let dir: string;
  let site: string;
  let www: string;

  beforeAll(async () => {
    dir = await tempDir();
    site = join(dir, 'site');
    www = join(dir, 'www');
    await runOk(['init', site, '--name', 'Contract Test']);
    await addTestMirror(site);
    await runOk(['publish', site, '--out', www, '--no-app']);
    await writeFile(join(dir, 'file.txt'), 'a file, not a folder\n');
    await mkdir(join(dir, 'broken'));
    await writeFile(join(dir, 'broken', 'site.json'), '{\n  "id": "broken",\n  "name": "Broken"\n  "lang": "en"\n}\n');
    await mkdir(join(dir, 'src'));
    await writeFile(join(dir, 'src', 'note.md'), '---\ntitle: A note\ndate: 2030-01-01T10:00:00Z\n---\n\nText.\n');
  });
  afterAll(() => cleanup(dir));

  it('every command: a missing path, a file for a folder, a malformed site.json, an unknown flag', async () => {
    const missing = join(dir, 'missing');
    const file = join(dir, 'file.txt');
    const broken = join(dir, 'broken');
    const siteCommands: Array<(x: string) => string[]> = [
      (x) => ['publish', x, '--out', join(dir, 'out')],
      (x) => ['mirrors', 'list', x],
      (x) => ['mirrors', 'add', x, 'https://m.example/'],
      (x) => ['mirrors', 'remove', x, 'https://m.example/'],
      (x) => ['keys', 'rotate', x, '--role', 'publish'],
      (x) => ['update', x],
      (x) => ['share', 'export', x, 'some-story', '--out', join(dir, 'story.json')],
      (x) => ['ingest', '--into', x, join(dir, 'src')],
    ];
    const folderCommands: Array<(x: string) => string[]> = [(x) => ['serve', x, '--port', '0'], (x) => ['check', x, '--root', join(site, 'root.json')]];
    const cases: Array<{ args: string[]; exit: number; message?: string }> = [];
    for (const c of siteCommands) {
      cases.push({ args: c(missing), exit: 1 }, { args: c(file), exit: 1 }, { args: c(broken), exit: 1 }, { args: [...c(site), '--bogus'], exit: 2 });
    }
    for (const c of folderCommands) cases.push({ args: c(missing), exit: 1 }, { args: c(file), exit: 1 }, { args: [...c(www), '--bogus'], exit: 2 });
    cases.push({ args: ['init', file], exit: 1 }, { args: ['init', join(dir, 'new-site'), '--bogus'], exit: 2 });
    cases.push({ args: ['no-such-command'], exit: 2 }, { args: ['mirrors', 'frobnicate', site], exit: 2 }, { args: ['keys', 'spin', site], exit: 2 });

    const before = await hashTree(dir);
    const results: RunResult[] = [];
    for (let i = 0; i < cases.length; i += 4) results.push(...(await Promise.all(cases.slice(i, i + 4).map((c) => run([...c.args, '--json'])))));
    for (const [i, c] of cases.entries()) {
      const what = c.args.join(' ');
      const doc = expectOneLine(results[i]!, c.exit, what);
      if (c.args.includes(missing) && !c.args.includes('serve') && !c.args.includes('check')) expect(doc.code, what).toBe('NOT_FOUND');
      if (c.args.includes(broken)) {
        expect(doc.code, what).toBe('BAD_JSON');
        expect(doc.message, what).toContain(`${join(broken, 'site.json')}:4:3: site.json is not valid JSON (Expected ',' or '}' after property value)`);
      }
      if (c.exit === 2) expect(doc.code, what).toBe('USAGE');
    }
    // Nothing was created or changed by any of them.
    expect(await hashTree(dir)).toEqual(before);
    expect((await readdir(dir)).sort()).toEqual(['broken', 'file.txt', 'site', 'src', 'www']);
  });

  it('gives the exact messages for the faults operators met', async () => {
    const cases: Array<[string[], number, string]> = [
      [['publish'], 2, 'publish: missing argument <site-dir> (see pigeonpost publish --help)'],
      [['share', 'export', site], 2, 'share export: missing argument <id> (see pigeonpost share export --help)'],
      [['serve', www, '--host', '999.1.1.1'], 2, 'serve: --host must be an IP address of this machine such as 127.0.0.1 or 0.0.0.0, got "999.1.1.1"'],
      [['check', 'ftp://mirror.example/', '--root', join(site, 'root.json')], 2, 'check: ftp://mirror.example/ has the scheme ftp: (give an http(s):// URL or a local folder)'],
      [['check', join(dir, 'nope'), '--root', join(site, 'root.json')], 1, `check: ${join(dir, 'nope')}: no such folder (give a mirror's http(s):// URL or a published tree's folder)`],
      [['check', www, '--root', join(site, 'site.json')], 1, `check: --root ${join(site, 'site.json')} is not a root (it looks like site.json); give the site's root.json (the trust anchor publish writes)`],
      [['check', www, '--root', join(www, 'timestamp.json')], 1, `check: --root ${join(www, 'timestamp.json')} is a signed pigeonpost.timestamp, not a root; give the site's root.json`],
      [['check', www, '--root', join(dir, 'src', 'note.md')], 1, `check: --root ${join(dir, 'src', 'note.md')}:1:1: not JSON (No number after minus sign); give the site's root.json`],
      [['update', join(dir, 'no-such-site')], 1, `update: ${join(dir, 'no-such-site')}: no such site folder (create one with pigeonpost init ${join(dir, 'no-such-site')})`],
      [['publish', join(dir, 'broken'), '--out', join(dir, 'o')], 1, `${join(dir, 'broken', 'site.json')}:4:3: site.json is not valid JSON (Expected ',' or '}' after property value)`],
      [['update', join(dir, 'broken')], 1, `update: ${join(dir, 'broken', 'site.json')}:4:3: site.json is not valid JSON (Expected ',' or '}' after property value)`],
    ];
    const results = await Promise.all(cases.map(([args]) => run(args)));
    for (const [i, [args, exit, message]] of cases.entries()) {
      expect(results[i]!.code, args.join(' ')).toBe(exit);
      expect(results[i]!.stderr, args.join(' ')).toBe(`pigeonpost: error: ${message}\n`);
    }
    await expect(readdir(join(dir, 'no-such-site'))).rejects.toThrow(/ENOENT/);
  });

  it('--version and -v print the version, and the help names them', async () => {
    const { version } = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(join(REPO, 'package.json'), 'utf8'))) as { version: string };
    for (const flag of ['--version', '-v', '-V']) expect((await runOk([flag])).stdout).toBe(`pigeonpost ${version} (repository format 1)\n`);
    const help = (await runOk(['--help'])).stdout;
    expect(help).toContain('  -v, --version  print the version');
    expect(help).toContain('  mirrors');
  });

  it('init and keys rotate answer with JSON', async () => {
    const init = JSON.parse((await runOk(['init', join(dir, 'j-site'), '--no-samples', '--json'])).stdout) as Record<string, unknown>;
    expect(init).toMatchObject({ ok: true, id: 'j-site', articles: [] });
    const rot = JSON.parse((await runOk(['keys', 'rotate', join(dir, 'j-site'), '--role', 'publish', '--json'])).stdout) as Record<string, unknown>;
    expect(rot).toMatchObject({ ok: true, role: 'publish', version: 2 });
    // Neither prints key material.
    expect(JSON.stringify(init) + JSON.stringify(rot)).not.toMatch(/pkcs8/);
  });

  it('publish lists, per article, what sanitising removed, on stderr', async () => {
    await writeFile(
      join(site, 'articles', 'raw-html.md'),
      '---\ntitle: Raw HTML\ndate: 2030-01-01T10:00:00Z\n---\n\n<p onclick="steal()" onmouseover="x()">Text <a href="javascript:alert(1)">link</a></p>\n\n<script>alert(1)</script>\n\n<iframe src="https://x.example/"></iframe>\n',
    );
    const r = await runOk(['publish', site, '--out', www, '--no-app']);
    expect(r.stderr).toBe('warning: raw-html: removed 1 script, 2 event handlers, 1 javascript: link, 1 frame\n');
    expect(r.stdout).not.toContain('warning');
    // An unchanged article is not reported again.
    expect((await runOk(['publish', site, '--out', www, '--no-app'])).stderr).toBe('');
  });

  it('an unwritable --out (procfs) fails at once with one line, creating nothing', async () => {
    const started = Date.now();
    const r = await run(['publish', site, '--out', '/proc/pigeonpost-out', '--json']);
    expect(Date.now() - started).toBeLessThan(30_000); // Node's recursive mkdir used to spin here for ever
    const doc = expectOneLine(r, 1, 'publish --out /proc/...');
    expect(doc).toMatchObject({ code: 'OUT_NOT_WRITABLE', message: '--out /proc/pigeonpost-out: cannot write the mirror tree there (no such file or directory); choose a writable folder' });
  });
});
