/** The dispatcher: help, unknown commands, usage errors (exit 2), one-line errors. */
import { describe, expect, it, vi } from 'vitest';

// Each test runs the real binary; the machine may be shared and slow.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import { run } from './helpers.ts';

describe('pigeonpost dispatcher', () => {
  it('prints help with every command', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['init', 'publish', 'serve', 'check', 'keys']) expect(r.stdout).toContain(`  ${c}`);
  });

  it('exits 2 without a command', async () => {
    expect((await run([])).code).toBe(2);
  });

  it('every command has --help', async () => {
    const cmds = [['init'], ['publish'], ['serve'], ['check'], ['keys', 'rotate'], ['keys']];
    const results = await Promise.all(cmds.map((c) => run([...c, '--help'])));
    for (const [i, r] of results.entries()) {
      const c = cmds[i]!;
      expect(r.code, c.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Usage: pigeonpost /);
    }
  });

  it('reports usage errors on one line with exit 2 and no stack trace', async () => {
    const cases = [
      ['frobnicate'],
      ['publish', '/tmp/nowhere'],
      ['publish', '/tmp/nowhere', '--out'],
      ['serve', '/tmp', '--port', 'abc'],
      ['check', '/tmp'],
      ['keys', 'rotate', '/tmp', '--role', 'admin'],
      ['keys', 'spin'],
      ['publish', 'a', 'b', '--out', 'c'],
    ];
    const results = await Promise.all(cases.map((args) => run(args)));
    for (const [i, r] of results.entries()) {
      const args = cases[i]!;
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^pigeonpost: error: \S/);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('reports failures on one line with exit 1', async () => {
    const r = await run(['publish', '/tmp/pigeonpost-no-such-site', '--out', '/tmp/pigeonpost-no-such-out']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('pigeonpost: error: /tmp/pigeonpost-no-such-site: no such site folder (create one with pigeonpost init /tmp/pigeonpost-no-such-site)\n');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
