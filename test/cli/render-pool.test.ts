/**
 * Parallel rendering (render-pool.ts, worker-bundle.ts): a publish with enough articles to start
 * render workers must write exactly the tree that rendering on the main thread writes, whether the
 * workers run the prebuilt bundle or load the TypeScript through tsx, and a bad article found by a
 * worker must fail the publish with the same one-line error as on the main thread.
 */
import { cp, mkdir, readdir, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildPack } from '../../src/cli/publish/packs.ts';
import { PARALLEL_MIN, RenderPool, type LocalRenderer } from '../../src/cli/publish/render-pool.ts';
import { FileRenderer, type WorkerSetup } from '../../src/cli/publish/render-worker-main.ts';
import { generateSigningKey } from '../../src/core/crypto/ed25519.ts';
import { decodeEnvelope } from '../../src/core/format/envelope.ts';
import { renderWorkerScript, withoutLoaders } from '../../src/cli/publish/worker-bundle.ts';
import { REPO, at, cleanup, hashTree, run, runOk, tempDir, addTestMirror } from './helpers.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const SECTIONS = ['Local', 'World', 'Culture'];

/** Article n: English or Russian, over several days and sections, with a list, a link and emphasis. */
function articleText(n: number): string {
  const ru = n % 2 === 1;
  const day = String(1 + (n % 9)).padStart(2, '0');
  const title = ru ? `Заметка номер ${n}` : `Note number ${n}`;
  const body = ru
    ? `Жители района *обсудили* план на собрании ${n}.\n\n- первый пункт\n- второй пункт\n\nПодробнее [в отчёте](https://outlet.example/ru/${n}).`
    : `Residents *discussed* the plan at meeting ${n}.\n\n- first point\n- second point\n\nMore [in the report](https://outlet.example/en/${n}).`;
  return `---\ntitle: "${title}"\ndate: 2030-01-${day}T0${n % 10}:15:00+03:00\nlang: ${ru ? 'ru' : 'en'}\nsection: ${SECTIONS[n % SECTIONS.length]}\n---\n\n${body}\n`;
}

describe('withoutLoaders', () => {
  it('drops module loaders and their values, keeps every other option', () => {
    expect(withoutLoaders(['--import', 'tsx', '--max-old-space-size=4096', '--loader=x', '-r', 'y', '--require=z', '--cpu-prof'])).toEqual([
      '--max-old-space-size=4096',
      '--cpu-prof',
    ]);
    expect(withoutLoaders(['--import=tsx', '--experimental-loader', 'l', '--enable-source-maps'])).toEqual(['--enable-source-maps']);
    expect(withoutLoaders([])).toEqual([]);
  });
});

describe('renderWorkerScript', () => {
  it('bundles the worker into the project cache, runnable without tsx', async () => {
    const script = await renderWorkerScript();
    expect(script.prebuilt).toBe(true);
    expect(script.url.pathname.startsWith(join(REPO, 'node_modules', '.cache', 'pigeonpost', 'render-worker-'))).toBe(true);
    expect(script.execArgv?.some((a) => a.includes('tsx'))).toBe(false);
    expect(await readdir(join(REPO, 'node_modules', '.cache', 'pigeonpost'))).toContain(script.url.pathname.split('/').pop());
  });
});

describe('RenderPool', () => {
  it('shares the queue between its worker and the main thread, with the same results as one renderer', async () => {
    const { key } = await generateSigningKey();
    const keyid = 'b'.repeat(64);
    const setup: WorkerSetup = { site: { siteDir: REPO, siteId: 'pool-test', siteLang: 'en', textOnly: false, keyids: keyid }, sign: { signers: [{ keyid, key }], known: {}, tombstones: {} } };
    const here = new FileRenderer(setup.site, setup.sign);
    let local = 0;
    const localRenderer: LocalRenderer = {
      render: (file, bytes) => {
        local++;
        return here.render(file, bytes);
      },
      pack: (items) => buildPack(items, REPO),
    };
    const pool = new RenderPool(setup, 1, localRenderer);
    try {
      const files = Array.from({ length: 300 }, (_, n) => ({ file: `articles/n${n}.md`, bytes: new TextEncoder().encode(articleText(n)) }));
      const results = await Promise.all(files.map((f) => pool.render(f.file, f.bytes)));
      // Both took articles: the main thread starts at once, the worker once it has loaded.
      expect(local).toBeGreaterThan(0);
      expect(local).toBeLessThan(files.length);
      const reference = new FileRenderer(setup.site, setup.sign);
      for (const [n, f] of files.entries()) {
        const want = await reference.render(f.file, f.bytes);
        expect(results[n]!.content).toBe(want.content);
        expect(Buffer.from(results[n]!.signed!.envelope).equals(Buffer.from(want.signed!.envelope))).toBe(true);
      }
      const items = results.map((r) => ({ id: r.id, section: 'S', published: r.rendered.payload['published'] as string, envelope: r.signed!.envelope, images: [] }));
      const packs = await Promise.all([0, 100, 200].map((at) => pool.pack(items.slice(at, at + 100))));
      expect(packs.map((p) => p.object.pin)).toEqual([0, 100, 200].map((at) => buildPack(items.slice(at, at + 100), REPO).object.pin));
    } finally {
      await pool.close();
    }
  });
});

describe('FileRenderer', () => {
  it('signs a new revision at once and then keeps no HTML; with early off it keeps the HTML and signs nothing', async () => {
    const { key } = await generateSigningKey();
    const keyid = 'c'.repeat(64);
    const site = { siteDir: REPO, siteId: 'early-test', siteLang: 'en', textOnly: false, keyids: keyid };
    const bytes = new TextEncoder().encode(articleText(7));
    const sign = { signers: [{ keyid, key }], known: {}, tombstones: { n7: 4 } };
    const early = await new FileRenderer(site, sign).render('articles/n7.md', bytes);
    const full = await new FileRenderer(site, sign).render('articles/n7.md', bytes, false);
    expect(full.signed).toBeUndefined();
    expect(full.content).toBe(early.content);
    expect(typeof full.rendered.payload['html']).toBe('string');
    expect(early.rendered.payload).not.toHaveProperty('html');
    const { html, ...meta } = full.rendered.payload;
    expect(early.rendered.payload).toEqual(meta);
    expect(early.rendered.images).toEqual(full.rendered.images);
    // The envelope holds the whole payload, HTML included, at the revision after the tombstone.
    expect(early.signed!.rev).toBe(5);
    const env = decodeEnvelope(early.signed!.envelope);
    expect(env.payload).toEqual({ ...full.rendered.payload, rev: 5 });
    expect((env.payload as { html: string }).html).toBe(html);
    // Unchanged content is not signed again, and keeps its HTML.
    const same = await new FileRenderer(site, { ...sign, known: { n7: { rev: 5, content: early.content } } }).render('articles/n7.md', bytes);
    expect(same.signed).toBeUndefined();
    expect(same.rendered.payload['html']).toBe(html);
  });
});

describe('publishing with render workers', () => {
  let dir: string;
  let site: string;
  const COUNT = PARALLEL_MIN + 30;
  const publish = (out: string, env: Record<string, string>) => runOk(['publish', site, '--out', out, '--now', at(5)], { env });

  beforeAll(async () => {
    dir = await tempDir();
    site = join(dir, 'site');
    // The samples bring pictures (image records in packs) and the site's keys.
    await runOk(['init', site, '--name', 'Pool Test', '--now', at(0)]);
    await addTestMirror(site);
    for (let n = 0; n < COUNT; n++) await writeFile(join(site, 'articles', `n${String(n).padStart(4, '0')}.md`), articleText(n));
  });
  afterAll(() => cleanup(dir));

  it('writes the same tree on the main thread, on prebuilt workers and on tsx workers', async () => {
    // Each run starts from the same site state: copy the site first (publish keeps state in it).
    const variants = {
      main: { env: { PIGEONPOST_WORKERS: '0' }, workers: { count: 0, code: null } },
      one: { env: { PIGEONPOST_WORKERS: '1' }, workers: { count: 1, code: 'prebuilt' } },
      bundle: { env: { PIGEONPOST_WORKERS: '2' }, workers: { count: 2, code: 'prebuilt' } },
      tsx: { env: { PIGEONPOST_WORKERS: '2', PIGEONPOST_WORKER_TSX: '1' }, workers: { count: 2, code: 'tsx' } },
      // V8 flags on node's command line are process-wide: Node refuses them in a worker's execArgv.
      v8flags: { env: { PIGEONPOST_WORKERS: '2' }, workers: { count: 2, code: 'prebuilt' }, nodeArgs: ['--max-semi-space-size=16', '--stack-size=2000', '--enable-source-maps'] },
    };
    const trees: Record<string, Map<string, string>> = {};
    const written: Record<string, number> = {};
    for (const [name, { env, workers, ...rest }] of Object.entries(variants)) {
      const copy = join(dir, `site-${name}`);
      await cp(site, copy, { recursive: true });
      const out = join(dir, `out-${name}`);
      const nodeArgs = 'nodeArgs' in rest ? rest.nodeArgs : undefined;
      const summary = JSON.parse((await runOk(['publish', copy, '--out', out, '--now', at(5), '--json'], { env, ...(nodeArgs ? { nodeArgs } : {}) })).stdout);
      expect(summary.workers).toEqual(workers);
      written[name] = summary.bytes.written;
      expect(summary.articles.added).toBeGreaterThanOrEqual(COUNT);
      trees[name] = await hashTree(out);
    }
    expect(trees['main']!.size).toBeGreaterThan(3);
    // Every run wrote into an empty folder: the bytes it reports are the mirror files it wrote,
    // whichever thread built and wrote each pack.
    const mirrorBytes = async (out: string): Promise<number> => {
      const files = [join(out, 'root.json'), join(out, 'timestamp.json'), join(out, '_headers'), ...(await readdir(join(out, 'root'))).map((f) => join(out, 'root', f)), ...(await readdir(join(out, 'objects'))).map((f) => join(out, 'objects', f))];
      let n = 0;
      for (const f of files) n += (await stat(f)).size;
      return n;
    };
    for (const name of Object.keys(variants)) expect(written[name], name).toBe(await mirrorBytes(join(dir, `out-${name}`)));
    expect(trees['one']).toEqual(trees['main']);
    expect(trees['bundle']).toEqual(trees['main']);
    expect(trees['tsx']).toEqual(trees['main']);
    expect(trees['v8flags']).toEqual(trees['main']);
    const check = await run(['check', join(dir, 'out-bundle'), '--root', join(site, 'root.json'), '--now', at(6)]);
    expect(check.stdout + check.stderr).toMatch(/OK/);
    expect(check.code).toBe(0);
  });

  it('fails with one line naming the file when the scan meets an unreadable one after the pool started', async () => {
    // Sorted after every article, and after more than 4 read batches of 64 files, so the pool has
    // started and is busy when the read fails; its pending renders must not end the process with
    // an unhandled rejection.
    const extra = Array.from({ length: 40 }, (_, n) => join(site, 'articles', `zy${String(n).padStart(3, '0')}.md`));
    for (const [n, f] of extra.entries()) await writeFile(f, articleText(1000 + n));
    expect((await readdir(join(site, 'articles'))).length).toBeGreaterThan(4 * 64);
    await mkdir(join(site, 'articles', 'zz.md'));
    try {
      for (const workers of ['0', '1']) {
        const r = await run(['publish', site, '--out', join(dir, `unreadable-${workers}`), '--now', at(5)], { env: { PIGEONPOST_WORKERS: workers } });
        expect(r.code).toBe(1);
        expect(r.stderr.trim().split('\n')).toEqual([`pigeonpost: error: ${join(site, 'articles', 'zz.md')}: is a directory`]);
      }
    } finally {
      await rmdir(join(site, 'articles', 'zz.md'));
      for (const f of extra) await rm(f);
    }
  });

  it('fails with the file named when a worker meets a bad article', async () => {
    await writeFile(join(site, 'articles', 'n0100.md'), '---\ntitle: [unclosed\n---\n\nBody.\n');
    const results = [];
    for (const workers of ['0', '1', '2']) {
      const r = await run(['publish', site, '--out', join(dir, `bad-${workers}`), '--now', at(5)], { env: { PIGEONPOST_WORKERS: workers } });
      results.push(r);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/articles\/n0100\.md: front matter is not valid YAML/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(results[1]!.stderr).toBe(results[0]!.stderr);
    expect(results[2]!.stderr).toBe(results[0]!.stderr);
    // Nothing was published by either failed run.
    expect(await readdir(dir)).not.toContain('bad-0');
    expect(await readdir(dir)).not.toContain('bad-1');
    await writeFile(join(site, 'articles', 'n0100.md'), articleText(100));
    await publish(join(dir, 'good'), { PIGEONPOST_WORKERS: '2' });
  });
});
