/**
 * Issue 11, part 1: no sequence of documented commands publishes or serves a private key. Through
 * the real binary: publish refuses an --out that is, lies in or contains the site folder (also
 * through a symlink), a published tree and the app build hold no key bytes in any encoding (packs
 * decompressed too), and serve answers 404 for keys/, *.key, site.json and dot-files wherever it
 * is pointed, refuses a site folder, and says when its own address is not a signed mirror.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fromBase64url } from '../../src/core/encoding/bytes.ts';
import { addTestMirror, BIN, cleanup, hashTree, run, runOk, tempDir, TEST_MIRROR } from './helpers.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

/** Every file under `dir`, as [relative path, bytes]. */
async function files(dir: string): Promise<Array<[string, Uint8Array]>> {
  const out: Array<[string, Uint8Array]> = [];
  async function walk(d: string): Promise<void> {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push([p.slice(dir.length + 1), new Uint8Array(await readFile(p))]);
    }
  }
  await walk(dir);
  return out;
}

/** The byte strings a leaked private key could appear as: pkcs8 and its 32-byte seed, raw and encoded. */
async function secretForms(site: string): Promise<Buffer[]> {
  const forms: Buffer[] = [];
  for (const name of await readdir(join(site, 'keys'))) {
    if (!name.endsWith('.key')) continue;
    const key = JSON.parse(await readFile(join(site, 'keys', name), 'utf8')) as { pkcs8: string };
    const pkcs8 = Buffer.from(fromBase64url(key.pkcs8));
    const seed = pkcs8.subarray(pkcs8.length - 32);
    for (const raw of [pkcs8, seed]) {
      forms.push(raw, Buffer.from(raw.toString('hex')), Buffer.from(raw.toString('base64')), Buffer.from(raw.toString('base64url')));
    }
  }
  expect(forms.length).toBe(16); // two keys (root and publish), eight forms each
  return forms;
}

/** Paths of files in `dir` (gzip objects decompressed) that hold any of `secrets`. */
async function leaks(dir: string, secrets: Buffer[]): Promise<string[]> {
  const found: string[] = [];
  for (const [path, bytes] of await files(dir)) {
    const views = [Buffer.from(bytes)];
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) views.push(gunzipSync(bytes));
    if (views.some((v) => secrets.some((s) => v.includes(s)))) found.push(path);
  }
  return found;
}

/** Start `pigeonpost serve` and wait for its first line; returns the URL, stderr so far and a stop. */
async function serve(args: string[]): Promise<{ url: string; stderr: () => string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args, '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /at (http:\/\/\S+\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  // The mirror-list warning is written right after the start line.
  await new Promise((r) => setTimeout(r, 300));
  return {
    url,
    stderr: () => err,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

describe('private keys stay in the site folder', () => {
  let dir: string;
  let site: string;
  let www: string;

  beforeAll(async () => {
    dir = await tempDir();
    site = join(dir, 'my-site');
    www = join(dir, 'www');
    await runOk(['init', site, '--name', 'Key Safety']);
    await addTestMirror(site);
    await runOk(['publish', site, '--out', www]);
  });
  afterAll(() => cleanup(dir));

  it('publish refuses an --out that is the site folder, lies inside it or contains it', async () => {
    await symlink(site, join(dir, 'alias'));
    const snapshot = async () => ({ site: await hashTree(site), top: (await readdir(dir)).sort() });
    const before = await snapshot();
    const why = 'a published tree is served to the world, and the site folder holds the private keys';
    const cases: Array<[string, string]> = [
      [site, `--out ${site} is the site folder itself: ${why}; choose a folder outside ${site}`],
      [join(dir, 'alias'), `--out ${join(dir, 'alias')} is the site folder itself: ${why}; choose a folder outside ${site}`],
      [join(site, 'www'), `--out ${join(site, 'www')} lies inside the site folder ${site}: ${why}; choose a folder outside it`],
      [join(site, 'articles', 'deep', 'www'), `--out ${join(site, 'articles', 'deep', 'www')} lies inside the site folder ${site}: ${why}; choose a folder outside it`],
      [dir, `--out ${dir} contains the site folder ${site}: ${why}; choose a folder that does not contain it`],
    ];
    for (const [out, message] of cases) {
      const r = await run(['publish', site, '--out', out, '--json']);
      expect(r.code, out).toBe(1);
      expect(r.stderr).toBe(`pigeonpost: error: ${message}\n`);
      expect(JSON.parse(r.stdout)).toEqual({ ok: false, code: 'OUT_OVERLAPS_SITE', message, exitCode: 1 });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('leaves no private key bytes in the published tree or the app build, in any encoding', async () => {
    const secrets = await secretForms(site);
    // The check itself finds a key where one is: the site folder holds them.
    expect((await leaks(site, secrets)).sort()).toEqual((await readdir(join(site, 'keys'))).filter((n) => n.endsWith('.key')).map((n) => `keys/${n}`).sort());
    const tree = await files(www);
    expect(tree.some(([p]) => p === 'index.html')).toBe(true);
    expect(tree.some(([p]) => p.startsWith('objects/'))).toBe(true);
    expect(await leaks(www, secrets)).toEqual([]);
    expect(await leaks(join(dirnameOf(BIN), '..', 'node_modules', '.cache', 'pigeonpost', 'app-shell'), secrets)).toEqual([]);
    expect(tree.map(([p]) => p).filter((p) => /(^|\/)(keys|site\.json)|\.key$|^\./.test(p))).toEqual([]);
  });

  it('serve answers 404 for keys, site.json and dot-files wherever it is pointed', async () => {
    // A folder that holds a site folder and a tree, and a symlink from the tree into the keys.
    await symlink(join(site, 'keys'), join(www, 'k'));
    const keyName = (await readdir(join(site, 'keys'))).find((n) => n.startsWith('root-'))!;
    await writeFile(join(www, 'backup.key'), 'not served');
    await mkdir(join(www, '.git'), { recursive: true });
    await writeFile(join(www, '.git', 'config'), 'not served');
    const s = await serve([dir]);
    try {
      const status = async (path: string): Promise<number> => (await fetch(new URL(path, s.url))).status;
      for (const path of [
        `my-site/keys/${keyName}`,
        'my-site/keys/',
        'my-site/site.json',
        'my-site/.pigeonpost/publish-state.json',
        `www/k/${keyName}`,
        'www/backup.key',
        'www/.git/config',
        '.env',
        'my-site/KEYS/x',
        'www/Site.JSON',
      ]) {
        expect(await status(path), path).toBe(404);
      }
      expect(await status('www/root.json')).toBe(200);
    } finally {
      await s.stop();
    }
  });

  it('serve refuses a site folder and says so in one line', async () => {
    const r = await run(['serve', site, '--port', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `pigeonpost: error: ${site} is a site folder (site.json, keys/): it is never served; publish it and serve the tree instead (pigeonpost publish ${site} --out www, then pigeonpost serve www)\n`,
    );
  });

  it('serve says when its own address is not in the signed mirror list, and not when it is', async () => {
    const s = await serve([www]);
    try {
      expect(s.stderr()).toBe(
        `warning: ${s.url} is not in this tree's signed mirror list (${TEST_MIRROR}); readers who open the app here sync only from the listed mirrors. ` +
          `Add it with pigeonpost mirrors add <site-dir> ${s.url} and publish again, or pass --public-url if readers reach this server at a listed URL\n`,
      );
    } finally {
      await s.stop();
    }
    const listed = await serve([www, '--public-url', TEST_MIRROR]);
    try {
      expect(listed.stderr()).toBe('');
    } finally {
      await listed.stop();
    }
  });

  it('a tree serves its text compressed, and what a reader gets is the same bytes', async () => {
    expect((await stat(join(www, 'index.html.br'))).isFile()).toBe(true);
    const s = await serve([www]);
    try {
      for (const [enc, expected] of [['br', 'br'], ['gzip', 'gzip'], ['gzip;q=1, br;q=0.5', 'gzip'], ['identity', null]] as const) {
        const res = await fetch(new URL('index.html', s.url), { headers: { 'Accept-Encoding': enc } });
        expect(res.headers.get('content-encoding'), enc).toBe(expected);
        expect(res.headers.get('vary')).toBe('Accept-Encoding');
        // fetch decodes: the text is the file's either way.
        expect(await res.text()).toBe(await readFile(join(www, 'index.html'), 'utf8'));
      }
      const obj = (await readdir(join(www, 'objects')))[0]!;
      const res = await fetch(new URL(`objects/${obj}`, s.url), { headers: { 'Accept-Encoding': 'br, gzip' } });
      expect(res.headers.get('content-encoding')).toBe(null); // gzip objects go out as stored
      expect(Buffer.from(await res.arrayBuffer()).equals(await readFile(join(www, 'objects', obj)))).toBe(true);
    } finally {
      await s.stop();
    }
  });
});

function dirnameOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/'));
}
