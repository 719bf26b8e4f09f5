/**
 * The signed metadata the publisher writes: manifest (format.md §3.3) and timestamp (§3.2).
 */
import { SPEC_VERSION, TYPES } from '../../core/format/common.ts';
import { formatUtc } from '../../core/format/time.ts';
import type { ManifestState, SegmentState } from './state.ts';

/** Manifest payload. */
export function manifestPayload(o: { site: string; version: number; expiresMs: number; publishedMs: number; rootVersion: number; mirrors: readonly string[]; gateways?: readonly string[]; segments: readonly SegmentState[] }): Record<string, unknown> {
  return {
    _type: TYPES.manifest,
    spec_version: SPEC_VERSION,
    site: o.site,
    version: o.version,
    expires: formatUtc(o.expiresMs),
    published: formatUtc(o.publishedMs),
    root_version: o.rootVersion,
    mirrors: [...o.mirrors.map((url) => ({ url })), ...(o.gateways ?? []).map((url) => ({ url, kind: 'ipfs-gateway' }))],
    segments: o.segments.map((s) => ({ sha256: s.sha256, length: s.length, size: s.size, count: s.count })),
  };
}

/** Timestamp payload. */
export function timestampPayload(o: { site: string; version: number; expiresMs: number; rootVersion: number; manifest: ManifestState }): Record<string, unknown> {
  return {
    _type: TYPES.timestamp,
    spec_version: SPEC_VERSION,
    site: o.site,
    version: o.version,
    expires: formatUtc(o.expiresMs),
    root_version: o.rootVersion,
    manifest: { version: o.manifest.version, sha256: o.manifest.sha256, length: o.manifest.length, size: o.manifest.size },
  };
}

/**
 * True when the manifest must be re-signed although its content did not change: less than half of
 * its validity is left (so readers never see it expire between two regular publishes).
 */
export function manifestNeedsRefresh(m: ManifestState, now: number, lifetimeMs: number): boolean {
  return m.expiresMs - now < lifetimeMs / 2;
}
