/**
 * Issue 11, part 3: the README's operator install works outside the clone. `npm install -g .`
 * (into a temporary prefix, as `--prefix ~/.local` would) puts `pigeonpost` on the PATH, and the
 * README's commands then run as written from the operator's own folder: init names the sample the
 * README edits, mirrors add, publish, check, share export and verify.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, REPO, tempDir } from './helpers.ts';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 180_000 });

function exec(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

describe('pigeonpost installed on the PATH, used from another folder', () => {
  let dir: string;
  let prefix: string;
  let work: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = await tempDir();
    prefix = join(dir, 'prefix');
    work = join(dir, 'newsroom');
    await mkdir(work);
    const npm = await exec('npm', ['install', '-g', REPO, '--prefix', prefix, '--offline', '--no-audit', '--no-fund'], { cwd: dir });
    expect(npm.code, npm.stderr).toBe(0);
    // Only the installed binary can answer to `pigeonpost`: a PATH without the clone's tools.
    env = { ...process.env, PATH: `${join(prefix, 'bin')}:/usr/bin:/bin` };
  });
  afterAll(() => cleanup(dir));

  const pp = (args: string[]) => exec('pigeonpost', args, { cwd: work, env });

  it('runs the README commands as written', async () => {
    const version = await pp(['--version']);
    expect(version.stdout).toMatch(/^pigeonpost \d+\.\d+\.\d+ \(repository format 1\)\n$/);

    const init = await pp(['init', 'my-site', '--name', 'My News', '--lang', 'en']);
    expect(init.code, init.stderr).toBe(0);
    // The README edits this sample: init names it.
    const sample = 'my-site/articles/lindenford-night-bus.md';
    expect(init.stdout).toContain(`    ${sample}\n`);
    expect(await readFile(join(work, sample), 'utf8')).toContain('title:');
    expect(await readFile(join(REPO, 'README.md'), 'utf8')).toContain(`$EDITOR ${sample}`);
    await writeFile(join(work, sample), (await readFile(join(work, sample), 'utf8')) + '\nAn edit by the operator.\n');

    expect((await pp(['mirrors', 'add', 'my-site', 'https://mirror-a.example/', 'https://mirror-b.example/'])).code).toBe(0);
    const pub = await pp(['publish', 'my-site', '--out', 'www']);
    expect(pub.code, pub.stderr).toBe(0);
    expect(pub.stderr).toBe('');
    const check = await pp(['check', 'www', '--root', 'my-site/root.json']);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toMatch(/^OK: .* 6 article\(s\) in \d+ pack\(s\), 2 signed mirror\(s\)\n$/m);
    const rotate = await pp(['keys', 'rotate', 'my-site', '--role', 'publish']);
    expect(rotate.code, rotate.stderr).toBe(0);
    expect((await pp(['publish', 'my-site', '--out', 'www'])).code).toBe(0);
    const share = await pp(['share', 'export', 'my-site', 'lindenford-night-bus', '--out', 'story.json']);
    expect(share.code, share.stderr).toBe(0);
    const verify = await pp(['share', 'verify', 'story.json', '--root', 'my-site/root.json']);
    expect(verify.code, verify.stdout).toBe(0);
  });
});
