/**
 * Requests from pages (protocol.ts): checked with `isRequest` on receipt, answered with exactly one
 * reply on the MessageChannel port that came with the request. Nothing in a message is trusted
 * beyond what the guard establishes; messages from anything but a window client are dropped.
 */
import { isRequest, type Reply, type ReplyMap, type Request, type RequestMap, type RequestType } from '../shared/protocol.ts';

/** The operations requests map to. */
export interface RequestHandlers {
  readonly GET_STATUS: () => Promise<ReplyMap['GET_STATUS']>;
  readonly SYNC_NOW: () => Promise<ReplyMap['SYNC_NOW']>;
  readonly GET_MIRRORS: () => Promise<ReplyMap['GET_MIRRORS']>;
  readonly ERASE_ALL: () => Promise<ReplyMap['ERASE_ALL']>;
  readonly SKIP_WAITING: () => Promise<ReplyMap['SKIP_WAITING']>;
  readonly IMPORT_SHARE: (p: RequestMap['IMPORT_SHARE']) => Promise<ReplyMap['IMPORT_SHARE']>;
  readonly SYNC_FROM_FILE: (p: RequestMap['SYNC_FROM_FILE']) => Promise<ReplyMap['SYNC_FROM_FILE']>;
  readonly TAKE_SHARED_FILES: () => Promise<ReplyMap['TAKE_SHARED_FILES']>;
  readonly SET_RETENTION: (p: RequestMap['SET_RETENTION']) => Promise<ReplyMap['SET_RETENTION']>;
}

function errorReply<K extends RequestType>(type: K, e: unknown): Reply<K> {
  const code = typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'INTERNAL';
  const message = e instanceof Error ? e.message : String(e);
  return { ok: false, type, error: { code, message: message.slice(0, 500) } };
}

/** Answer one checked request. Never rejects: failures become `{ ok: false }` replies. */
export async function answer<K extends RequestType>(request: Request & { type: K }, handlers: RequestHandlers): Promise<Reply<K>> {
  try {
    const handler = handlers[request.type] as unknown as (p: RequestMap[K]) => Promise<ReplyMap[K]>;
    return { ok: true, type: request.type, payload: await handler(request.payload as RequestMap[K]) };
  } catch (e) {
    return errorReply(request.type, e);
  }
}

/** What the listener uses of an ExtendableMessageEvent (structural, so tests need no worker). */
export interface RequestEvent {
  readonly data: unknown;
  readonly source: unknown;
  readonly ports: readonly { postMessage(message: unknown, transfer?: Transferable[]): void }[];
  waitUntil(p: Promise<unknown>): void;
}

/** True when the sender is a window client of this worker (a page), not a worker or nothing. */
function fromWindow(source: unknown): boolean {
  return typeof source === 'object' && source !== null && (source as { type?: unknown }).type === 'window';
}

/**
 * workbox-window's `messageSkipWaiting()` posts exactly `{ type: 'SKIP_WAITING' }`, with no
 * payload (src/app/main.ts drives the update prompt through it): read as the protocol's request.
 */
function normalised(data: unknown): unknown {
  if (typeof data !== 'object' || data === null) return data;
  const keys = Object.keys(data);
  return keys.length === 1 && keys[0] === 'type' && (data as { type: unknown }).type === 'SKIP_WAITING' ? { type: 'SKIP_WAITING', payload: {} } : data;
}

/** The worker's `message` listener body: guard, answer on the port, keep the worker alive meanwhile. */
export function onMessage(event: RequestEvent, handlers: RequestHandlers): void {
  const port = event.ports[0];
  const fromPage = fromWindow(event.source);
  const data = normalised(event.data);
  if (!fromPage || !isRequest(data)) {
    const raw: unknown = event.data;
    const type = typeof raw === 'object' && raw !== null && typeof (raw as { type?: unknown }).type === 'string' ? (raw as { type: string }).type.slice(0, 40) : 'UNKNOWN';
    port?.postMessage({ ok: false, type, error: { code: 'MALFORMED', message: 'not a valid request' } });
    return;
  }
  const request = data;
  event.waitUntil(
    answer(request, handlers).then((reply) => {
      // Files go back by transfer (a share_target's files can be tens of megabytes).
      const transfer = reply.ok && reply.type === 'TAKE_SHARED_FILES' ? (reply.payload as ReplyMap['TAKE_SHARED_FILES']).map((f) => f.bytes) : [];
      port?.postMessage(reply, transfer);
    }),
  );
}
