/**
 * The typed page ↔ service-worker message protocol.
 *
 * Requests are `{ type, payload }` in SCREAMING_SNAKE; each gets exactly one reply on a fresh
 * MessageChannel port (workbox-window's messageSW pattern), because the browser may stop the worker
 * and its ports at any time. Broadcasts from the worker to all pages go through `clients.postMessage`.
 * Both sides run `isRequest` / `isReply` / `isBroadcast` on receipt: nothing arriving over
 * `postMessage` is trusted without the guard.
 */
import type { ImportReport } from '../core/share/import.ts';
import { parseRetentionPolicy, type RetentionPolicy } from '../core/sync/retention.ts';

/** Where a sync stands, as the page shows it. All times are epoch milliseconds. */
export interface SyncStatus {
  /** 'idle' between syncs, 'syncing' while one runs. */
  readonly state: 'idle' | 'syncing';
  readonly phase?: 'timestamp' | 'root' | 'manifest' | 'index' | 'packs' | 'commit';
  /** Progress of the running sync. */
  readonly progress?: { readonly articlesDone: number; readonly articlesTotal: number; readonly bytes: number };
  /** The last sync that finished without error, and the mirror it used. */
  readonly lastSuccessAt?: number;
  readonly lastSuccessMirror?: string;
  /** The last sync attempt and its outcome. */
  readonly lastAttemptAt?: number;
  readonly lastOutcome?: 'updated' | 'unchanged' | 'failed';
  /** Human-readable reasons of the last failure, one per mirror or step. */
  readonly lastErrors?: readonly { readonly mirror?: string; readonly code: string; readonly message: string }[];
  /** Publication time of the stored manifest (signed). */
  readonly publishedAt?: number;
  /** When the stored data stops being fresh (signed timestamp expiry); past it, warn the reader. */
  readonly freshUntil?: number;
  /** Number of stored articles. */
  readonly articleCount: number;
  /** What the last finished run cost and did (wall time in ms, bytes and requests on the network). */
  readonly lastRun?: RunFigures;
}

/** Figures of one sync run. */
export interface RunFigures {
  readonly ms: number;
  readonly bytes: number;
  readonly requests: number;
  readonly added: number;
  readonly removed: number;
}

/** One mirror's health, as the mirrors panel shows it. */
export interface MirrorInfo {
  readonly url: string;
  readonly name?: string;
  /** 'signed' = from the signed manifest; 'bootstrap' = built into the app. */
  readonly source: 'signed' | 'bootstrap';
  /** Diagnostics in English (for logs and the CLI); the page words `state` from its catalogues. */
  readonly summary: string;
  /**
   * - 'ok': its last answer was current and verified;
   * - 'behind': it served a valid but older edition (`behind`), slow to copy or withholding;
   * - 'failing': it could not be reached or failed (`errorCode`, since `failingSince`);
   * - 'suspicious': it alone served data that failed verification, or an impossible rollback;
   * - 'untried': never contacted.
   */
  readonly state: 'ok' | 'behind' | 'failing' | 'suspicious' | 'untried';
  readonly behind?: { readonly version: number; readonly expires: string };
  readonly errorCode?: string;
  readonly failingSince?: number;
  readonly lastSuccessAt?: number;
  readonly lastFailureAt?: number;
  readonly latencyMs?: number;
}

/** A file handed between page and worker (its bytes transferred, not copied). */
export interface FilePayload {
  readonly name: string;
  readonly bytes: ArrayBuffer;
}

/** A mirror in a file (format.md §9): a zip, or the files of a folder with their relative paths. */
export type MirrorFilePayload = { readonly name: string; readonly zip: ArrayBuffer } | { readonly name: string; readonly files: readonly { readonly path: string; readonly bytes: ArrayBuffer }[] };

/** Request type → payload. */
export interface RequestMap {
  GET_STATUS: Record<string, never>;
  /**
   * Start a sync (or join the one running in the worker). The reply comes when the run ends, which
   * may take minutes: do not time it out; progress arrives meanwhile as STATUS_CHANGED broadcasts.
   * If another worker instance holds the sync lock, the reply is immediate with state 'syncing'.
   */
  SYNC_NOW: Record<string, never>;
  GET_MIRRORS: Record<string, never>;
  /** Delete every stored article, image, trust state and setting of this app (surveillance safety). */
  ERASE_ALL: Record<string, never>;
  SKIP_WAITING: Record<string, never>;
  /** Verify a share file and store what it proves (format.md §7.4); the reply says per story. */
  IMPORT_SHARE: FilePayload;
  /** Sync from a mirror in a file, exactly as from a mirror (same status, same broadcasts). */
  SYNC_FROM_FILE: MirrorFilePayload;
  /** The files a share_target POST brought (handed over once, to the page it opened). */
  TAKE_SHARED_FILES: Record<string, never>;
  /** Store the reader's retention setting and apply it now (core/sync/retention.ts). */
  SET_RETENTION: { readonly policy: RetentionPolicy };
}

/** Request type → reply payload. */
export interface ReplyMap {
  GET_STATUS: SyncStatus;
  SYNC_NOW: SyncStatus;
  GET_MIRRORS: readonly MirrorInfo[];
  ERASE_ALL: { readonly erased: true };
  SKIP_WAITING: { readonly ok: true };
  IMPORT_SHARE: ImportReport;
  SYNC_FROM_FILE: SyncStatus;
  TAKE_SHARED_FILES: readonly FilePayload[];
  /** How many articles the setting removed from the device. */
  SET_RETENTION: { readonly dropped: number };
}

export type RequestType = keyof RequestMap;

/** A request message. */
export type Request = { [K in RequestType]: { readonly type: K; readonly payload: RequestMap[K] } }[RequestType];

/** A reply: either the typed payload or an error. */
export type Reply<K extends RequestType = RequestType> =
  | { readonly ok: true; readonly type: K; readonly payload: ReplyMap[K] }
  | { readonly ok: false; readonly type: K; readonly error: { readonly code: string; readonly message: string } };

/** Broadcasts from the worker to every open page. */
export type Broadcast =
  | { readonly type: 'STATUS_CHANGED'; readonly payload: SyncStatus }
  | { readonly type: 'ARTICLES_CHANGED'; readonly payload: { readonly added: number; readonly removed: number } };

const REQUEST_TYPES: ReadonlySet<string> = new Set<RequestType>(['GET_STATUS', 'SYNC_NOW', 'GET_MIRRORS', 'ERASE_ALL', 'SKIP_WAITING', 'IMPORT_SHARE', 'SYNC_FROM_FILE', 'TAKE_SHARED_FILES', 'SET_RETENTION']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Longest file name carried (characters), and most files of one mirror folder. */
const MAX_NAME = 500;
const MAX_FOLDER_FILES = 200_000;

/** Guard for a file payload. */
export function isFilePayload(v: unknown): v is FilePayload {
  return isRecord(v) && typeof v['name'] === 'string' && v['name'].length <= MAX_NAME && v['bytes'] instanceof ArrayBuffer;
}

function isMirrorFilePayload(p: Record<string, unknown>): boolean {
  if (typeof p['name'] !== 'string' || p['name'].length > MAX_NAME) return false;
  if ('zip' in p) return p['zip'] instanceof ArrayBuffer && Object.keys(p).length === 2;
  const files = p['files'];
  return (
    Array.isArray(files) &&
    Object.keys(p).length === 2 &&
    files.length <= MAX_FOLDER_FILES &&
    files.every((f) => isRecord(f) && typeof f['path'] === 'string' && f['path'].length <= MAX_NAME && f['bytes'] instanceof ArrayBuffer)
  );
}

/** Guard for requests arriving at the worker: the type, and the payload's exact shape. */
export function isRequest(v: unknown): v is Request {
  if (!isRecord(v) || typeof v['type'] !== 'string' || !REQUEST_TYPES.has(v['type']) || !isRecord(v['payload'])) return false;
  const p = v['payload'];
  if (v['type'] === 'IMPORT_SHARE') return isFilePayload(p) && Object.keys(p).length === 2;
  if (v['type'] === 'SYNC_FROM_FILE') return isMirrorFilePayload(p);
  if (v['type'] === 'SET_RETENTION') return Object.keys(p).length === 1 && parseRetentionPolicy(p['policy']) !== undefined;
  return Object.keys(p).length === 0;
}

const PHASES: ReadonlySet<unknown> = new Set(['timestamp', 'root', 'manifest', 'index', 'packs', 'commit']);
const OUTCOMES: ReadonlySet<unknown> = new Set(['updated', 'unchanged', 'failed']);

function optional(v: unknown, check: (x: unknown) => boolean): boolean {
  return v === undefined || check(v);
}

function isSyncError(v: unknown): boolean {
  return isRecord(v) && typeof v['code'] === 'string' && typeof v['message'] === 'string' && optional(v['mirror'], (m) => typeof m === 'string');
}

/** Guard for a SyncStatus (replies and broadcasts). */
export function isSyncStatus(v: unknown): v is SyncStatus {
  return (
    isRecord(v) &&
    (v['state'] === 'idle' || v['state'] === 'syncing') &&
    typeof v['articleCount'] === 'number' &&
    ['lastSuccessAt', 'lastAttemptAt', 'publishedAt', 'freshUntil'].every((k) => v[k] === undefined || typeof v[k] === 'number') &&
    optional(v['phase'], (p) => PHASES.has(p)) &&
    optional(v['lastOutcome'], (o) => OUTCOMES.has(o)) &&
    optional(v['lastSuccessMirror'], (m) => typeof m === 'string') &&
    optional(v['lastErrors'], (l) => Array.isArray(l) && l.every(isSyncError)) &&
    optional(v['progress'], (p) => isRecord(p) && ['articlesDone', 'articlesTotal', 'bytes'].every((k) => typeof p[k] === 'number')) &&
    optional(v['lastRun'], (r) => isRecord(r) && ['ms', 'bytes', 'requests', 'added', 'removed'].every((k) => typeof r[k] === 'number'))
  );
}

function isMirrorInfo(v: unknown): v is MirrorInfo {
  return (
    isRecord(v) &&
    typeof v['url'] === 'string' &&
    typeof v['summary'] === 'string' &&
    (v['source'] === 'signed' || v['source'] === 'bootstrap') &&
    ['ok', 'behind', 'failing', 'suspicious', 'untried'].includes(v['state'] as string)
  );
}

function isImportReport(v: unknown): v is ImportReport {
  return (
    isRecord(v) &&
    typeof v['ok'] === 'boolean' &&
    isRecord(v['publisher']) &&
    typeof v['publisher']['name'] === 'string' &&
    typeof v['publisher']['fingerprint'] === 'string' &&
    optional(v['rejection'], (r) => isRecord(r) && typeof r['reason'] === 'string' && typeof r['message'] === 'string') &&
    Array.isArray(v['stories']) &&
    v['stories'].every((s) => isRecord(s) && typeof s['index'] === 'number' && typeof s['status'] === 'string')
  );
}

/** Guard for a reply of type `type`, checking the payload shape. */
export function isReply<K extends RequestType>(v: unknown, type: K): v is Reply<K> {
  if (!isRecord(v) || v['type'] !== type) return false;
  if (v['ok'] === false) return isRecord(v['error']) && typeof v['error']['message'] === 'string';
  if (v['ok'] !== true) return false;
  const p = v['payload'];
  switch (type) {
    case 'GET_STATUS':
    case 'SYNC_NOW':
      return isSyncStatus(p);
    case 'GET_MIRRORS':
      return Array.isArray(p) && p.every(isMirrorInfo);
    case 'ERASE_ALL':
      return isRecord(p) && p['erased'] === true;
    case 'SKIP_WAITING':
      return isRecord(p) && p['ok'] === true;
    case 'IMPORT_SHARE':
      return isImportReport(p);
    case 'SYNC_FROM_FILE':
      return isSyncStatus(p);
    case 'TAKE_SHARED_FILES':
      return Array.isArray(p) && p.every(isFilePayload);
    case 'SET_RETENTION':
      return isRecord(p) && typeof p['dropped'] === 'number';
    default:
      return false;
  }
}

/** Guard for broadcasts arriving at a page. */
export function isBroadcast(v: unknown): v is Broadcast {
  if (!isRecord(v)) return false;
  if (v['type'] === 'STATUS_CHANGED') return isSyncStatus(v['payload']);
  if (v['type'] === 'ARTICLES_CHANGED') return isRecord(v['payload']) && typeof v['payload']['added'] === 'number' && typeof v['payload']['removed'] === 'number';
  return false;
}
