/** GET_MIRRORS: the mirrors the worker may contact (signed list, else bootstrap) with their health. */
import { describeHealth, isBehind, servedBadBytesRecently, type MirrorHealth } from '../core/net/mirror-health.ts';
import { currentMirrors } from '../core/sync/mirrors.ts';
import type { SyncConfig } from '../core/sync/run-sync.ts';
import type { TrustRecord } from '../core/sync/store.ts';
import type { MirrorInfo } from '../shared/protocol.ts';

/** A fault that only a bad or lying mirror can show (bad bytes, or a rollback that is not lag). */
function suspectFault(h: MirrorHealth, now: number): boolean {
  return servedBadBytesRecently(h, now) || (h.consecutiveFailures > 0 && h.lastError?.code === 'ROLLBACK');
}

/**
 * The state of one mirror among `all` (see MirrorInfo.state). A fault every contacted mirror
 * showed (the same bad data everywhere) points at the publisher or this device, not at a mirror:
 * then each is only "failing".
 */
export function mirrorState(h: MirrorHealth | undefined, all: readonly MirrorHealth[], now: number): MirrorInfo['state'] {
  if (!h || (h.lastSuccessAt === null && h.lastFailureAt === null && !h.behind)) return 'untried';
  if (suspectFault(h, now)) {
    const others = all.filter((o) => o.url !== h.url && (o.lastSuccessAt !== null || o.lastFailureAt !== null));
    return others.length > 0 && others.some((o) => !suspectFault(o, now)) ? 'suspicious' : 'failing';
  }
  if (h.consecutiveFailures > 0) return 'failing';
  if (isBehind(h)) return 'behind';
  return 'ok';
}

/** Join the current mirror list with the stored health records, at epoch ms `now`. */
export function mirrorInfos(trust: TrustRecord | undefined, config: SyncConfig, health: readonly MirrorHealth[], now: number): MirrorInfo[] {
  const byUrl = new Map(health.map((h) => [h.url, h]));
  return currentMirrors(trust, config).map((m) => {
    const h = byUrl.get(m.url);
    const state = mirrorState(h, health, now);
    return {
      url: m.url,
      ...(m.name !== undefined ? { name: m.name } : {}),
      source: m.source,
      summary: h ? describeHealth(h, now) : 'not tried yet',
      state,
      ...(state === 'behind' && h?.behind ? { behind: { version: h.behind.version, expires: h.behind.expires } } : {}),
      ...((state === 'failing' || state === 'suspicious') && h?.lastError ? { errorCode: h.lastError.code } : {}),
      ...((state === 'failing' || state === 'suspicious') && h?.failingSince !== undefined ? { failingSince: h.failingSince } : {}),
      ...(h?.lastSuccessAt != null ? { lastSuccessAt: h.lastSuccessAt } : {}),
      ...(h?.lastFailureAt != null ? { lastFailureAt: h.lastFailureAt } : {}),
      ...(h?.latencyEwmaMs != null ? { latencyMs: Math.round(h.latencyEwmaMs) } : {}),
    };
  });
}
