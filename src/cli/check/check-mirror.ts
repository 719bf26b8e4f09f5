/**
 * `pigeonpost check`: read a mirror exactly as a reader would (format.md §5), with the trust core
 * in src/core/trust, and report every problem instead of stopping at the first:
 *
 *   root chain from the given anchor (§4.2) → timestamp (§5.1–5.3) → manifest (§5.4–5.5)
 *   → every index segment and the index view (§3.4, §5.6) → every pinned pack (§5.4, §5.7, §5.8)
 *   → every listed article's own signature (§3.5; the sync engine relies on the hash chain instead).
 *
 * It also checks what a reader starting from an older anchor would need: every root/<N>.json from
 * version 1 and root.json. A problem in one pack does not stop the others. The mirror passes only
 * when there is no problem at all: complete, valid and fresh at the reference time.
 */
import { isPigeonError, PigeonError } from '../../core/errors.ts';
import { bytesEqual } from '../../core/encoding/bytes.ts';
import { objectPath } from '../../core/format/common.ts';
import { decodeIndexSegment, type IndexEntry, type IndexSegment } from '../../core/format/index-segment.ts';
import type { Manifest } from '../../core/format/manifest.ts';
import type { Root } from '../../core/format/root.ts';
import type { Timestamp } from '../../core/format/timestamp.ts';
import { DEFAULT_LIMITS } from '../../core/net/limits.ts';
import { verifyArticleEnvelope } from '../../core/trust/article.ts';
import { buildIndexView, checkAgainstStored, type IndexView } from '../../core/trust/index-view.ts';
import { verifyManifest } from '../../core/trust/manifest.ts';
import { openObject } from '../../core/trust/object.ts';
import { openPack } from '../../core/trust/pack.ts';
import { publishKeysChanged, updateRootChain, verifyAnchor, verifyRootStep, type TrustedRoot } from '../../core/trust/root-chain.ts';
import { verifyTimestamp } from '../../core/trust/timestamp.ts';
import type { MirrorSource } from './source.ts';
import type { CheckState } from './state.ts';

/** One problem: the file, a stable code and a sentence. */
export interface Problem {
  readonly file: string;
  readonly code: string;
  readonly message: string;
}

/** The machine-readable report (`check --json`). */
export interface CheckReport {
  ok: boolean;
  mirror: string;
  now: string;
  site?: string;
  root?: { version: number; expires: string };
  timestamp?: { version: number; expires: string };
  manifest?: { version: number; expires: string; published: string; mirrors: string[]; segments: number };
  articles: { listed: number; verified: number; removed: number };
  /** `checked`: packs fetched (all of them unless the check was sampled, CheckOptions.samplePacks). */
  packs: { pinned: number; verified: number; checked?: number };
  problems: Problem[];
  ms: number;
}

/** Inputs of {@link checkMirror}. */
export interface CheckOptions {
  source: MirrorSource;
  /** The trust anchor bytes (--root). */
  anchor: Uint8Array;
  /** Stored trust state from an earlier successful check, if any. */
  stored?: CheckState;
  now: number;
  /**
   * Fetch and verify only this many packs, picked at random (`mirrors status` without --full);
   * the others are not checked, and articles of unchecked packs are not counted as verified.
   */
  samplePacks?: number;
  /** Random source of the sample (tests); default Math.random. */
  random?: () => number;
}

/** Result: the report, and the new trust state (meaningful only when `report.ok`). */
export interface CheckResult {
  report: CheckReport;
  state: CheckState;
}

function problemOf(file: string, e: unknown): Problem {
  if (isPigeonError(e)) return { file, code: e.code, message: e.message };
  return { file, code: 'ERROR', message: e instanceof Error ? e.message : String(e) };
}

const missing = (file: string, what: string): Problem => ({ file, code: 'MISSING', message: `${what} is not on the mirror` });

/** Check one mirror. Never throws for mirror problems; they are all in the report. */
export async function checkMirror(opts: CheckOptions): Promise<CheckResult> {
  const t0 = performance.now();
  const { source, now } = opts;
  const problems: Problem[] = [];
  const report: CheckReport = {
    ok: false,
    mirror: source.location,
    now: new Date(now).toISOString(),
    articles: { listed: 0, verified: 0, removed: 0 },
    packs: { pinned: 0, verified: 0 },
    problems,
    ms: 0,
  };
  const finish = (state: CheckState): CheckResult => {
    report.ok = problems.length === 0;
    report.ms = Math.round(performance.now() - t0);
    return { report, state };
  };

  // The anchor, or the newer root stored by an earlier check.
  const anchor = await verifyAnchor(opts.anchor);
  const site = anchor.root.site.id;
  report.site = site;
  let trusted: TrustedRoot = anchor;
  const stored = opts.stored;
  if (stored?.root) {
    const s = await verifyAnchor(stored.root);
    if (s.root.site.id === site && s.root.version > trusted.root.version) trusted = s;
  }
  const newState: CheckState = { site, articles: new Map(stored?.articles ?? []) };

  // Root files, fetched once each.
  const roots = new Map<number, Uint8Array | null>();
  const getRoot = async (v: number): Promise<Uint8Array | null> => {
    if (!roots.has(v)) roots.set(v, await source.get(`root/${v}.json`, DEFAULT_LIMITS.rootMaxBytes));
    return roots.get(v)!;
  };

  // §4.2: walk the chain from the trusted root, one version at a time.
  let current = trusted;
  let walking = trusted.root.version + 1;
  try {
    current = await updateRootChain(
      trusted,
      async (v) => {
        walking = v;
        return getRoot(v);
      },
      {
        now,
        onStep: async (r) => {
          current = r;
        },
      },
    );
  } catch (e) {
    const file = isPigeonError(e, 'EXPIRED') ? `root/${current.root.version}.json` : `root/${walking}.json`;
    problems.push(problemOf(file, e));
  }
  const root: Root = current.root;
  report.root = { version: root.version, expires: root.expires };
  newState.root = current.bytes;
  const floorsReset = publishKeysChanged(trusted.root, root); // §4.2: forget version floors on new publish keys

  await checkRootArchive(source, getRoot, anchor, current, problems);

  // §5.1–5.3: the timestamp.
  let timestamp: Timestamp | undefined;
  let tsBytes: Uint8Array | null = null;
  try {
    tsBytes = await source.get('timestamp.json', DEFAULT_LIMITS.timestampMaxBytes);
  } catch (e) {
    problems.push(problemOf('timestamp.json', e));
  }
  if (tsBytes === null) {
    if (!problems.some((p) => p.file === 'timestamp.json')) problems.push(missing('timestamp.json', 'the timestamp'));
    return finish(newState);
  }
  const storedTs = floorsReset ? undefined : stored?.timestamp;
  try {
    timestamp = (await verifyTimestamp(root, tsBytes, { now, ...(storedTs ? { stored: storedTs } : {}) })).timestamp;
  } catch (e) {
    problems.push(problemOf('timestamp.json', e));
    // A stale or replayed timestamp is still signed: keep checking what it points at.
    if (isPigeonError(e, 'EXPIRED') || isPigeonError(e, 'ROLLBACK')) timestamp = (await verifyTimestamp(root, tsBytes, { now: 0 })).timestamp;
  }
  if (!timestamp) return finish(newState);
  report.timestamp = { version: timestamp.version, expires: timestamp.expires };
  newState.timestamp = { version: timestamp.version, bytes: tsBytes };

  // §5.4–5.5: the manifest.
  const manifest = await checkManifest(source, root, timestamp, floorsReset ? undefined : stored?.manifest?.version, now, problems);
  if (!manifest) return finish(newState);
  report.manifest = { version: manifest.version, expires: manifest.expires, published: manifest.published, mirrors: manifest.mirrors.map((m) => m.url), segments: manifest.segments.length };
  newState.manifest = { version: manifest.version };

  // §3.4, §5.6: the segments and the index view.
  const segments: IndexSegment[] = [];
  for (const pin of manifest.segments) {
    const file = objectPath(pin.sha256);
    try {
      const bytes = await source.get(file, pin.length);
      if (bytes === null) {
        problems.push(missing(file, 'index segment'));
        continue;
      }
      segments.push(decodeIndexSegment(await openObject(bytes, pin, `index segment ${pin.sha256.slice(0, 12)}`), `index segment ${pin.sha256.slice(0, 12)}`));
    } catch (e) {
      problems.push(problemOf(file, e));
    }
  }
  let view: IndexView;
  try {
    view = buildIndexView(segments, site);
  } catch (e) {
    problems.push(problemOf('index', e));
    return finish(newState);
  }
  report.articles.listed = view.entries.size;
  report.articles.removed = view.removed.size;
  report.packs.pinned = view.packs.size;
  try {
    for (const id of checkAgainstStored(view, stored?.articles ?? new Map())) newState.articles.delete(id);
  } catch (e) {
    problems.push(problemOf('index', e));
  }

  // §5.4, §5.7, §5.8: every pinned pack, and every listed article's signature.
  const byPack = new Map<string, IndexEntry[]>();
  for (const e of view.entries.values()) {
    const l = byPack.get(e.pack);
    if (l) l.push(e);
    else byPack.set(e.pack, [e]);
  }
  let packList = [...view.packs].sort(([a], [b]) => (a < b ? -1 : 1));
  if (opts.samplePacks !== undefined && opts.samplePacks < packList.length) {
    const random = opts.random ?? Math.random;
    const pool = [...packList];
    packList = [];
    while (packList.length < opts.samplePacks) packList.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  }
  report.packs.checked = packList.length;
  for (const [sha, pin] of packList) {
    const file = objectPath(sha);
    const wanted = byPack.get(sha) ?? [];
    try {
      const bytes = await source.get(file, pin.length);
      if (bytes === null) {
        problems.push(missing(file, `pack (${wanted.length} listed article(s): ${wanted.slice(0, 3).map((e) => e.id).join(', ')}${wanted.length > 3 ? ', …' : ''})`));
        continue;
      }
      const contents = await openPack(await openObject(bytes, pin, `pack ${sha.slice(0, 12)}`), wanted, site, `pack ${sha.slice(0, 12)}`);
      let packOk = true;
      for (const a of contents.articles) {
        try {
          await verifyArticleEnvelope(root, a.envelope, `article ${a.entry.id}`);
          report.articles.verified++;
          newState.articles.set(a.entry.id, a.entry.rev);
        } catch (e) {
          packOk = false;
          problems.push(problemOf(`${file} (article ${a.entry.id})`, e));
        }
      }
      if (packOk) report.packs.verified++;
    } catch (e) {
      problems.push(problemOf(file, e));
    }
  }
  return finish(newState);
}

/** §5.4–5.5 for the manifest; reports problems and returns it when it could be read and is signed. */
async function checkManifest(source: MirrorSource, root: Root, ts: Timestamp, storedVersion: number | undefined, now: number, problems: Problem[]): Promise<Manifest | undefined> {
  const file = objectPath(ts.manifest.sha256);
  let opened: Uint8Array;
  try {
    const bytes = await source.get(file, ts.manifest.length);
    if (bytes === null) {
      problems.push(missing(file, 'the manifest'));
      return undefined;
    }
    opened = await openObject(bytes, ts.manifest, 'manifest');
  } catch (e) {
    problems.push(problemOf(file, e));
    return undefined;
  }
  try {
    return await verifyManifest(root, opened, { now, pinnedVersion: ts.manifest.version, ...(storedVersion === undefined ? {} : { storedVersion }) });
  } catch (e) {
    problems.push(problemOf(file, e));
    if (isPigeonError(e, 'EXPIRED') || isPigeonError(e, 'ROLLBACK')) return verifyManifest(root, opened, { now: 0, pinnedVersion: ts.manifest.version });
    return undefined;
  }
}

/**
 * Readers may start from any older anchor, so the mirror must serve the whole chain: root/1.json
 * (self-signed) through the newest, each step valid, the anchor's version byte-identical to the
 * anchor, and root.json equal to the newest version.
 */
async function checkRootArchive(source: MirrorSource, getRoot: (v: number) => Promise<Uint8Array | null>, anchor: TrustedRoot, newest: TrustedRoot, problems: Problem[]): Promise<void> {
  const seen = new Set(problems.map((p) => p.file));
  const report = (file: string, p: Problem) => {
    if (!seen.has(file)) problems.push(p);
    seen.add(file);
  };
  let prev: Root | undefined;
  for (let v = 1; v <= newest.root.version; v++) {
    const file = `root/${v}.json`;
    let bytes: Uint8Array | null;
    try {
      bytes = await getRoot(v);
    } catch (e) {
      report(file, problemOf(file, e));
      return;
    }
    if (bytes === null) {
      report(file, missing(file, `root version ${v}`));
      return;
    }
    if (v === anchor.root.version && !bytesEqual(bytes, anchor.bytes)) {
      report(file, { file, code: 'HASH_MISMATCH', message: `root version ${v} differs from the trusted root of the same version` });
      return;
    }
    try {
      if (v === 1) {
        const r = await verifyAnchor(bytes);
        if (r.root.version !== 1) throw new PigeonError('ROLLBACK', `root/1.json holds version ${r.root.version}`);
        if (r.root.site.id !== anchor.root.site.id) throw new PigeonError('WRONG_SITE', `root/1.json is for site "${r.root.site.id}"`);
        prev = r.root;
      } else {
        prev = (await verifyRootStep(prev!, bytes)).root;
      }
    } catch (e) {
      report(file, problemOf(file, e));
      return;
    }
  }
  try {
    const top = await source.get('root.json', DEFAULT_LIMITS.rootMaxBytes);
    if (top === null) report('root.json', missing('root.json', 'root.json (the newest root, for bootstrapping)'));
    else if (!bytesEqual(top, newest.bytes)) report('root.json', { file: 'root.json', code: 'HASH_MISMATCH', message: `root.json differs from the newest root that verifies (version ${newest.root.version})` });
  } catch (e) {
    report('root.json', problemOf('root.json', e));
  }
}
