/**
 * One push of a planned tree (tree-plan.ts) to one target, in two passes:
 *
 *   upload pass — the four stages in order, each finished before the next starts, at most `jobs`
 *     uploads at once. A file already on the target is skipped: content-addressed files when the
 *     size matches, others when the content does (MD5 from the listing, or the bytes). So a re-run
 *     after an interruption resumes, and a re-run of a complete push uploads nothing. Nothing is
 *     deleted in this pass.
 *   deletion pass — after the timestamp is up: objects the new timestamp no longer reaches, and
 *     files earlier pushes uploaded that the tree no longer has, are recorded as retired
 *     (push-state.ts) and deleted once retired for longer than `pruneAfterMs`, which must exceed the
 *     timestamp's lifetime (a reader holding the previous timestamp may still fetch what it names).
 *
 * Before uploading, the target's own timestamp is read: a target of another site, or one holding a
 * newer timestamp than the tree, is refused (pushing would roll readers back).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeEnvelope } from '../../core/format/envelope.ts';
import { decodeTimestamp } from '../../core/format/timestamp.ts';
import { parseUtc } from '../../core/format/time.ts';
import { CliError, UsageError } from '../util/errors.ts';
import { runBounded } from './bounded.ts';
import { loadPushState, savePushState } from './push-state.ts';
import type { PushTarget } from './target.ts';
import type { PushFile, PushPlan, StageName } from './tree-plan.ts';

/** Options of {@link pushTree}. */
export interface PushOptions {
  /** Uploads in flight at once. */
  readonly jobs: number;
  /** Reference time (epoch ms). */
  readonly now: number;
  /** Delete files retired for at least this long; null skips the deletion pass. */
  readonly pruneAfterMs: number | null;
  /** Told about each file as it is uploaded or skipped. */
  readonly onFile?: (stage: StageName, file: PushFile, action: 'uploaded' | 'present') => void;
  /** Told when a stage is finished. */
  readonly onStage?: (stage: StageReport) => void;
}

/** What one stage did. */
export interface StageReport {
  readonly name: StageName;
  readonly uploaded: { files: number; bytes: number };
  readonly present: { files: number; bytes: number };
}

/** What one push did. */
export interface PushReport {
  target: string;
  ok: boolean;
  site: string;
  timestamp: { version: number; expires: string };
  manifest: { version: number };
  /** The timestamp version the target had before (null: none). */
  previous: number | null;
  stages: StageReport[];
  uploaded: { files: number; bytes: number };
  present: { files: number; bytes: number };
  prune: { deleted: number; retired: number; skipped: boolean };
  ms: number;
  error?: string;
}

const OBJECT = /^objects\/([0-9a-f]{64})$/;

const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex');
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** The timestamp's signed lifetime: from its signing (its version is seconds since the epoch) to its expiry. */
export function timestampLifetimeMs(plan: PushPlan): number {
  return Math.max(0, parseUtc(plan.timestamp.expires, 'expires') - plan.timestamp.version * 1000);
}

/** Refuse a prune grace no longer than the timestamp's lifetime (readers may still use the previous one). */
export function checkPruneAfter(plan: PushPlan, pruneAfterMs: number): void {
  const life = timestampLifetimeMs(plan);
  if (pruneAfterMs <= life) {
    throw new UsageError(`push: --prune-after must be longer than the timestamp's lifetime (${Math.round(life / 3_600_000)} h): readers holding the previous timestamp may still fetch what it names`);
  }
}

/** Read the target's timestamp and refuse another site or a newer version; returns its version. */
async function previousVersion(target: PushTarget, plan: PushPlan, listed: boolean): Promise<number | null> {
  if (!listed) return null;
  const bytes = await target.get('timestamp.json');
  if (bytes === null) return null;
  let ts;
  try {
    ts = decodeTimestamp(decodeEnvelope(bytes, 'timestamp.json').payload, 'timestamp.json');
  } catch {
    throw new CliError(`${target.label}: its timestamp.json is not a pigeonpost timestamp; refusing to overwrite it (push to an empty prefix, or delete it)`);
  }
  if (ts.site !== plan.site) throw new CliError(`${target.label}: holds a mirror of site "${ts.site}", not "${plan.site}"; push each site to its own prefix`);
  if (ts.version > plan.timestamp.version) {
    throw new CliError(`${target.label}: holds timestamp version ${ts.version}, newer than the tree's ${plan.timestamp.version}; refusing to roll it back (publish again, then push)`);
  }
  if (ts.version === plan.timestamp.version && Buffer.compare(bytes, plan.timestampBytes) !== 0) {
    throw new CliError(`${target.label}: holds a different timestamp of the same version ${ts.version}; two publishers are signing this site (publish again, then push)`);
  }
  return ts.version;
}

/** Push `plan` to `target`. Never throws for target failures: they end up in `report.error`. */
export async function pushTree(plan: PushPlan, target: PushTarget, opts: PushOptions): Promise<PushReport> {
  const t0 = performance.now();
  const report: PushReport = {
    target: target.label,
    ok: false,
    site: plan.site,
    timestamp: { version: plan.timestamp.version, expires: plan.timestamp.expires },
    manifest: { version: plan.manifest.version },
    previous: null,
    stages: [],
    uploaded: { files: 0, bytes: 0 },
    present: { files: 0, bytes: 0 },
    prune: { deleted: 0, retired: 0, skipped: opts.pruneAfterMs === null },
    ms: 0,
  };
  try {
    const listing = await target.list();
    report.previous = await previousVersion(target, plan, listing.has('timestamp.json'));
    for (const stage of plan.stages) {
      const s = { name: stage.name, uploaded: { files: 0, bytes: 0 }, present: { files: 0, bytes: 0 } };
      await runBounded(stage.files, opts.jobs, async (file) => {
        const remote = listing.get(file.path);
        let bytes: Uint8Array | undefined;
        let same = false;
        if (remote && remote.size === file.size) {
          if (file.immutable) same = true;
          else {
            bytes = await readLocal(plan, file);
            if (target.listsMd5 && remote.md5 !== undefined) same = remote.md5 === md5(bytes);
            else if (!target.listsMd5) {
              const have = await target.get(file.path);
              same = have !== null && Buffer.compare(have, bytes) === 0;
            }
          }
        }
        if (same) {
          s.present.files++;
          s.present.bytes += file.size;
          opts.onFile?.(stage.name, file, 'present');
          return;
        }
        bytes ??= await readLocal(plan, file);
        await target.put(file.path, bytes, { contentType: file.contentType, cacheControl: file.cacheControl });
        s.uploaded.files++;
        s.uploaded.bytes += bytes.length;
        opts.onFile?.(stage.name, file, 'uploaded');
      });
      report.stages.push(s);
      report.uploaded.files += s.uploaded.files;
      report.uploaded.bytes += s.uploaded.bytes;
      report.present.files += s.present.files;
      report.present.bytes += s.present.bytes;
      opts.onStage?.(s);
    }
    if (opts.pruneAfterMs !== null) Object.assign(report.prune, await prune(plan, target, [...listing.keys()], opts.now, opts.pruneAfterMs, opts.jobs));
    report.ok = true;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    report.error = message.startsWith(`${target.label}: `) ? message : `${target.label}: ${message}`;
  }
  report.ms = Math.round(performance.now() - t0);
  return report;
}

/** A file's bytes from the tree; objects are checked against their name first. */
async function readLocal(plan: PushPlan, file: PushFile): Promise<Uint8Array> {
  const bytes = new Uint8Array(await readFile(join(plan.dir, file.path)));
  if (bytes.length !== file.size) throw new CliError(`${join(plan.dir, file.path)} changed while pushing; publish, then push again`);
  if (file.sha256 !== undefined && sha256(bytes) !== file.sha256) throw new CliError(`${join(plan.dir, file.path)} is damaged (its SHA-256 is not its name); publish into the tree again`);
  return bytes;
}

/** The deletion pass (see the module comment). */
async function prune(plan: PushPlan, target: PushTarget, keys: readonly string[], now: number, graceMs: number, jobs: number): Promise<{ deleted: number; retired: number }> {
  const state = await loadPushState(target, plan.site);
  const pushedFiles = new Set(state.files);
  const onTarget = new Set(keys);
  const candidates = keys.filter((k) => {
    const obj = OBJECT.exec(k);
    if (obj) return !plan.referenced.has(obj[1]!);
    return pushedFiles.has(k) && !plan.paths.has(k);
  });
  const retired = new Map<string, number>();
  const doomed: string[] = [];
  for (const k of candidates) {
    const since = state.retired.get(k) ?? now;
    if (now - since >= graceMs) doomed.push(k);
    else retired.set(k, since);
  }
  const deleted = new Set<string>();
  try {
    await runBounded(doomed, jobs, async (k) => {
      await target.delete(k);
      deleted.add(k);
    });
  } finally {
    // What was not deleted stays retired since when it was (the next push deletes it).
    for (const k of doomed) if (!deleted.has(k)) retired.set(k, state.retired.get(k) ?? now);
    const files = [...plan.paths].filter((p) => !OBJECT.test(p));
    for (const f of pushedFiles) if (!deleted.has(f) && !plan.paths.has(f) && onTarget.has(f)) files.push(f);
    await savePushState(target, { site: plan.site, files, retired });
  }
  return { deleted: deleted.size, retired: retired.size };
}
