/**
 * The page's side of the nearby-sync and invite requests (src/shared/peer-protocol.ts): one fresh
 * MessageChannel per request, the reply checked by its guard, bundles' bytes transferred rather
 * than copied.
 */
import { isPeerReply, type PeerReplyMap, type PeerRequestMap, type PeerRequestType } from '../shared/peer-protocol.ts';
import { SwRequestError, workerSupported } from './sw-client.ts';

const TIMEOUTS: Record<PeerRequestType, number> = {
  PEER_INVENTORY: 60_000,
  PEER_BUNDLE: 120_000,
  PEER_IMPORT: 120_000,
  INVITE_CREATE: 10_000,
  INVITE_APPLY: 60_000,
};

async function worker(): Promise<ServiceWorker> {
  if (!workerSupported()) throw new SwRequestError('NO_WORKER', 'service workers are not available in this browser');
  const w = navigator.serviceWorker.controller ?? (await navigator.serviceWorker.ready).active;
  if (!w) throw new SwRequestError('NO_WORKER', 'the service worker is not running');
  return w;
}

/** Send one request to the worker and resolve with its checked reply payload. */
export async function peerRequest<K extends PeerRequestType>(type: K, payload: PeerRequestMap[K], transfer: Transferable[] = []): Promise<PeerReplyMap[K]> {
  const w = await worker();
  const channel = new MessageChannel();
  return new Promise<PeerReplyMap[K]>((resolve, reject) => {
    const timer = setTimeout(() => {
      channel.port1.close();
      reject(new SwRequestError('TIMEOUT', `no answer from the service worker to ${type}`));
    }, TIMEOUTS[type]);
    channel.port1.onmessage = (event: MessageEvent<unknown>) => {
      clearTimeout(timer);
      channel.port1.close();
      const reply = event.data;
      if (!isPeerReply(reply, type)) reject(new SwRequestError('BAD_REPLY', `malformed reply to ${type}`));
      else if (reply.ok) resolve(reply.payload);
      else reject(new SwRequestError(reply.error.code, reply.error.message));
    };
    w.postMessage({ type, payload }, [channel.port2, ...transfer]);
  });
}
