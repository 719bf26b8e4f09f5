/**
 * The control messages of nearby sync (format.md §10.3), their encoders and their guards. Every
 * body is JSON with exactly the listed fields, read within the caps of limits.ts; a body that is
 * anything else throws MALFORMED (or TOO_LARGE for too many entries), and the session drops the
 * peer. Bundles are not here: their body is a share container (format.md §7), read by the importer.
 */
import { fromUtf8, utf8 } from '../encoding/bytes.ts';
import { PigeonError } from '../errors.ts';
import { arr, bool, ID_PATTERN, int, obj, SHA256_PATTERN, SITE_ID_PATTERN, str, type Obj } from '../format/read.ts';
import type { PeerMessage } from './frame.ts';
import type { PeerLimits } from './limits.ts';

/** Version of this protocol, in every hello. */
export const PEER_PROTOCOL = 1;

/** One inventory entry: an article this side stores, at its revision, by its envelope's SHA-256. */
export interface InventoryEntry {
  readonly id: string;
  readonly rev: number;
  readonly sha256: string;
}

/** The first message of each side. */
export interface Hello {
  readonly site: string;
  readonly rootVersion: number;
  /** How many inventory entries follow. */
  readonly entries: number;
}

/** One inventory message: up to `maxEntriesPerMessage` entries; `more` until the last. */
export interface InventoryPart {
  readonly entries: readonly InventoryEntry[];
  readonly more: boolean;
}

/** One want message: ids from the peer's inventory this side asks for; `more` until the last. */
export interface WantPart {
  readonly ids: readonly string[];
  readonly more: boolean;
}

/** The last message of each side's sending: how many articles it sent. */
export interface Done {
  readonly sent: number;
}

/** Sent after the peer's done: what this side took of what the peer sent. */
export interface Ack {
  readonly received: number;
  readonly stored: number;
}

/** Why a side ends the session early (shown to the reader as the peer's reason). */
export interface PeerErrorMessage {
  readonly code: string;
  readonly message: string;
}

function json(kind: PeerMessage['kind'], value: unknown): PeerMessage {
  return { kind, body: utf8(JSON.stringify(value)) };
}

function parse(m: PeerMessage, kind: PeerMessage['kind']): Obj {
  if (m.kind !== kind) throw new PigeonError('MALFORMED', `expected a ${kind} message, got ${m.kind}`);
  let v: unknown;
  try {
    v = JSON.parse(fromUtf8(m.body, `${kind} message`));
  } catch (e) {
    if (e instanceof PigeonError) throw e;
    throw new PigeonError('MALFORMED', `the ${kind} message is not JSON`);
  }
  return obj(v, `${kind} message`);
}

/** Encode a hello. */
export const helloMessage = (h: Hello): PeerMessage => json('hello', { v: PEER_PROTOCOL, site: h.site, root: h.rootVersion, entries: h.entries });

/** Read a hello (its `entries` at most `limits.maxEntries`). */
export function readHello(m: PeerMessage, limits: PeerLimits): Hello {
  const o = obj(parse(m, 'hello'), 'hello', { required: ['v', 'site', 'root', 'entries'] });
  const v = int(o, 'v', 'hello', 0);
  if (v !== PEER_PROTOCOL) throw new PigeonError('UNSUPPORTED', `the peer speaks nearby-sync version ${v}, this app version ${PEER_PROTOCOL}`);
  const entries = int(o, 'entries', 'hello', 0);
  if (entries > limits.maxEntries) throw new PigeonError('TOO_LARGE', `the peer announces ${entries} articles; at most ${limits.maxEntries} are taken`);
  return { site: str(o, 'site', 'hello', { pattern: SITE_ID_PATTERN }), rootVersion: int(o, 'root', 'hello', 1), entries };
}

/** Encode an inventory part. */
export const inventoryMessage = (p: InventoryPart): PeerMessage => json('inventory', { entries: p.entries.map((e) => [e.id, e.rev, e.sha256]), more: p.more });

/** Read an inventory part (at most `limits.maxEntriesPerMessage` entries). */
export function readInventory(m: PeerMessage, limits: PeerLimits): InventoryPart {
  const o = obj(parse(m, 'inventory'), 'inventory', { required: ['entries', 'more'] });
  const entries = arr(o, 'entries', 'inventory.entries', limits.maxEntriesPerMessage, (v, path) => {
    if (!Array.isArray(v) || v.length !== 3) throw new PigeonError('MALFORMED', `${path} must be [id, rev, sha256]`);
    const e = { id: v[0], rev: v[1], sha256: v[2] };
    return { id: str(e, 'id', path, { pattern: ID_PATTERN }), rev: int(e, 'rev', path, 1), sha256: str(e, 'sha256', path, { pattern: SHA256_PATTERN }) };
  });
  return { entries, more: bool(o, 'more', 'inventory') };
}

/** Encode a want part. */
export const wantMessage = (p: WantPart): PeerMessage => json('want', { ids: p.ids, more: p.more });

/** Read a want part (at most `limits.maxEntriesPerMessage` ids). */
export function readWant(m: PeerMessage, limits: PeerLimits): WantPart {
  const o = obj(parse(m, 'want'), 'want', { required: ['ids', 'more'] });
  const ids = arr(o, 'ids', 'want.ids', limits.maxEntriesPerMessage, (v, path) => str({ id: v }, 'id', path, { pattern: ID_PATTERN }));
  return { ids, more: bool(o, 'more', 'want') };
}

/** Encode a done. */
export const doneMessage = (d: Done): PeerMessage => json('done', { sent: d.sent });

/** Read a done. */
export function readDone(m: PeerMessage): Done {
  return { sent: int(obj(parse(m, 'done'), 'done', { required: ['sent'] }), 'sent', 'done', 0) };
}

/** Encode an ack. */
export const ackMessage = (a: Ack): PeerMessage => json('ack', { received: a.received, stored: a.stored });

/** Read an ack. */
export function readAck(m: PeerMessage): Ack {
  const o = obj(parse(m, 'ack'), 'ack', { required: ['received', 'stored'] });
  return { received: int(o, 'received', 'ack', 0), stored: int(o, 'stored', 'ack', 0) };
}

/** Encode an error (the message cut to 300 characters). */
export const errorMessage = (e: PeerErrorMessage): PeerMessage => json('error', { code: e.code.slice(0, 40), message: e.message.slice(0, 300) });

/** Read an error. */
export function readError(m: PeerMessage): PeerErrorMessage {
  const o = obj(parse(m, 'error'), 'error', { required: ['code', 'message'] });
  return { code: str(o, 'code', 'error', { max: 40 }), message: str(o, 'message', 'error', { max: 300 }) };
}
