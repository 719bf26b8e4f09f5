/**
 * Page ↔ worker requests of nearby sync and invites, beside the core protocol (protocol.ts) and
 * in its style: `{ type, payload }`, one reply on the request's MessageChannel port, guards on
 * receipt both ways. The page holds the data channel (workers cannot); the worker reads and
 * writes the database and does every verification, off the page's main thread.
 */
import type { InventoryEntry } from '../core/peer/messages.ts';

/** Request type → payload. */
export interface PeerRequestMap {
  /** This device's inventory: every stored article's id, revision and envelope hash. */
  PEER_INVENTORY: Record<string, never>;
  /** Share containers (format.md §7) carrying these stored articles, for a peer. */
  PEER_BUNDLE: { readonly ids: readonly string[] };
  /** Verify a peer's bundle and store it in one transaction; only `expected` articles may be in it. */
  PEER_IMPORT: { readonly bundle: Uint8Array; readonly expected: readonly InventoryEntry[] };
  /** An invite code for the stored signed mirror list (format.md §11). */
  INVITE_CREATE: Record<string, never>;
  /** Verify an invite code and, when newer than the stored list, use its mirrors. */
  INVITE_APPLY: { readonly code: string };
}

/** How an invite was taken. */
export type InviteOutcome = 'added' | 'same' | 'older';

/** Request type → reply payload. */
export interface PeerReplyMap {
  PEER_INVENTORY: { readonly site: string; readonly rootVersion: number; readonly entries: readonly InventoryEntry[] };
  PEER_BUNDLE: { readonly bundles: readonly Uint8Array[] };
  PEER_IMPORT: { readonly carried: readonly string[]; readonly stored: number };
  INVITE_CREATE: { readonly code: string; readonly version: number; readonly mirrors: readonly string[] };
  INVITE_APPLY: { readonly outcome: InviteOutcome; readonly version: number; readonly storedVersion: number; readonly mirrors: readonly string[] };
}

export type PeerRequestType = keyof PeerRequestMap;

/** A request message. */
export type PeerRequest = { [K in PeerRequestType]: { readonly type: K; readonly payload: PeerRequestMap[K] } }[PeerRequestType];

/** A reply: the typed payload or an error. */
export type PeerReply<K extends PeerRequestType = PeerRequestType> =
  | { readonly ok: true; readonly type: K; readonly payload: PeerReplyMap[K] }
  | { readonly ok: false; readonly type: K; readonly error: { readonly code: string; readonly message: string } };

const MAX_IDS = 10_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEntry(v: unknown): v is InventoryEntry {
  return isRecord(v) && typeof v['id'] === 'string' && Number.isSafeInteger(v['rev']) && typeof v['sha256'] === 'string';
}

const isIds = (v: unknown): v is string[] => Array.isArray(v) && v.length <= MAX_IDS && v.every((x) => typeof x === 'string');

/** Guard for requests arriving at the worker. */
export function isPeerRequest(v: unknown): v is PeerRequest {
  if (!isRecord(v) || !isRecord(v['payload'])) return false;
  const p = v['payload'];
  switch (v['type']) {
    case 'PEER_INVENTORY':
    case 'INVITE_CREATE':
      return Object.keys(p).length === 0;
    case 'PEER_BUNDLE':
      return isIds(p['ids']);
    case 'PEER_IMPORT':
      return p['bundle'] instanceof Uint8Array && Array.isArray(p['expected']) && p['expected'].length <= MAX_IDS && p['expected'].every(isEntry);
    case 'INVITE_APPLY':
      return typeof p['code'] === 'string';
    default:
      return false;
  }
}

/** Guard for a reply of type `type`. */
export function isPeerReply<K extends PeerRequestType>(v: unknown, type: K): v is PeerReply<K> {
  if (!isRecord(v) || v['type'] !== type) return false;
  if (v['ok'] === false) return isRecord(v['error']) && typeof v['error']['message'] === 'string' && typeof v['error']['code'] === 'string';
  if (v['ok'] !== true || !isRecord(v['payload'])) return false;
  const p = v['payload'];
  switch (type) {
    case 'PEER_INVENTORY':
      return typeof p['site'] === 'string' && typeof p['rootVersion'] === 'number' && Array.isArray(p['entries']) && p['entries'].every(isEntry);
    case 'PEER_BUNDLE':
      return Array.isArray(p['bundles']) && p['bundles'].every((b) => b instanceof Uint8Array);
    case 'PEER_IMPORT':
      return isIds(p['carried']) && typeof p['stored'] === 'number';
    case 'INVITE_CREATE':
      return typeof p['code'] === 'string' && typeof p['version'] === 'number' && isIds(p['mirrors']);
    case 'INVITE_APPLY':
      return ['added', 'same', 'older'].includes(p['outcome'] as string) && typeof p['version'] === 'number' && typeof p['storedVersion'] === 'number' && isIds(p['mirrors']);
    default:
      return false;
  }
}
