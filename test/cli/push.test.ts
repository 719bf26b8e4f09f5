/**
 * `pigeonpost push` against a real S3-compatible server (s3rver on loopback) and a local folder:
 * a push that `check` then reads over HTTP exactly as a reader would (every object re-hashed, the
 * headers readers and caches need); a re-run that uploads nothing; a push of a new edition
 * interrupted after every single upload, with `check` passing on the target each time; the
 * deletion pass keeping what the last manifests reference; the refusals.
 */
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkMirror } from '../../src/cli/check/check-mirror.ts';
import { dirSource, httpSource } from '../../src/cli/check/source.ts';
import { dirTarget } from '../../src/cli/push/dir-target.ts';
import { pushTree, type PushReport } from '../../src/cli/push/push.ts';
import { s3Target } from '../../src/cli/push/s3-target.ts';
import type { PushTarget } from '../../src/cli/push/target.ts';
import { planPush, type StageName } from '../../src/cli/push/tree-plan.ts';
import { S3_CREDENTIALS, S3_ENV, startS3, type S3Server } from '../helpers/s3-server.ts';
import { at, cleanup, run, runOk, T0, tempDir, treeObjects } from './helpers.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const DAY = 86_400_000;
const ms = (iso: string): number => Date.parse(iso);

/** A target that lets `allow` puts through and then fails, as a dropped connection would. */
function interrupting(inner: PushTarget, allow: number, seen: { stage?: StageName; puts: string[] }): PushTarget {
  let n = 0;
  return {
    ...inner,
    label: inner.label,
    listsMd5: inner.listsMd5,
    list: () => inner.list(),
    get: (k) => inner.get(k),
    delete: (k) => inner.delete(k),
    async put(key, bytes, meta) {
      if (n++ >= allow) throw new Error('connection reset by peer (simulated)');
      seen.puts.push(key);
      await inner.put(key, bytes, meta);
    },
  };
}

describe('pigeonpost push', () => {
  let dir: string;
  let site: string;
  let anchor: string;
  let treeV1: string;
  let treeV2: string;
  let s3: S3Server;
  let v1: Awaited<ReturnType<typeof treeObjects>>;
  let v2: Awaited<ReturnType<typeof treeObjects>>;

  const s3Args = () => ['--endpoint', s3.endpoint];
  const bucketTarget = (prefix: string) => s3Target(`s3://mirror/${prefix}`, { endpoint: s3.endpoint, region: 'us-east-1', credentials: S3_CREDENTIALS });
  const checkAt = async (source: ReturnType<typeof httpSource>, now: string) => (await checkMirror({ source, anchor: new Uint8Array(await readFile(anchor)), now: ms(now) })).report;

  beforeAll(async () => {
    dir = await tempDir('pp-push-');
    site = join(dir, 'site');
    anchor = join(site, 'root.json');
    const out = join(dir, 'out');
    await runOk(['init', site, '--name', 'Push Test', '--now', T0]);
    await runOk(['publish', site, '--out', out, '--mirror', 'https://a.example/', '--now', T0]);
    treeV1 = join(dir, 'tree-v1');
    await cp(out, treeV1, { recursive: true });
    await writeFile(
      join(site, 'articles', 'novaya-stanciya.md'),
      '---\ntitle: Новая станция метро откроется в марте\ndate: 2029-12-31T10:00:00+03:00\nlang: ru\nsection: Город\nsummary: Строители закончили отделку вестибюля.\n---\n\nСтанция на северной линии примет первых пассажиров весной.\n',
    );
    await runOk(['publish', site, '--out', out, '--mirror', 'https://a.example/', '--now', at(60)]);
    treeV2 = join(dir, 'tree-v2');
    await cp(out, treeV2, { recursive: true });
    v1 = await treeObjects(treeV1);
    v2 = await treeObjects(treeV2);
    s3 = await startS3(['mirror']);
  });
  afterAll(async () => {
    await s3?.close();
    await cleanup(dir);
  });

  it('pushes a tree that check then reads over HTTP, with the right headers on every object', async () => {
    const r = await run(['push', treeV1, '--to', 's3://mirror/news', ...s3Args(), '--now', at(1)], { env: S3_ENV });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^s3:\/\/mirror\/news: objects: \d+ uploaded/m);
    expect(r.stdout).toMatch(/^pushed s3:\/\/mirror\/news: timestamp v\d+ \(new mirror\), manifest v1; \d+ file\(s\) uploaded/m);

    const url = s3.mirrorUrl('mirror', 'news');
    const c = await run(['check', url, '--root', anchor, '--now', at(2)]);
    expect(c.stdout).toMatch(/^OK: .* 6 article\(s\)/m);
    expect(c.code).toBe(0);

    // Every object read back over HTTP hashes to its name (s3rver stores what it was sent).
    for (const sha of [v1.manifest, ...v1.segments, ...v1.packs]) {
      const res = await fetch(`${url}objects/${sha}`);
      expect(res.status).toBe(200);
      expect(createHash('sha256').update(new Uint8Array(await res.arrayBuffer())).digest('hex')).toBe(sha);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
    }
    const ts = await fetch(`${url}timestamp.json`, { headers: { Origin: 'https://reader.example' } });
    expect(ts.headers.get('cache-control')).toBe('no-cache');
    expect(ts.headers.get('content-type')).toBe('application/json');
    expect(ts.headers.get('access-control-allow-origin')).toBe('*');
    const html = await fetch(`${url}index.html`);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('cache-control')).toBe('no-cache');
    const root1 = await fetch(`${url}root/1.json`);
    expect(root1.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('uploads nothing on a re-run', async () => {
    const r = await runOk(['push', treeV1, '--to', 's3://mirror/news', ...s3Args(), '--json', '--now', at(2)], { env: S3_ENV });
    const report = JSON.parse(r.stdout) as { ok: boolean; targets: PushReport[] };
    expect(report.ok).toBe(true);
    expect(report.targets[0]!.uploaded).toEqual({ files: 0, bytes: 0 });
    expect(report.targets[0]!.present.files).toBeGreaterThan(15);
    expect(report.targets[0]!.previous).toBe(report.targets[0]!.timestamp.version);
  });

  it('leaves the mirror valid after an interruption at every upload of a new edition', async () => {
    const plan = await planPush(treeV2);
    const url = s3.mirrorUrl('mirror', 'news');
    const stagesHit = new Set<StageName>();
    const v1Version = (await checkAt(httpSource(url), at(61))).timestamp!.version;
    let runs = 0;
    for (;;) {
      const seen: { puts: string[] } = { puts: [] };
      const report = await pushTree(plan, interrupting(bucketTarget('news'), 1, seen), { jobs: 1, now: ms(at(61)), pruneAfterMs: 3 * DAY });
      runs++;
      const check = await checkAt(httpSource(url), at(62));
      expect(check.problems).toEqual([]);
      const stage = plan.stages.find((s) => s.files.some((f) => f.path === seen.puts[0]))?.name;
      if (stage) stagesHit.add(stage);
      if (report.ok) {
        expect(check.timestamp!.version).toBe(plan.timestamp.version);
        expect(check.manifest!.version).toBe(2);
        break;
      }
      expect(report.error).toMatch(/connection reset by peer/);
      // Until the timestamp is up, readers see the previous edition, whole; then the new one (the
      // run that put the timestamp up fails in the deletion pass, writing its state file).
      expect(check.timestamp!.version).toBe(stagesHit.has('timestamp') ? plan.timestamp.version : v1Version);
      expect(runs).toBeLessThan(40);
    }
    expect([...stagesHit]).toEqual(expect.arrayContaining(['objects', 'support', 'timestamp']));
    expect(runs).toBeGreaterThan(3);
  });

  it('stops a stage at the first failure with several uploads in flight, and never starts the next', async () => {
    const plan = await planPush(treeV2);
    const seen: { puts: string[] } = { puts: [] };
    const target = interrupting(bucketTarget('parallel'), 3, seen);
    const report = await pushTree(plan, target, { jobs: 4, now: ms(at(61)), pruneAfterMs: null });
    expect(report.ok).toBe(false);
    const objectPaths = new Set(plan.stages[0]!.files.map((f) => f.path));
    expect(seen.puts.length).toBe(3);
    for (const p of seen.puts) expect(objectPaths.has(p)).toBe(true);
    const listed = await bucketTarget('parallel').list();
    expect(listed.has('timestamp.json')).toBe(false);
    const resumed = await pushTree(plan, bucketTarget('parallel'), { jobs: 4, now: ms(at(61)), pruneAfterMs: null });
    expect(resumed.ok).toBe(true);
    expect(resumed.present.files).toBe(3);
    expect((await checkAt(httpSource(s3.mirrorUrl('mirror', 'parallel')), at(62))).problems).toEqual([]);
  });

  it('prunes only after the grace period, and keeps what the last manifests reference', async () => {
    const target = bucketTarget('news');
    const v1Only = [v1.manifest, ...v1.segments, ...v1.packs].filter((s) => ![v2.manifest, ...v2.segments, ...v2.packs].includes(s));
    expect(v1Only).toContain(v1.manifest);
    // Right after the new edition went up (previous test) the old manifest is still there.
    let keys = await target.list();
    for (const s of v1Only) expect(keys.has(`objects/${s}`)).toBe(true);

    const twoDays = await runOk(['push', treeV2, '--to', 's3://mirror/news', ...s3Args(), '--json', '--now', new Date(ms(at(61)) + 2 * DAY).toISOString()], { env: S3_ENV });
    const r2 = (JSON.parse(twoDays.stdout) as { targets: PushReport[] }).targets[0]!;
    expect(r2.uploaded.files).toBe(0);
    expect(r2.prune).toEqual({ deleted: 0, retired: v1Only.length, skipped: false });

    const fourDays = await runOk(['push', treeV2, '--to', 's3://mirror/news', ...s3Args(), '--json', '--now', new Date(ms(at(61)) + 4 * DAY).toISOString()], { env: S3_ENV });
    const r4 = (JSON.parse(fourDays.stdout) as { targets: PushReport[] }).targets[0]!;
    expect(r4.prune).toEqual({ deleted: v1Only.length, retired: 0, skipped: false });
    keys = await target.list();
    for (const s of v1Only) expect(keys.has(`objects/${s}`)).toBe(false);
    for (const s of [v2.manifest, ...v2.segments, ...v2.packs]) expect(keys.has(`objects/${s}`)).toBe(true);
    expect(keys.has('.pigeonpost-push.json')).toBe(true);
    expect((await checkAt(httpSource(s3.mirrorUrl('mirror', 'news')), at(62))).problems).toEqual([]);
  });

  it('refuses a grace period no longer than the timestamp lifetime', async () => {
    const r = await run(['push', treeV2, '--to', 's3://mirror/news', ...s3Args(), '--prune-after', '12h'], { env: S3_ENV });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pigeonpost: error: push: --prune-after must be longer than the timestamp's lifetime \(24 h\)/);
  });

  it('refuses to roll a mirror back to an older tree', async () => {
    const r = await run(['push', treeV1, '--to', 's3://mirror/news', ...s3Args()], { env: S3_ENV });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^pigeonpost: error: push: s3:\/\/mirror\/news: holds timestamp version \d+, newer than the tree's \d+; refusing to roll it back/m);
  });

  it('pushes to a folder, interrupted and resumed, with check passing throughout', async () => {
    const folder = join(dir, 'www');
    await runOk(['push', treeV1, '--to', `dir:${folder}`, '--now', at(1)]);
    expect((await checkAt(dirSource(folder), at(2))).problems).toEqual([]);
    const plan = await planPush(treeV2);
    const seen: { puts: string[] } = { puts: [] };
    const cut = await pushTree(plan, interrupting(dirTarget(folder), 2, seen), { jobs: 2, now: ms(at(61)), pruneAfterMs: 3 * DAY });
    expect(cut.ok).toBe(false);
    expect((await checkAt(dirSource(folder), at(62))).problems).toEqual([]);
    const r = await runOk(['push', treeV2, '--to', `dir:${folder}`, '--json', '--now', at(61)]);
    const done = (JSON.parse(r.stdout) as { targets: PushReport[] }).targets[0]!;
    expect(done.present.files).toBeGreaterThanOrEqual(2);
    const check = await checkAt(dirSource(folder), at(62));
    expect(check.problems).toEqual([]);
    expect(check.manifest!.version).toBe(2);
  });

  it('refuses an incomplete tree and bad targets with one line each', async () => {
    const broken = join(dir, 'broken');
    await cp(treeV2, broken, { recursive: true });
    await rm(join(broken, 'objects', v2.packs[0]!));
    const r = await run(['push', broken, '--to', `dir:${join(dir, 'never')}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^pigeonpost: error: push: .* is not a complete mirror tree: pack objects/${v2.packs[0]} is missing`));
    const bad = await run(['push', treeV2, '--to', 'ftp://example/']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^pigeonpost: error: push: target "ftp:\/\/example\/" must start with s3:\/\/ or dir:/);
    const none = await run(['push', treeV2]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--to is required/);
  });
});
