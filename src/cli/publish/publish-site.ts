/**
 * `pigeonpost publish`: turn a site folder into a complete static mirror tree (format.md §1).
 *
 * Incremental and deterministic: unchanged articles keep their revision and their pack; only new,
 * changed and compacted articles are signed and packed again; one index segment per publish; the
 * manifest is re-signed only when its content changes (or half its validity has passed); the
 * timestamp is re-signed every time. Identical input and clock give identical bytes (Ed25519 and
 * Node's gzip are deterministic). See tree.ts for the order in which files reach `--out`.
 */
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { decodeEnvelope, signEnvelope } from '../../core/format/envelope.ts';
import { decodeManifest } from '../../core/format/manifest.ts';
import { decodeTimestamp } from '../../core/format/timestamp.ts';
import { parseUtc } from '../../core/format/time.ts';
import { loadSiteConfig } from '../site/config.ts';
import { checkMirrorUrl, MAX_MIRRORS } from '../site/mirror-url.ts';
import { assertOutsideSite, requireSiteFolder } from '../site/site-folder.ts';
import { loadKeys, signersFor } from '../site/keys.ts';
import { loadRootChain } from '../site/roots.ts';
import type { RenderedArticle } from '../site/render.ts';
import { CliError } from '../util/errors.ts';
import { readOptional, writeFileAtomic } from '../util/fs.ts';
import { signEd25519Node } from '../util/node-signer.ts';
import { buildAppShellIfAvailable } from './app-shell.ts';
import { writeHostHeaders } from './host-headers.ts';
import { planMirrors } from './mirror-plan.ts';
import { prepareOutDir, signedMirrorsInTree } from './out-dir.ts';
import { manifestNeedsRefresh, manifestPayload, timestampPayload } from './documents.ts';
import { acquireLock } from './lock.ts';
import { buildObject, ObjectCache, sha256Node, type BuiltObject } from './objects.ts';
import { buildPack, buildPacksWithin, planPacks, type BuiltPack, type PackItem } from './packs.ts';
import { createRenderOne, Renderers, renderSite, scanArticles, type ScanOptions } from './scan.ts';
import { buildSegments, mergeSegments } from './segments.ts';
import { loadState, saveState, stateDir, type EntryWire, type ManifestState, type PackState } from './state.ts';
import { collectGarbage, writeObject, writeObjects, writeRoots } from './tree.ts';

/** Options of {@link publishSite}. */
export interface PublishOptions {
  /** Output directory (the mirror tree). */
  out: string;
  /** Mirror base URLs signed for this run on top of site.json `mirrors` (`--mirror`). */
  mirrors?: string[];
  /** Sign a mirror list that drops mirrors the last signed manifest had (`--allow-mirror-removal`). */
  allowMirrorRemoval?: boolean;
  /** Progress lines for the operator. */
  log?: (line: string) => void;
  /** Warnings (`warning: ...`) for the operator; default: `log`. */
  warn?: (line: string) => void;
  /** Reference time (epoch ms); default Date.now(). */
  now?: number;
  /** Build the reader app shell when available (default true). */
  appShell?: boolean;
  /** Called as articles are rendered and packs built (for a progress line; large runs only matter). */
  progress?: (stage: 'render' | 'pack', done: number, total: number) => void;
}

/** What a publish did. */
export interface PublishSummary {
  site: string;
  out: string;
  articles: { added: number; updated: number; removed: number; unchanged: number; repacked: number; total: number };
  packs: { written: number; total: number };
  segments: { written: number; merged: number; total: number };
  manifest: { version: number; changed: boolean };
  timestamp: { version: number; bytes: number; expires: string };
  rootVersion: number;
  /** Bytes written into `out` by this run, and the total size of referenced objects. */
  bytes: { written: number; objects: number };
  objectsDeleted: number;
  appShell: boolean;
  ms: number;
  /** Milliseconds per phase: scan (read + render), sign, pack (build and write packs; index, manifest), write (tree, state, garbage). */
  phases: { scan: number; sign: number; pack: number; write: number };
  /** Render worker threads used (0: all on the main thread) and how they ran the code. */
  workers: { count: number; code: 'prebuilt' | 'tsx' | null };
  /** V8's collector in this process (`pigeonpost publish` picks single-threaded on up to 4 cores; scripts/gc-relaunch.mjs). */
  gc: 'single-threaded' | 'default';
}

/** Unreferenced objects stay this long at least (readers mid-sync); longer if the timestamp lives longer. */
export const MIN_GRACE_MS = 24 * 60 * 60 * 1000;

/** Root expiry closer than this is warned about on every publish. */
const ROOT_WARN_MS = 30 * 24 * 60 * 60 * 1000;

function entryFor(payload: Record<string, unknown>, rev: number, pack: string, envelope: { sha256: string; length: number }, imageBytes: number): EntryWire {
  const p = payload as Record<string, string | undefined>;
  return {
    id: p['id']!,
    rev,
    title: p['title']!,
    lang: p['lang']!,
    dir: p['dir'] as 'ltr' | 'rtl',
    section: p['section']!,
    ...(p['author'] === undefined ? {} : { author: p['author'] }),
    published: p['published']!,
    ...(p['updated'] === undefined ? {} : { updated: p['updated'] }),
    summary: p['summary']!,
    pack,
    envelope,
    image_bytes: imageBytes,
  };
}

async function previousTimestampVersion(out: string): Promise<number> {
  const bytes = await readOptional(join(out, 'timestamp.json'));
  if (!bytes) return 0;
  try {
    return decodeTimestamp(decodeEnvelope(bytes, 'timestamp').payload).version;
  } catch {
    return 0;
  }
}

/** Publish `siteDir` into `opts.out`. Throws CliError on expected failures. */
export async function publishSite(siteDir: string, opts: PublishOptions): Promise<PublishSummary> {
  const t0 = performance.now();
  const now = opts.now ?? Date.now();
  const log = opts.log ?? (() => {});
  const warn = opts.warn ?? log;
  const shownSite = siteDir; // as the operator typed it, for the commands a message suggests
  await requireSiteFolder(siteDir);
  await assertOutsideSite(siteDir, opts.out, '--out');
  const out = resolve(opts.out);
  siteDir = resolve(siteDir);

  const config = await loadSiteConfig(siteDir);
  const chain = await loadRootChain(siteDir);
  const root = chain[chain.length - 1]!.root;
  if (root.site.id !== config.id) throw new CliError(`root.json is for site "${root.site.id}" but site.json says "${config.id}"`);
  const rootExpires = parseUtc(root.expires, 'root.expires');
  if (rootExpires <= now) throw new CliError(`root version ${root.version} expired at ${root.expires}; run pigeonpost keys rotate ${siteDir} --role root to sign a new one`);
  if (rootExpires - now < ROOT_WARN_MS) warn(`warning: root version ${root.version} expires at ${root.expires}; rotate the root key before then`);

  const signers = signersFor(await loadKeys(siteDir), 'publish', root.roles.publish.keyids, root.roles.publish.threshold)
    .sort((a, b) => (a.keyid < b.keyid ? -1 : 1))
    .map((k) => ({ keyid: k.keyid, key: k.key }));
  const sign = (payload: unknown) => signEnvelope(payload, signers, signEd25519Node);

  const extraMirrors = (opts.mirrors ?? []).map((m) => checkMirrorUrl(m, '--mirror'));

  const release = await acquireLock(stateDir(siteDir));
  let renderers: Renderers | undefined;
  /** True once this run created `out`: a failed first publish then leaves no folder behind. */
  let createdOut = false;
  let done = false;
  try {
    const state = await loadState(siteDir, config.id);
    // The signed mirror list: site.json's, plus --mirror for this run; never shorter than the last
    // signed one unless the operator says so (issue 11: a forgotten flag must not wipe readers' lists).
    const { mirrors, notes } = planMirrors({
      siteDir: shownSite,
      configured: config.mirrors,
      extra: extraMirrors,
      previous: state.manifest?.mirrors ?? (await signedMirrorsInTree(out)),
      allowRemoval: opts.allowMirrorRemoval === true,
      max: MAX_MIRRORS,
    });
    for (const n of notes) warn(n);
    // IPFS gateways (site.json "mirrors" entries of kind ipfs-gateway) are signed after the mirrors.
    const gateways = config.gateways.filter((g) => !mirrors.includes(g));
    if (mirrors.length + gateways.length > MAX_MIRRORS) throw new CliError(`at most ${MAX_MIRRORS} mirrors and gateways can be signed, got ${mirrors.length + gateways.length}`, 1, 'TOO_MANY_MIRRORS');
    // Then the output folder: one that cannot be written fails in seconds, before any work.
    createdOut = await prepareOutDir(out);
    const cache = new ObjectCache(stateDir(siteDir));
    const scanOpts: ScanOptions = { siteDir, siteId: config.id, siteLang: config.lang, textOnly: config.textOnly, publishKeyids: signers.map((s) => s.keyid), state };
    // Render workers (for large runs) also sign new revisions early and build the packs.
    const known = Object.fromEntries(Object.entries(state.articles).map(([id, a]) => [id, { rev: a.rev, content: a.content }]));
    renderers = new Renderers(renderSite(scanOpts), { signers, known, tombstones: { ...state.tombstones } });
    const tScan = performance.now();
    const scanned = await scanArticles(scanOpts, renderers, opts.progress && ((done, total) => opts.progress!('render', done, total)));
    const phases = { scan: Math.round(performance.now() - tScan), sign: 0, pack: 0, write: 0 };

    // Decide: unchanged, added, updated, removed (format.md §3.4: revisions only go up).
    type Scanned = (typeof scanned)[number];
    const toPack: { id: string; file: string; rev: number; rendered: RenderedArticle; signed?: Scanned['signed']; input: string; env?: string; fileStat?: Scanned['fileStat']; images: Scanned['images']; content: string }[] = [];
    const counts = { added: 0, updated: 0, removed: 0, unchanged: 0, repacked: 0 };
    const present = new Set<string>();
    for (const s of scanned) {
      present.add(s.id);
      const prev = state.articles[s.id];
      if (prev && prev.content === s.content) {
        counts.unchanged++;
        prev.file = s.file;
        prev.input = s.input;
        prev.env = s.env;
        prev.fileStat = s.fileStat;
        prev.images = s.images;
        continue;
      }
      if (!s.rendered) throw new Error(`internal: ${s.file} changed but was not rendered`);
      const rev = Math.max(prev?.rev ?? 0, state.tombstones[s.id] ?? 0) + 1;
      if (prev) counts.updated++;
      else counts.added++;
      toPack.push({ id: s.id, file: s.file, rev, rendered: s.rendered, ...(s.signed === undefined ? {} : { signed: s.signed }), input: s.input, env: s.env, fileStat: s.fileStat, images: s.images, content: s.content });
    }
    // What the sanitizer took out, per article it rendered now (unchanged articles were reported when they changed).
    for (const t of toPack) if (t.rendered.removed !== undefined) warn(`warning: ${t.id}: removed ${t.rendered.removed}`);
    const newTombstones: { id: string; rev: number }[] = [];
    for (const id of Object.keys(state.articles).sort()) {
      if (present.has(id)) continue;
      const rev = state.articles[id]!.rev;
      newTombstones.push({ id, rev });
      state.tombstones[id] = rev;
      delete state.articles[id];
      counts.removed++;
    }

    // Compaction: a pack whose live articles fell below half is repacked (as new revisions, so an
    // (id, rev) never has two different index entries; format.md §3.4).
    const leaving = new Set(toPack.map((t) => t.id));
    const renderOne = createRenderOne(renderers);
    const live = new Map<string, string[]>();
    for (const [id, a] of Object.entries(state.articles)) {
      if (leaving.has(id)) continue;
      const l = live.get(a.entry.pack);
      if (l) l.push(id);
      else live.set(a.entry.pack, [id]);
    }
    for (const [sha, pack] of Object.entries(state.packs).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const ids = live.get(sha) ?? [];
      if (ids.length === 0 || ids.length * 2 >= pack.count) continue;
      for (const id of ids.sort()) {
        const a = state.articles[id]!;
        toPack.push({ id, file: a.file, rev: a.rev + 1, rendered: (await renderOne(a.file)).rendered, input: a.input, ...(a.env === undefined ? {} : { env: a.env }), ...(a.fileStat === undefined ? {} : { fileStat: a.fileStat }), images: a.images, content: a.content });
        counts.repacked++;
        counts.unchanged--;
      }
    }

    // Sign and pack.
    const tSign = performance.now();
    const fresh = new Map<string, BuiltObject>();
    const items: PackItem[] = [];
    const signed = new Map<string, { envelope: Uint8Array; sha256: string; payload: Record<string, unknown>; item: (typeof toPack)[number] }>();
    for (const t of toPack) {
      // A renderer signed exactly this payload already if it assumed the same revision. It kept no
      // HTML then (render-worker-main.ts), so any other revision is signed from a fresh render.
      const early = t.signed?.rev === t.rev ? t.signed : undefined;
      let rendered = t.rendered;
      if (!early && t.signed) {
        const again = await renderOne(t.file);
        if (again.content !== t.content) throw new CliError(`${t.file}: changed while publishing; run the publish again`);
        rendered = again.rendered;
      }
      const payload: Record<string, unknown> = { ...rendered.payload, rev: t.rev };
      const envelope = early ? early.envelope : await sign(payload);
      signed.set(t.id, { envelope, sha256: early ? early.sha256 : sha256Node(envelope), payload, item: t });
      items.push({ id: t.id, section: payload['section'] as string, published: payload['published'] as string, envelope, images: t.rendered.images.map(({ sha256, type, path }) => ({ sha256, type, path })) });
    }
    phases.sign = Math.round(performance.now() - tSign);
    const tPack = performance.now();
    /** Bytes written into `out`. */
    let written = 0;
    const packPins = new Map<string, PackState>(Object.entries(state.packs));
    const newEntries: EntryWire[] = [];
    let packsWritten = 0;
    const plans = planPacks(items);
    const pool = renderers.pool;
    // Each pack is written (the cache, then the tree) as soon as it is built, and its bytes are
    // dropped: a first publish of a large archive with pictures would otherwise hold every pack in
    // memory. Nothing points at a new object until the timestamp is written, last (tree.ts).
    let packed = 0;
    const store = async (packs: BuiltPack[]): Promise<{ pin: BuiltPack['object']['pin']; ids: readonly string[] }[]> => {
      const done: { pin: BuiltPack['object']['pin']; ids: readonly string[] }[] = [];
      for (const pack of packs) {
        await cache.put(pack.object);
        // Not `written += await …`: that reads `written` before the await, and stores run at once.
        const n = await writeObject(out, pack.object.pin, pack.object.gz);
        written += n;
        done.push({ pin: pack.object.pin, ids: pack.ids });
      }
      opts.progress?.('pack', ++packed, plans.length);
      return done;
    };
    const built: { pin: BuiltPack['object']['pin']; ids: readonly string[] }[] = [];
    // A pack over the 1 MiB object cap is split and built again (packs.ts).
    if (pool) {
      // Every pack settles before a failure is reported, so no write outlives the publish lock.
      const settled = await Promise.allSettled(plans.map((plan) => buildPacksWithin(plan, (p) => pool.pack(p)).then(store)));
      for (const r of settled) if (r.status === 'rejected') throw r.reason;
      for (const r of settled) if (r.status === 'fulfilled') built.push(...r.value);
    }
    else for (const plan of plans) built.push(...(await store(await buildPacksWithin(plan, async (p) => buildPack(p, siteDir)))));
    for (const pack of built) {
      const pin: PackState = { ...pack.pin, count: pack.ids.length };
      packPins.set(pin.sha256, pin);
      packsWritten++;
      for (const id of pack.ids) {
        const s = signed.get(id)!;
        const imageBytes = s.item.rendered.images.reduce((n, i) => n + i.size, 0);
        const entry = entryFor(s.payload, s.item.rev, pin.sha256, { sha256: s.sha256, length: s.envelope.length }, imageBytes);
        newEntries.push(entry);
        const { file, input, env, fileStat, images, content, rev } = s.item;
        state.articles[id] = { file, input, ...(env === undefined ? {} : { env }), ...(fileStat === undefined ? {} : { fileStat }), images, content, rev, entry };
      }
    }

    // One new segment per publish, then merging.
    const before = state.segments.map((s) => s.sha256).join(',');
    let segments = [...state.segments];
    let segmentsWritten = 0;
    state.packs = Object.fromEntries(packPins);
    if (newEntries.length > 0 || newTombstones.length > 0) {
      // Usually one; more when one would be over the 1 MiB object cap (segments.ts).
      for (const seg of buildSegments(config.id, newEntries, newTombstones, packPins)) {
        fresh.set(seg.state.sha256, seg.object);
        segments.push(seg.state);
        segmentsWritten++;
      }
    }
    const merged = mergeSegments(state, segments);
    for (const b of merged.built) fresh.set(b.state.sha256, b.object);
    segments = merged.segments;
    segmentsWritten += merged.built.length;
    state.segments = segments;
    const pinnedPacks = new Set(segments.flatMap((s) => s.packs));
    state.packs = Object.fromEntries([...packPins].filter(([sha]) => pinnedPacks.has(sha)));

    // Manifest: a new version only when its content changes (or it needs a fresh expiry).
    const prevM = state.manifest;
    const segmentsChanged = before !== segments.map((s) => s.sha256).join(',');
    const needManifest =
      !prevM || segmentsChanged || prevM.mirrors.join('\n') !== mirrors.join('\n') || (prevM.gateways ?? []).join('\n') !== gateways.join('\n') || prevM.rootVersion !== root.version || manifestNeedsRefresh(prevM, now, config.expiry.manifest);
    let manifest: ManifestState;
    if (needManifest) {
      const version = (prevM?.version ?? 0) + 1;
      const payload = manifestPayload({ site: config.id, version, expiresMs: now + config.expiry.manifest, publishedMs: now, rootVersion: root.version, mirrors, gateways, segments });
      decodeManifest(payload);
      const obj = buildObject(await sign(payload));
      fresh.set(obj.pin.sha256, obj);
      manifest = { ...obj.pin, version, expiresMs: now + config.expiry.manifest, publishedMs: now, mirrors, ...(gateways.length ? { gateways } : {}), rootVersion: root.version };
    } else {
      manifest = prevM;
    }
    state.manifest = manifest;

    // Timestamp: version = seconds since the epoch, strictly above every earlier one.
    const tsVersion = Math.max(Math.floor(now / 1000), state.timestampVersion + 1, (await previousTimestampVersion(out)) + 1);
    const tsExpires = now + config.expiry.timestamp;
    const tsPayload = timestampPayload({ site: config.id, version: tsVersion, expiresMs: tsExpires, rootVersion: root.version, manifest });
    const ts = decodeTimestamp(tsPayload);
    const tsBytes = await sign(tsPayload);

    phases.pack = Math.round(performance.now() - tPack);
    const tWrite = performance.now();
    // Write: the cache, roots, objects (packs, written above unless missing, segments, manifest),
    // app shell, timestamp.
    for (const obj of fresh.values()) await cache.put(obj);
    const freshBytes = new Map([...fresh].map(([sha, o]) => [sha, o.gz]));
    written += await writeRoots(out, chain.map((c) => c.bytes));
    const pins = [...[...pinnedPacks].sort().map((sha) => state.packs[sha]!), ...segments, manifest];
    const referenced = pins.map((p) => p.sha256);
    const objs = await writeObjects(out, pins, freshBytes, cache);
    written += objs.bytes;
    let appShell = false;
    if (opts.appShell !== false) {
      const site = { id: config.id, name: config.name, lang: config.lang, ...(config.description === undefined ? {} : { description: config.description }) };
      appShell = await buildAppShellIfAvailable({ siteDir, out, rootBytes: chain[chain.length - 1]!.bytes, mirrors, site, log: (l) => (l.startsWith('warning: ') ? warn(l) : log(l)) });
    }
    written += await writeHostHeaders(out); // _headers for Netlify and Cloudflare Pages (host-headers.ts)
    await writeFileAtomic(join(out, 'timestamp.json'), tsBytes);
    written += tsBytes.length;
    state.timestampVersion = tsVersion;

    // Objects no longer referenced stay for a grace period (readers mid-sync), then go.
    const liveSet = new Set(referenced);
    const grace = Math.max(MIN_GRACE_MS, config.expiry.timestamp);
    let deleted = await collectGarbage(join(out, 'objects'), liveSet, state.retired, now, grace);
    deleted += await collectGarbage(cache.dir, liveSet, state.retired, now, grace);
    for (const [sha, since] of Object.entries(state.retired)) if (liveSet.has(sha) || now - since >= grace) delete state.retired[sha];
    await saveState(siteDir, state);
    phases.write = Math.round(performance.now() - tWrite);

    const objectBytes = pins.reduce((n, p) => n + p.length, 0);
    const summary: PublishSummary = {
      site: config.id,
      out,
      articles: { ...counts, total: Object.keys(state.articles).length },
      packs: { written: packsWritten, total: pinnedPacks.size },
      segments: { written: segmentsWritten, merged: merged.built.length, total: segments.length },
      manifest: { version: manifest.version, changed: needManifest },
      timestamp: { version: ts.version, bytes: tsBytes.length, expires: ts.expires },
      rootVersion: root.version,
      bytes: { written, objects: objectBytes },
      objectsDeleted: deleted,
      appShell,
      ms: Math.round(performance.now() - t0),
      phases,
      workers: renderers.pool ? { count: renderers.pool.size, code: renderers.pool.prebuilt ? 'prebuilt' : 'tsx' } : { count: 0, code: null },
      gc: process.execArgv.includes('--single-threaded-gc') ? 'single-threaded' : 'default',
    };
    log(
      `published ${summary.articles.total} articles (${counts.added} added, ${counts.updated} updated, ${counts.removed} removed, ${counts.unchanged} unchanged` +
        `${counts.repacked ? `, ${counts.repacked} repacked` : ''}); ${packsWritten} new pack(s), manifest v${manifest.version}${needManifest ? '' : ' (unchanged)'}, timestamp v${ts.version} → ${out}`,
    );
    done = true;
    return summary;
  } finally {
    await renderers?.close();
    // Only a folder this run made, and so holds nothing but this run's partial output.
    if (!done && createdOut) await rm(out, { recursive: true, force: true }).catch(() => {});
    await release();
  }
}
