/**
 * An in-memory SyncStore with the same transactional contract as the IndexedDB one: each write
 * method applies all of its changes or none. Used by Node tests, the CLI and benchmarks.
 */
import type { MirrorHealth } from '../net/mirror-health.ts';
import type { ArticleRecord, ImageRecord, SyncStore, TrustRecord } from './store.ts';

/** A SyncStore kept in memory. `failNextWrite` simulates a storage fault (quota, crash) for tests. */
export class MemoryStore implements SyncStore {
  trust: TrustRecord | undefined;
  readonly articles = new Map<string, ArticleRecord>();
  readonly images = new Map<string, ImageRecord>();
  readonly segments = new Map<string, Uint8Array>();
  health: MirrorHealth[] = [];
  /** When set, the next write throws this error and changes nothing. */
  failNextWrite: Error | undefined;

  private guard(): void {
    const e = this.failNextWrite;
    if (e) {
      this.failNextWrite = undefined;
      throw e;
    }
  }

  async loadTrust(): Promise<TrustRecord | undefined> {
    return this.trust;
  }

  async saveTrust(trust: TrustRecord): Promise<void> {
    this.guard();
    this.trust = trust;
  }

  async articleRevisions(): Promise<Map<string, number>> {
    return new Map([...this.articles.values()].map((a) => [a.id, a.rev]));
  }

  async articlePins(): Promise<Map<string, { rev: number; sha256: string | undefined }>> {
    return new Map([...this.articles.values()].map((a) => [a.id, { rev: a.rev, sha256: a.envelopeSha256 }]));
  }

  async withdrawArticles(ids: readonly string[]): Promise<void> {
    this.guard();
    for (const id of ids) this.articles.delete(id);
    this.dropUnusedImages();
  }

  async getSegment(sha256: string): Promise<Uint8Array | undefined> {
    return this.segments.get(sha256);
  }

  async putArticles(articles: readonly ArticleRecord[], images: readonly ImageRecord[]): Promise<void> {
    this.guard();
    for (const a of articles) {
      const old = this.articles.get(a.id);
      // Own bytes: the engine hands over views into the decompressed pack.
      if (!old || old.rev < a.rev) this.articles.set(a.id, { ...a, envelope: a.envelope.slice() });
    }
    for (const i of images) this.images.set(i.sha256, i);
  }

  async commitManifest(trust: TrustRecord, segments: readonly { sha256: string; bytes: Uint8Array }[], removedIds: readonly string[]): Promise<void> {
    this.guard();
    this.trust = trust;
    for (const s of segments) this.segments.set(s.sha256, s.bytes);
    const keep = new Set(trust.manifest?.segments.map((s) => s.sha256));
    for (const sha of [...this.segments.keys()]) if (!keep.has(sha)) this.segments.delete(sha);
    for (const id of removedIds) this.articles.delete(id);
    this.dropUnusedImages();
  }

  private dropUnusedImages(): void {
    const used = new Set([...this.articles.values()].flatMap((a) => a.images.map((i) => i.sha256)));
    for (const sha of [...this.images.keys()]) if (!used.has(sha)) this.images.delete(sha);
  }

  async loadHealth(): Promise<MirrorHealth[]> {
    return this.health;
  }

  async saveHealth(records: readonly MirrorHealth[]): Promise<void> {
    this.health = [...records];
  }
}
