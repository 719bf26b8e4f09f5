/**
 * `pigeonpost publish` (and `update`, which publishes) on a terminal shows one updating progress
 * line (articles rendered, then packs built) and keeps its log lines whole; without a terminal,
 * and with --json, it prints no progress at all. The terminal is a real pseudo-terminal from
 * util-linux `script` (part of every Debian system), so the binary sees process.stdout.isTTY as an
 * operator's shell gives it.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Progress, publishProgress } from '../../src/cli/util/progress.ts';
import { BIN, at, cleanup, runOk, tempDir, addTestMirror, TEST_MIRROR } from './helpers.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

/** Single-quote a word for sh. */
const sh = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

/** Run `pigeonpost ...args` on a 120-column pseudo-terminal; its output as the terminal got it. */
function onTerminal(args: string[], env: Record<string, string> = {}): Promise<string> {
  const command = `stty cols 120; ${[process.execPath, BIN, ...args].map(sh).join(' ')}`;
  return new Promise((resolve, reject) => {
    execFile('script', ['-qec', command, '/dev/null'], { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024, timeout: 100_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`script failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve(String(stdout));
    });
  });
}

describe('publish progress', () => {
  let dir: string;
  let site: string;

  beforeAll(async () => {
    dir = await tempDir();
    site = join(dir, 'site');
    await runOk(['init', site, '--name', 'Progress Test', '--now', at(0)]);
    await addTestMirror(site);
    for (let n = 0; n < 12; n++) await writeFile(join(site, 'articles', `p${n}.md`), `---\ntitle: "Item ${n}"\ndate: 2030-01-0${1 + (n % 9)}T10:00:00+03:00\n---\n\nText ${n}.\n`);
  });
  afterAll(() => cleanup(dir));

  it('shows rendered articles and built packs on a terminal, and ends the line before the result', async () => {
    // A one-off --mirror makes publish warn before it renders anything.
    const out = await onTerminal(['publish', site, '--out', join(dir, 'tty'), '--now', at(5), '--no-app', '--mirror', 'http://127.0.0.1:7/']);
    const total = 12 + 6; // the init samples and the 12 above
    expect(out).toContain(`\r[${total}/${total}] articles rendered\x1b[K`);
    expect(out).toMatch(/\r\[\d+\/\d+\] packs built\x1b\[K\r?\n/);
    // The result line is whole, on a line of its own after the last count.
    expect(out).toMatch(/packs built\x1b\[K\r?\npublished 18 articles \(18 added/);
    // The warning printed before any count is a whole line too.
    expect(out).toMatch(/^warning: --mirror http:\/\/127\.0\.0\.1:7\/ is signed for this publish only[^\r\n]*\r?\n/);
    // Keep it, or every later publish of this site refuses to drop it.
    await addTestMirror(site, [TEST_MIRROR, 'http://127.0.0.1:7/']);
  });

  it('prints no progress without a terminal or with --json', async () => {
    const plain = await runOk(['publish', site, '--out', join(dir, 'plain'), '--now', at(5), '--no-app']);
    expect(plain.stdout + plain.stderr).not.toMatch(/articles rendered|packs built|\r/);
    const json = await onTerminal(['publish', site, '--out', join(dir, 'json'), '--now', at(6), '--no-app', '--json']);
    expect(json).not.toMatch(/articles rendered|packs built/);
    expect(json).toMatch(/"articles": \{/);
  });

  it('shows the publish step of update on a terminal too', async () => {
    // Two new articles since the publishes above: only they are rendered.
    for (const n of [12, 13]) await writeFile(join(site, 'articles', `p${n}.md`), `---\ntitle: "Item ${n}"\ndate: 2030-01-02T10:00:00+03:00\n---\n\nText ${n}.\n`);
    const out = await onTerminal(['update', site, '--out', join(dir, 'update'), '--no-app'], { PIGEONPOST_NOW: at(7) });
    expect(out).toContain('\r[2/2] articles rendered\x1b[K');
    expect(out).toMatch(/packs built\x1b\[K\r?\npublished 20 articles \(2 added/);
  });
});

describe('publishProgress', () => {
  it('updates the line at most every 100 ms, always shows the last count, and ends the line after the last pack', () => {
    const writes: string[] = [];
    const tty = { isTTY: true, columns: 100, write: (s: string) => writes.push(s) > 0 };
    const show = publishProgress(new Progress(tty, tty));
    for (let i = 1; i <= 5000; i++) show('render', i, 5000);
    for (let i = 1; i <= 50; i++) show('pack', i, 50);
    // 5,050 calls in well under 100 ms: the first of each stage and the last.
    expect(writes.filter((w) => w.includes('articles rendered'))).toEqual(['\r[1/5000] articles rendered\x1b[K', '\r[5000/5000] articles rendered\x1b[K']);
    expect(writes.filter((w) => w.includes('packs built'))).toEqual(['\r[50/50] packs built\x1b[K']);
    expect(writes.at(-1)).toBe('\n');
  });
});
