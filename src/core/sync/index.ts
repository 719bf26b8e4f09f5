/** The sync engine's public surface. */
export { runSync, type SyncConfig, type SyncOptions, type SyncProgress, type SyncResult } from './run-sync.ts';
export { currentMirrors, type MirrorCandidate } from './mirrors.ts';
export { MemoryStore } from './memory-store.ts';
export type { ArticleRecord, ImageRecord, PackSource, SyncStore, TrustRecord } from './store.ts';
