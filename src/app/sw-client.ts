/**
 * The page's side of the typed page ↔ worker protocol (src/shared/protocol.ts).
 *
 * Each request goes out on a fresh MessageChannel and waits for exactly one reply on it
 * (workbox-window's messageSW pattern): the browser may stop the worker, and with it any
 * long-lived port, at any time (style habit 14). Replies and broadcasts are checked with the
 * protocol's guards on receipt; anything else is dropped.
 */
import { isBroadcast, isReply, type Broadcast, type ReplyMap, type RequestMap, type RequestType } from '../shared/protocol.ts';

/** A failed request: the worker's error, a timeout, a malformed reply, or no worker at all. */
export class SwRequestError extends Error {
  override readonly name = 'SwRequestError';
  constructor(
    readonly code: 'NO_WORKER' | 'TIMEOUT' | 'BAD_REPLY' | (string & {}),
    message: string,
  ) {
    super(message);
  }
}

/** Default reply deadlines (ms): a sync can legitimately take minutes on a slow link. */
const TIMEOUTS: Record<RequestType, number> = {
  GET_STATUS: 10_000,
  GET_MIRRORS: 10_000,
  SYNC_NOW: 15 * 60_000,
  ERASE_ALL: 60_000,
  SKIP_WAITING: 10_000,
  IMPORT_SHARE: 5 * 60_000,
  SYNC_FROM_FILE: 15 * 60_000,
  TAKE_SHARED_FILES: 10_000,
  // Waits for a running sync to end before it applies.
  SET_RETENTION: 15 * 60_000,
};

/** Whether this browser can run the worker here at all (not in some private modes, not on http:). */
export function workerSupported(): boolean {
  return 'serviceWorker' in navigator;
}

/** The worker to talk to: the controller, else the active worker of our registration. */
async function activeWorker(): Promise<ServiceWorker> {
  if (!workerSupported()) throw new SwRequestError('NO_WORKER', 'service workers are not available in this browser');
  const controller = navigator.serviceWorker.controller;
  if (controller) return controller;
  const reg = await navigator.serviceWorker.getRegistration();
  const worker = reg?.active ?? (await navigator.serviceWorker.ready).active;
  if (!worker) throw new SwRequestError('NO_WORKER', 'the service worker is not running');
  return worker;
}

/**
 * Send one request and resolve with its typed reply payload.
 * `target` defaults to the active worker; pass the waiting worker for SKIP_WAITING.
 */
export async function send<K extends RequestType>(type: K, payload: RequestMap[K], opts: { target?: ServiceWorker; timeoutMs?: number; transfer?: Transferable[] } = {}): Promise<ReplyMap[K]> {
  const worker = opts.target ?? (await activeWorker());
  const channel = new MessageChannel();
  return new Promise<ReplyMap[K]>((resolve, reject) => {
    const timer = setTimeout(() => {
      channel.port1.close();
      reject(new SwRequestError('TIMEOUT', `no answer from the service worker to ${type}`));
    }, opts.timeoutMs ?? TIMEOUTS[type]);
    channel.port1.onmessage = (event: MessageEvent<unknown>) => {
      clearTimeout(timer);
      channel.port1.close();
      const reply = event.data;
      if (!isReply(reply, type)) {
        reject(new SwRequestError('BAD_REPLY', `malformed reply to ${type}`));
      } else if (reply.ok) {
        resolve(reply.payload);
      } else {
        reject(new SwRequestError(reply.error.code, reply.error.message));
      }
    };
    worker.postMessage({ type, payload }, [channel.port2, ...(opts.transfer ?? [])]);
  });
}

/** Listen to the worker's broadcasts; returns the function that stops listening. */
export function onBroadcast(listener: (b: Broadcast) => void): () => void {
  if (!workerSupported()) return () => undefined;
  const handler = (event: MessageEvent<unknown>): void => {
    // Only our own worker can post here; the guard still checks the shape.
    if (isBroadcast(event.data)) listener(event.data);
  };
  navigator.serviceWorker.addEventListener('message', handler);
  return () => navigator.serviceWorker.removeEventListener('message', handler);
}
