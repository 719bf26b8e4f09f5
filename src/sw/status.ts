/**
 * The reader-facing SyncStatus (protocol.ts), from the persisted status record. Whether a sync is
 * running comes from the lock, never from the record alone: a worker killed mid-sync leaves
 * `running` behind, and the reader must not be told "syncing" for ever.
 */
import type { SyncResult } from '../core/sync/run-sync.ts';
import type { StatusRecord, SyncErrorRecord } from '../shared/db/schema.ts';
import type { SyncStatus } from '../shared/protocol.ts';

/** Most errors kept per attempt, and longest message (characters). */
const MAX_ERRORS = 20;
const MAX_MESSAGE = 300;

/** Build the status the page sees. */
export function toSyncStatus(rec: StatusRecord, articleCount: number, running: boolean): SyncStatus {
  const r = running ? rec.running : undefined;
  return {
    state: running ? 'syncing' : 'idle',
    ...(r?.phase ? { phase: r.phase } : {}),
    ...(r?.progress ? { progress: r.progress } : {}),
    ...(rec.lastSuccessAt !== undefined ? { lastSuccessAt: rec.lastSuccessAt } : {}),
    ...(rec.lastSuccessMirror !== undefined ? { lastSuccessMirror: rec.lastSuccessMirror } : {}),
    ...(rec.lastAttemptAt !== undefined ? { lastAttemptAt: rec.lastAttemptAt } : {}),
    ...(rec.lastOutcome !== undefined ? { lastOutcome: rec.lastOutcome } : {}),
    ...(rec.lastErrors !== undefined ? { lastErrors: rec.lastErrors } : {}),
    ...(rec.publishedAt !== undefined ? { publishedAt: rec.publishedAt } : {}),
    ...(rec.freshUntil !== undefined ? { freshUntil: rec.freshUntil } : {}),
    articleCount,
    ...(rec.lastRun !== undefined ? { lastRun: rec.lastRun } : {}),
  };
}

function errors(list: SyncResult['errors']): SyncErrorRecord[] {
  return list.slice(0, MAX_ERRORS).map((e) => ({
    ...(e.mirror !== undefined ? { mirror: e.mirror } : {}),
    code: String(e.code).slice(0, 40),
    message: String(e.message).slice(0, MAX_MESSAGE),
  }));
}

/** Articles that left the store in a run: signed removals plus withdrawals (a rebase after a key change). */
export function articlesRemoved(result: SyncResult): number {
  return result.removed + (result.withdrawn ?? 0);
}

/** The record after a run that started at `startedAt` and ended with `result` at `endedAt`. */
export function afterRun(prev: StatusRecord, result: SyncResult, startedAt: number, endedAt: number): StatusRecord {
  const { running: _done, ...rest } = prev;
  const ok = result.outcome !== 'failed';
  return {
    ...rest,
    kind: 'sync',
    lastAttemptAt: startedAt,
    lastOutcome: result.outcome,
    lastErrors: errors(result.errors),
    lastRun: { ms: Math.max(0, endedAt - startedAt), bytes: result.bytes, requests: result.requests, added: result.added, removed: articlesRemoved(result) },
    ...(ok ? { lastSuccessAt: endedAt } : {}),
    ...(ok && result.mirror !== undefined ? { lastSuccessMirror: result.mirror } : {}),
    ...(result.publishedAt !== undefined ? { publishedAt: result.publishedAt } : {}),
    ...(result.freshUntil !== undefined ? { freshUntil: result.freshUntil } : {}),
  };
}
