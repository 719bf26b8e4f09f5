/**
 * One nearby-sync session over an open RtcLink: the pure session (src/core/peer/session.ts) with
 * the worker doing the inventory, the bundles and every verification and write (peer-client.ts).
 * The page only moves frames, so a large import never blocks it.
 */
import { PeerSession, type PeerLocal, type PeerProgress, type PeerResult } from '../core/peer/session.ts';
import { PigeonError } from '../core/errors.ts';
import type { PeerLimits } from '../core/peer/limits.ts';
import { peerRequest } from './peer-client.ts';
import type { RtcLink } from './rtc-link.ts';

/** A PeerLocal backed by the service worker. */
export async function workerLocal(): Promise<PeerLocal> {
  const inv = await peerRequest('PEER_INVENTORY', {});
  return {
    site: inv.site,
    rootVersion: inv.rootVersion,
    inventory: async () => inv.entries,
    bundle: async (entries) => (await peerRequest('PEER_BUNDLE', { ids: entries.map((e) => e.id) })).bundles,
    importBundle: async (bytes, expected) => {
      const copy = bytes.slice();
      try {
        return await peerRequest('PEER_IMPORT', { bundle: copy, expected: [...expected.values()] }, [copy.buffer]);
      } catch (e) {
        // The worker's verdict keeps its code (BAD_SIGNATURE, NOT_LISTED …): the session drops the peer.
        const code = (e as { code?: unknown }).code;
        throw new PigeonError(typeof code === 'string' && code !== 'INTERNAL' ? (code as PigeonError['code']) : 'MALFORMED', e instanceof Error ? e.message : String(e));
      }
    },
  };
}

/** Run a session over `link` until it ends; the link is closed afterwards either way. */
export async function runNearby(link: RtcLink, opts: { signal?: AbortSignal; onProgress?: (p: PeerProgress) => void; limits?: PeerLimits; local?: PeerLocal } = {}): Promise<PeerResult> {
  const local = opts.local ?? (await workerLocal());
  const session = new PeerSession({
    local,
    send: (f) => link.send(f),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
  });
  const onClose = (): void => session.closed();
  link.onFrame((f) => session.receive(f));
  link.channel.addEventListener('close', onClose);
  if (link.channel.readyState !== 'open') session.closed();
  try {
    return await session.run();
  } finally {
    // Let our last frames (the ack, or the reason we stopped) leave before closing.
    await link.drained(3000);
    link.channel.removeEventListener('close', onClose);
    link.close();
  }
}
