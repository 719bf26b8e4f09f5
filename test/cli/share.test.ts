/**
 * `pigeonpost share export` and `share verify` with the real binary: a standalone HTML share file
 * of published stories verifies against the site's root.json (also an older one, through the
 * carried chain after a key rotation); a tampered story, a story of another site (with its key
 * fingerprint), a cut-off file and a file that is not a share are each reported; the JSON share
 * files of earlier versions still verify; nothing is written for an unknown article.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { at, cleanup, run, runOk, tempDir, addTestMirror } from './helpers.ts';
import { shareContainer, tamperTitle } from '../helpers/share-file.ts';
import { decodeShareFile } from '../../src/core/format/share-html.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let dir: string;
let site: string;
let ids: string[];

beforeAll(async () => {
  dir = await tempDir();
  site = join(dir, 'site');
  await runOk(['init', site, '--name', 'Share Test', '--now', at(0)]);
  await addTestMirror(site);
  await runOk(['publish', site, '--out', join(dir, 'out'), '--no-app', '--now', at(1)]);
  ids = (await readdir(join(site, 'articles'))).map((f) => f.replace(/\.md$/, '')).sort();
});
afterAll(() => cleanup(dir));

const verify = (file: string, root: string, now = at(2)) => run(['share', 'verify', file, '--root', root, '--json', '--now', now]);

describe('pigeonpost share', () => {
  it('exports published stories with their pictures, and the file verifies against root.json', async () => {
    const file = join(dir, 'two.html');
    const ex = JSON.parse((await runOk(['share', 'export', site, ids[0]!, ids[3]!, '--out', file, '--json', '--now', at(2)])).stdout);
    const html = await readFile(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:;`);
    expect(html).toMatch(/<img src="data:image\/(webp|jpeg|png);base64,/);
    expect(html).toContain('key fingerprint');
    // No address the page could load: only data: images, no script that runs, no external style.
    expect(html).not.toMatch(/<(script|link|iframe|object|embed)\b(?![^>]*type="application\/vnd\.pigeonpost\.share")/);
    expect(shareContainer(html).manifest).toBeTypeOf('string');
    // Each story's text is carried once: in the page, not again in the data block (format.md §7.1).
    expect(shareContainer(html).articles.map((a) => a['body' as keyof typeof a])).toEqual([1, 2]);
    expect(html).toContain('<!--pigeonpost-body 2-->');
    expect(ex.articles.map((a: { id: string }) => a.id)).toEqual([ids[0], ids[3]]);
    expect(ex.rootVersions).toBe(1);
    const r = await verify(file, join(site, 'root.json'));
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ ok: true, site: 'share-test', rootVersion: 1, rootExpired: false });
    expect(report.articles.map((a: { id: string; ok: boolean }) => [a.id, a.ok])).toEqual([[ids[0], true], [ids[3], true]]);
    expect(report.articles[0].missingImages).toBe(0);
    const human = await run(['share', 'verify', file, '--root', join(site, 'root.json'), '--now', at(2)]);
    expect(human.stdout).toMatch(/^OK: every article in .* is signed by Share Test \(share-test, key fingerprint [0-9A-F]{4}( [0-9A-F]{4}){4}\) \(root version 1\)/);
    expect(human.stdout).toMatch(/signed mirror list v\d+/);
  });

  it('--no-images leaves the pictures out; the stories still verify and say what is missing', async () => {
    const file = join(dir, 'text.html');
    await runOk(['share', 'export', site, ids[0]!, '--out', file, '--no-images', '--now', at(2)]);
    const report = JSON.parse((await verify(file, join(site, 'root.json'))).stdout);
    expect(report.ok).toBe(true);
    expect(report.articles[0].images).toBe(0);
    expect(report.articles[0].missingImages).toBeGreaterThan(0);
  });

  it('reports a tampered story (exit 1) and keeps the others', async () => {
    const file = join(dir, 'tampered.html');
    await runOk(['share', 'export', site, ids[1]!, ids[2]!, '--out', file, '--now', at(2)]);
    // Change one word inside the signed envelope text of the second story.
    const tampered = tamperTitle(await readFile(file, 'utf8'), 1);
    expect(shareContainer(tampered).articles[1]!.envelope).toContain('BREAKING');
    await writeFile(file, tampered);
    const r = await verify(file, join(site, 'root.json'));
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(false);
    expect(report.articles[0]).toMatchObject({ ok: true, id: ids[1] });
    expect(report.articles[1]).toMatchObject({ ok: false, index: 1, reason: 'tampered', code: 'BAD_SIGNATURE' });
  });

  it('a story of another site does not verify against this root, and a file that is no share is refused', async () => {
    const other = join(dir, 'other');
    await runOk(['init', other, '--name', 'Other Site', '--now', at(0)]);
    await addTestMirror(other);
    await runOk(['publish', other, '--out', join(dir, 'other-out'), '--no-app', '--now', at(1)]);
    const otherIds = (await readdir(join(other, 'articles'))).map((f) => f.replace(/\.md$/, ''));
    const file = join(dir, 'other.html');
    await runOk(['share', 'export', other, otherIds[0]!, '--out', file, '--now', at(2)]);
    const theirs = JSON.parse((await verify(file, join(other, 'root.json'))).stdout);
    const r = await verify(file, join(site, 'root.json'));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).articles[0]).toMatchObject({ ok: false, reason: 'foreign', publisher: 'Other Site', fingerprint: theirs.fingerprint });
    await writeFile(join(dir, 'junk.json'), '{"_type":"pigeonpost.article"}');
    const junk = await verify(join(dir, 'junk.json'), join(site, 'root.json'));
    expect(junk.code).toBe(1);
    expect(junk.stderr).toMatch(/is not a valid share for site share-test: not-pigeonpost/);
    await writeFile(join(dir, 'page.html'), '<!doctype html><title>Hello</title><p>Just a page.</p>');
    expect((await verify(join(dir, 'page.html'), join(site, 'root.json'))).stderr).toMatch(/not-pigeonpost \(NOT_BUNDLE/);
    const whole = await readFile(join(dir, 'two.html'));
    await writeFile(join(dir, 'cut.html'), whole.subarray(0, Math.floor(whole.length * 0.8)));
    const cut = await verify(join(dir, 'cut.html'), join(site, 'root.json'));
    expect(cut.code).toBe(1);
    expect(cut.stderr.trim()).toMatch(/^pigeonpost: error: share verify: .* truncated \(TRUNCATED: /);
  });

  it('still reads the JSON share files of earlier versions', async () => {
    // The whole envelopes, as the reader rebuilds them (the container names story regions of the page).
    const { share } = await decodeShareFile(new Uint8Array(await readFile(join(dir, 'two.html'))));
    const dec = new TextDecoder();
    const articles = share.articles.map((a) => ({ envelope: dec.decode(a.envelope), images: [] }));
    await writeFile(join(dir, 'legacy.json'), JSON.stringify({ _type: 'pigeonpost.share', spec_version: 1, roots: share.roots.map((r) => dec.decode(r)), articles }));
    const report = JSON.parse((await verify(join(dir, 'legacy.json'), join(site, 'root.json'))).stdout);
    expect(report.ok).toBe(true);
    expect(report.articles.map((a: { id: string }) => a.id)).toEqual([ids[0], ids[3]]);
  });

  it('after a publish key rotation, a reader holding the old root.json verifies through the carried chain', async () => {
    const anchorV1 = join(dir, 'root-v1.json');
    await writeFile(anchorV1, await readFile(join(site, 'root.json')));
    await runOk(['keys', 'rotate', site, '--role', 'publish', '--now', at(3)]);
    await runOk(['publish', site, '--out', join(dir, 'out'), '--no-app', '--now', at(4)]);
    const file = join(dir, 'rotated.html');
    const ex = JSON.parse((await runOk(['share', 'export', site, ids[4]!, '--out', file, '--json', '--now', at(5)])).stdout);
    expect(ex.rootVersions).toBe(2);
    const report = JSON.parse((await verify(file, anchorV1, at(5))).stdout);
    expect(report).toMatchObject({ ok: true, rootVersion: 2 });
    // A share made before the rotation carries a story signed by the retired key: refused now.
    const old = await verify(join(dir, 'two.html'), join(site, 'root.json'), at(5));
    expect(old.code).toBe(1);
    expect(JSON.parse(old.stdout).articles[0]).toMatchObject({ reason: 'revoked', code: 'UNKNOWN_KEY' });
  });

  it('refuses unknown articles and missing options with a one-line error, writing nothing', async () => {
    const r = await run(['share', 'export', site, 'no-such-story', '--out', join(dir, 'none.json'), '--now', at(2)]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^pigeonpost: error: share export: "no-such-story" is not a published article of share-test/);
    expect(await readdir(dir)).not.toContain('none.json');
    const intoFolder = await run(['share', 'export', site, ids[0]!, '--out', dir, '--now', at(2)]);
    expect(intoFolder.code).toBe(1);
    expect(intoFolder.stderr).toMatch(/--out .* is a folder; give the share file's name/);
    const notShare = await verify(join(site, 'root.json'), join(site, 'root.json'));
    expect(notShare.code).toBe(1);
    expect(notShare.stderr).toMatch(/not a valid share for site share-test: not-pigeonpost/);
    expect((await run(['share', 'export', site, ids[0]!])).code).toBe(2);
    expect((await run(['share', 'verify', join(dir, 'two.html')])).code).toBe(2);
    expect((await run(['share', 'frob'])).code).toBe(2);
    expect((await run(['share', 'verify', join(dir, 'missing.json'), '--root', join(site, 'root.json')])).stderr).toMatch(/cannot read the share file/);
  });
});
