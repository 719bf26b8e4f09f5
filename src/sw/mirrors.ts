/** GET_MIRRORS: the mirrors the worker may contact (signed list, else bootstrap) with their health. */
import { describeHealth, type MirrorHealth } from '../core/net/mirror-health.ts';
import { currentMirrors } from '../core/sync/mirrors.ts';
import type { SyncConfig } from '../core/sync/run-sync.ts';
import type { TrustRecord } from '../core/sync/store.ts';
import type { MirrorInfo } from '../shared/protocol.ts';

/** Join the current mirror list with the stored health records, at epoch ms `now`. */
export function mirrorInfos(trust: TrustRecord | undefined, config: SyncConfig, health: readonly MirrorHealth[], now: number): MirrorInfo[] {
  const byUrl = new Map(health.map((h) => [h.url, h]));
  return currentMirrors(trust, config).map((m) => {
    const h = byUrl.get(m.url);
    return {
      url: m.url,
      ...(m.name !== undefined ? { name: m.name } : {}),
      source: m.source,
      summary: h ? describeHealth(h, now) : 'not tried yet',
      ...(h?.lastSuccessAt != null ? { lastSuccessAt: h.lastSuccessAt } : {}),
      ...(h?.lastFailureAt != null ? { lastFailureAt: h.lastFailureAt } : {}),
      ...(h?.latencyEwmaMs != null ? { latencyMs: Math.round(h.latencyEwmaMs) } : {}),
    };
  });
}
