/**
 * Broadcasts to every open page of this app (protocol.ts `Broadcast`). Pages run `isBroadcast` on
 * receipt; the worker sends only values built from its own typed state.
 */
import type { Broadcast } from '../shared/protocol.ts';

/** Post `message` to every window client of this worker's scope, controlled or not. */
export async function broadcast(scope: ServiceWorkerGlobalScope, message: Broadcast): Promise<void> {
  const clients = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const c of clients) c.postMessage(message);
}
