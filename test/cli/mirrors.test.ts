/**
 * Issue 11, part 2: the signed mirror list is site configuration. `pigeonpost mirrors` edits
 * site.json (validated), a daily re-publish keeps the list, --mirror never silently replaces it,
 * and publish refuses an empty list and one that drops a mirror the last manifest signed.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { at, cleanup, hashTree, run, runOk, tempDir } from './helpers.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const A = 'https://mirror-a.example/';
const B = 'https://mirror-b.example/news/';

/** The mirror URLs the tree's current manifest signs. */
async function signedMirrors(out: string): Promise<string[]> {
  const ts = JSON.parse(JSON.parse(await readFile(join(out, 'timestamp.json'), 'utf8')).payload) as { manifest: { sha256: string } };
  const m = JSON.parse(JSON.parse(gunzipSync(await readFile(join(out, 'objects', ts.manifest.sha256))).toString('utf8')).payload) as { mirrors: { url: string }[] };
  return m.mirrors.map((x) => x.url);
}

async function siteMirrors(site: string): Promise<unknown> {
  return (JSON.parse(await readFile(join(site, 'site.json'), 'utf8')) as { mirrors: unknown }).mirrors;
}

describe('pigeonpost mirrors and the signed mirror list', () => {
  let dir: string;
  let site: string;
  let out: string;

  beforeAll(async () => {
    dir = await tempDir();
    site = join(dir, 'site');
    out = join(dir, 'www');
    await runOk(['init', site, '--name', 'Mirror Test', '--no-samples', '--now', at(0)]);
  });
  afterAll(() => cleanup(dir));

  it('refuses to publish an empty list, creating nothing', async () => {
    const r = await run(['publish', site, '--out', out, '--no-app', '--now', at(1)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `pigeonpost: error: no mirrors to sign: add the URLs readers sync from with pigeonpost mirrors add ${site} https://mirror.example/ (http only for 127.0.0.1 or localhost)\n`,
    );
    const listed = await run(['mirrors', 'list', site]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toBe('');
    expect(listed.stderr).toBe(`no mirrors configured; add one with pigeonpost mirrors add ${site} https://mirror.example/\n`);
    await expect(readFile(join(out, 'timestamp.json'))).rejects.toThrow(/ENOENT/);
  });

  it('validates mirror URLs: https, or http only on loopback; nothing changes on a refusal', async () => {
    const before = await hashTree(site);
    const bad: Array<[string, string]> = [
      ['http://mirror.example/', 'is plain http (readers need https; http is allowed only for 127.0.0.1 or localhost)'],
      ['ftp://mirror.example/', 'has the scheme ftp: (mirrors are https:// URLs)'],
      ['mirror.example', 'is not an absolute URL (give it as https://host/path/)'],
      ['https://user:pw@mirror.example/', 'has credentials in it (a mirror is public; remove user:password@)'],
      ['https://mirror.example/?x=1', 'has a query or fragment (give the base URL the tree is served at)'],
    ];
    for (const [url, why] of bad) {
      const r = await run(['mirrors', 'add', site, url]);
      expect(r.code, url).toBe(2);
      expect(r.stderr).toBe(`pigeonpost: error: mirrors add: mirror "${url}" ${why}\n`);
    }
    expect(await hashTree(site)).toEqual(before);
  });

  it('adds, lists and keeps the list across daily publishes', async () => {
    const r = await runOk(['mirrors', 'add', site, A, 'https://mirror-b.example/news', 'http://127.0.0.1:8080']);
    expect(r.stdout).toBe(`Added ${A}, ${B}, http://127.0.0.1:8080/; 3 mirror(s) in site.json. Run pigeonpost publish to sign the new list.\n`);
    const again = await runOk(['mirrors', 'add', site, A, '--json']);
    expect(JSON.parse(again.stdout)).toEqual({ ok: true, mirrors: [A, B, 'http://127.0.0.1:8080/'], added: [] });
    expect((await runOk(['mirrors', 'list', site])).stdout).toBe(`${A}\n${B}\nhttp://127.0.0.1:8080/\n`);
    // Other fields of site.json are kept, in order.
    const cfg = JSON.parse(await readFile(join(site, 'site.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(cfg)).toEqual(['id', 'name', 'lang', 'description', 'mirrors', 'expiry']);
    await runOk(['publish', site, '--out', out, '--no-app', '--now', at(2)]);
    expect(await signedMirrors(out)).toEqual([A, B, 'http://127.0.0.1:8080/']);
    // The next day, with no flag at all: the same list.
    const daily = await runOk(['publish', site, '--out', out, '--no-app', '--now', at(24 * 60)]);
    expect(daily.stderr).toBe('');
    expect(await signedMirrors(out)).toEqual([A, B, 'http://127.0.0.1:8080/']);
  });

  it('--mirror adds a mirror for one publish and says so; it never replaces the list', async () => {
    const r = await runOk(['publish', site, '--out', out, '--no-app', '--mirror', 'https://extra.example/', '--now', at(24 * 60 + 1)]);
    expect(r.stderr).toBe(
      `warning: --mirror https://extra.example/ is signed for this publish only; the next publish refuses to drop it unless it is in site.json (pigeonpost mirrors add ${site} https://extra.example/)\n`,
    );
    expect(await signedMirrors(out)).toEqual([A, B, 'http://127.0.0.1:8080/', 'https://extra.example/']);
    // Without it the next publish would drop it: refused, the tree untouched.
    const before = await hashTree(out);
    const refused = await run(['publish', site, '--out', out, '--no-app', '--json', '--now', at(24 * 60 + 2)]);
    const message =
      'the last signed mirror list has https://extra.example/, which this publish would drop and readers would stop using; ' +
      `keep it with pigeonpost mirrors add ${site} https://extra.example/, or pass --allow-mirror-removal to drop it`;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`pigeonpost: error: ${message}\n`);
    expect(JSON.parse(refused.stdout)).toEqual({ ok: false, code: 'MIRRORS_DROPPED', message, exitCode: 1 });
    expect(await hashTree(out)).toEqual(before);
    const allowed = await runOk(['publish', site, '--out', out, '--no-app', '--allow-mirror-removal', '--now', at(24 * 60 + 3)]);
    expect(allowed.stderr).toBe('warning: dropping https://extra.example/ from the signed mirror list (--allow-mirror-removal)\n');
    expect(await signedMirrors(out)).toEqual([A, B, 'http://127.0.0.1:8080/']);
  });

  it('removing a mirror needs --allow-mirror-removal at the next publish, also for a fresh --out', async () => {
    const r = await runOk(['mirrors', 'remove', site, B]);
    expect(r.stdout).toBe(`Removed ${B}; 2 mirror(s) left in site.json. The next publish signs the shorter list only with --allow-mirror-removal.\n`);
    expect(await siteMirrors(site)).toEqual([A, 'http://127.0.0.1:8080/']);
    const unknown = await run(['mirrors', 'remove', site, 'https://never.example/']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(`pigeonpost: error: mirrors remove: https://never.example/ is not one of this site's mirrors (see pigeonpost mirrors list ${site})\n`);
    const fresh = join(dir, 'fresh');
    const refused = await run(['publish', site, '--out', fresh, '--no-app', '--now', at(24 * 60 + 4)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^pigeonpost: error: the last signed mirror list has https:\/\/mirror-b\.example\/news\/, which this publish would drop/);
    // A refused first publish into a new folder leaves no folder behind.
    await expect(readFile(join(fresh, 'timestamp.json'))).rejects.toThrow(/ENOENT/);
    await runOk(['publish', site, '--out', out, '--no-app', '--allow-mirror-removal', '--now', at(24 * 60 + 5)]);
    expect(await signedMirrors(out)).toEqual([A, 'http://127.0.0.1:8080/']);
  });

  it('a site whose publisher state is gone still keeps the mirrors of the tree in --out', async () => {
    const { rm } = await import('node:fs/promises');
    await rm(join(site, '.pigeonpost', 'publish-state.json'), { force: true });
    await runOk(['mirrors', 'remove', site, 'http://127.0.0.1:8080/']);
    const r = await run(['publish', site, '--out', out, '--no-app', '--now', at(24 * 60 + 6)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^pigeonpost: error: the last signed mirror list has http:\/\/127\.0\.0\.1:8080\/, which this publish would drop/);
  });

  it('keeps an IPFS gateway entry of site.json through add and remove, and lists it', async () => {
    const { writeFile } = await import('node:fs/promises');
    const cfg = JSON.parse(await readFile(join(site, 'site.json'), 'utf8')) as Record<string, unknown>;
    const gateway = { url: 'https://gw.example/', kind: 'ipfs-gateway' };
    await writeFile(join(site, 'site.json'), JSON.stringify({ ...cfg, mirrors: [A, gateway] }, null, 2));
    await runOk(['mirrors', 'add', site, B]);
    expect(await siteMirrors(site)).toEqual([A, B, gateway]);
    expect((await runOk(['mirrors', 'list', site])).stdout).toBe(`${A}\n${B}\nhttps://gw.example/ (ipfs-gateway)\n`);
    await runOk(['mirrors', 'remove', site, B]);
    expect(await siteMirrors(site)).toEqual([A, gateway]);
  });
});
