/**
 * `pigeonpost mirrors status`: the health of every mirror and IPFS gateway the site last signed,
 * each checked the way a reader would use it, all at once.
 *
 * - An ordinary mirror is read with `check`'s reader (check-mirror.ts): the root chain, the
 *   timestamp, the manifest, every index segment and a random sample of packs (every pack with
 *   `full`), all verified. Its timestamp is compared with the one the site last published, so a
 *   mirror a push has not reached is "stale". Two more requests carry an `Origin` header: a
 *   reader's app on another mirror's origin can only read a mirror that answers with
 *   Access-Control-Allow-Origin; and timestamp.json must not be cached for long.
 * - An IPFS gateway is asked, by CID, for every index segment and the sampled packs (format.md
 *   §3.3); each answer is hashed against its pin.
 *
 * Status words: ok, stale (valid, older edition than published), expired, incomplete (pinned
 * objects missing), broken (bytes or signatures that fail verification), unreachable, headers
 * (CORS or caching wrong). Only "ok" counts as healthy.
 */
import { createHash } from 'node:crypto';
import { isPigeonError } from '../../core/errors.ts';
import { objectPath } from '../../core/format/common.ts';
import type { MirrorKind } from '../../core/format/manifest.ts';
import { fetchCapped } from '../../core/net/fetch-capped.ts';
import { gatewayObjectUrl } from '../../core/net/ipfs-gateway.ts';
import { joinMirrorUrl } from '../../core/net/url.ts';
import { checkMirror, type Problem } from '../check/check-mirror.ts';
import { httpSource, type MirrorSource } from '../check/source.ts';
import { mapPool } from '../util/pool.ts';

/** Packs checked per mirror without --full. */
export const SAMPLE_PACKS = 8;
/** Longest Cache-Control max-age (s) on timestamp.json before readers see new editions too late (GitHub Pages sends 600). */
export const TIMESTAMP_MAX_AGE_S = 600;
/** Mirrors checked at once. */
const CONCURRENCY = 16;
/** Origin sent in the CORS probes (any origin other than the mirror's own). */
const PROBE_ORIGIN = 'https://reader.pigeonpost.invalid';

/** One entry of the signed list. */
export interface SignedMirror {
  readonly url: string;
  readonly kind?: MirrorKind;
}

/** What the site last published (publish-state.json), to compare each mirror with. */
export interface Published {
  readonly timestampVersion: number;
  readonly manifestVersion: number;
  /** Pins of the index segments and packs the last manifest reaches. */
  readonly segments: readonly { sha256: string; length: number }[];
  readonly packs: readonly { sha256: string; length: number }[];
}

/** Status word of one mirror. */
export type StatusWord = 'ok' | 'stale' | 'expired' | 'incomplete' | 'broken' | 'unreachable' | 'headers';

/** One mirror's row. */
export interface MirrorStatus {
  url: string;
  kind: 'mirror' | 'ipfs-gateway';
  status: StatusWord;
  healthy: boolean;
  reachable: boolean;
  timestamp: { version: number; expires: string } | null;
  manifest: { version: number; published: string } | null;
  /** Objects checked, of those pinned, and how many of the checked were missing. */
  complete: { checked: number; pinned: number; missing: number };
  /** Time to the first verified answer (timestamp.json, or a gateway's first block), ms. */
  latencyMs: number | null;
  headers: { cors: boolean | null; timestampCache: string | null; problems: string[] };
  problems: Problem[];
  ms: number;
}

/** Options of {@link mirrorsStatus}. */
export interface StatusOptions {
  readonly anchor: Uint8Array;
  readonly now: number;
  readonly full: boolean;
  readonly fetchImpl?: typeof fetch;
  readonly random?: () => number;
}

/** Check every mirror concurrently; rows in the signed list's order. */
export async function mirrorsStatus(list: readonly SignedMirror[], published: Published, opts: StatusOptions): Promise<MirrorStatus[]> {
  return mapPool(list, CONCURRENCY, (m) => (m.kind === 'ipfs-gateway' ? gatewayStatus(m.url, published, opts) : mirrorStatus(m.url, published, opts)));
}

/** A source that remembers how long the timestamp took. */
function timedSource(base: MirrorSource): MirrorSource & { timestampMs: number | null } {
  const s = {
    location: base.location,
    timestampMs: null as number | null,
    async get(path: string, maxBytes: number) {
      const t0 = performance.now();
      const bytes = await base.get(path, maxBytes);
      if (path === 'timestamp.json' && bytes !== null) s.timestampMs = Math.round(performance.now() - t0);
      return bytes;
    },
  };
  return s;
}

/** GET `url` with an Origin header; the CORS verdict and the Cache-Control seen. */
async function probe(url: string, fetchImpl: typeof fetch): Promise<{ cors: boolean; cacheControl: string | null } | null> {
  try {
    const res = await fetchImpl(url, { headers: { Origin: PROBE_ORIGIN }, redirect: 'manual', cache: 'no-store', signal: AbortSignal.timeout(15_000) });
    await res.body?.cancel();
    const acao = res.headers.get('access-control-allow-origin');
    return { cors: res.ok && (acao === '*' || acao === PROBE_ORIGIN), cacheControl: res.headers.get('cache-control') };
  } catch {
    return null;
  }
}

/** max-age (or s-maxage) in seconds, when the header allows caching without revalidation. */
export function cachedSeconds(cacheControl: string | null): number {
  if (cacheControl === null) return 0;
  const cc = cacheControl.toLowerCase();
  if (/\bno-cache\b|\bno-store\b/.test(cc)) return 0;
  if (/\bimmutable\b/.test(cc)) return Infinity;
  const ages = [...cc.matchAll(/\b(?:s-)?max-age=(\d+)/g)].map((m) => Number(m[1]));
  return ages.length ? Math.max(...ages) : 0;
}

async function mirrorStatus(url: string, published: Published, opts: StatusOptions): Promise<MirrorStatus> {
  const t0 = performance.now();
  const fetchImpl = opts.fetchImpl ?? fetch;
  const row: MirrorStatus = {
    url,
    kind: 'mirror',
    status: 'ok',
    healthy: false,
    reachable: false,
    timestamp: null,
    manifest: null,
    complete: { checked: 0, pinned: 0, missing: 0 },
    latencyMs: null,
    headers: { cors: null, timestampCache: null, problems: [] },
    problems: [],
    ms: 0,
  };
  const source = timedSource(httpSource(url));
  const [{ report }, tsProbe, rootProbe] = await Promise.all([
    checkMirror({ source, anchor: opts.anchor, now: opts.now, ...(opts.full ? {} : { samplePacks: SAMPLE_PACKS }), ...(opts.random ? { random: opts.random } : {}) }),
    probe(joinMirrorUrl(url, 'timestamp.json'), fetchImpl),
    probe(joinMirrorUrl(url, 'root/1.json'), fetchImpl),
  ]);
  row.problems = report.problems;
  row.latencyMs = source.timestampMs;
  row.reachable = source.timestampMs !== null;
  if (report.timestamp) row.timestamp = report.timestamp;
  if (report.manifest) row.manifest = { version: report.manifest.version, published: report.manifest.published };
  const missing = report.problems.filter((p) => p.code === 'MISSING' && p.file.startsWith('objects/')).length;
  row.complete = { checked: report.manifest ? report.manifest.segments + (report.packs.checked ?? report.packs.pinned) + 1 : 0, pinned: report.manifest ? report.manifest.segments + report.packs.pinned + 1 : 0, missing };
  // Headers: CORS on a mutable and an immutable file; the timestamp must be revalidated soon.
  if (tsProbe && rootProbe) {
    row.headers.cors = tsProbe.cors && rootProbe.cors;
    row.headers.timestampCache = tsProbe.cacheControl;
    if (!tsProbe.cors) row.headers.problems.push('timestamp.json has no Access-Control-Allow-Origin for other origins');
    if (!rootProbe.cors) row.headers.problems.push('root/1.json has no Access-Control-Allow-Origin for other origins');
    const age = cachedSeconds(tsProbe.cacheControl);
    if (age > TIMESTAMP_MAX_AGE_S) row.headers.problems.push(`timestamp.json may be cached for ${age === Infinity ? 'ever' : `${age} s`} (Cache-Control: ${tsProbe.cacheControl}); readers would see new editions late`);
  }
  const codes = new Set(report.problems.map((p) => p.code));
  const tsProblem = report.problems.find((p) => p.file === 'timestamp.json');
  row.status =
    !row.reachable && (tsProblem === undefined || ['NETWORK', 'TIMEOUT', 'TOO_SLOW', 'HTTP_STATUS', 'MISSING', 'NOT_BUNDLE'].includes(tsProblem.code)) ? 'unreachable'
    : report.problems.some((p) => p.code !== 'MISSING' && p.code !== 'EXPIRED') ? 'broken'
    : missing > 0 || codes.has('MISSING') ? 'incomplete'
    : codes.has('EXPIRED') ? 'expired'
    : report.timestamp && report.timestamp.version < published.timestampVersion ? 'stale'
    : row.headers.problems.length > 0 || row.headers.cors === null ? 'headers'
    : 'ok';
  row.healthy = row.status === 'ok';
  row.ms = Math.round(performance.now() - t0);
  return row;
}

async function gatewayStatus(url: string, published: Published, opts: StatusOptions): Promise<MirrorStatus> {
  const t0 = performance.now();
  const fetchImpl = opts.fetchImpl ?? fetch;
  const random = opts.random ?? Math.random;
  let packs = [...published.packs];
  if (!opts.full && packs.length > SAMPLE_PACKS) {
    const pool = packs;
    packs = [];
    while (packs.length < SAMPLE_PACKS) packs.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  }
  const wanted = [...published.segments, ...packs];
  const problems: Problem[] = [];
  let first: number | null = null;
  let answered = 0;
  let missing = 0;
  await mapPool(wanted, 4, async (pin) => {
    const file = objectPath(pin.sha256);
    const started = performance.now();
    try {
      const { bytes } = await fetchCapped(gatewayObjectUrl(url, file), { maxBytes: pin.length, expectedLength: pin.length, ...(opts.fetchImpl ? { fetchImpl: opts.fetchImpl } : {}) });
      answered++;
      if (createHash('sha256').update(bytes).digest('hex') !== pin.sha256) {
        problems.push({ file, code: 'HASH_MISMATCH', message: 'the gateway served other bytes than the pinned object' });
        return;
      }
      first ??= Math.round(performance.now() - started);
    } catch (e) {
      const status = isPigeonError(e, 'HTTP_STATUS') ? e.detail?.['status'] : undefined;
      if (status === 404 || status === 410) {
        answered++;
        missing++;
        problems.push({ file, code: 'MISSING', message: 'the gateway does not have this block' });
      } else {
        if (isPigeonError(e, 'HTTP_STATUS') || isPigeonError(e, 'LENGTH_MISMATCH') || isPigeonError(e, 'TOO_LARGE') || isPigeonError(e, 'NOT_BUNDLE')) answered++;
        problems.push({ file, code: isPigeonError(e) ? e.code : 'ERROR', message: e instanceof Error ? e.message : String(e) });
      }
    }
  });
  const segment = published.segments[0];
  const cors = segment ? await probe(gatewayObjectUrl(url, objectPath(segment.sha256)), fetchImpl) : null;
  const headerProblems = cors && !cors.cors ? ['blocks have no Access-Control-Allow-Origin for other origins'] : [];
  const reachable = answered > 0;
  const status: StatusWord =
    !reachable ? 'unreachable'
    : problems.some((p) => p.code !== 'MISSING') ? 'broken'
    : missing > 0 ? 'incomplete'
    : headerProblems.length > 0 || cors === null ? 'headers'
    : 'ok';
  return {
    url,
    kind: 'ipfs-gateway',
    status,
    healthy: status === 'ok',
    reachable,
    timestamp: null,
    manifest: null,
    complete: { checked: wanted.length, pinned: published.segments.length + published.packs.length, missing },
    latencyMs: first,
    headers: { cors: cors ? cors.cors : null, timestampCache: null, problems: headerProblems },
    problems,
    ms: Math.round(performance.now() - t0),
  };
}
