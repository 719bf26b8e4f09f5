/**
 * Where `pigeonpost push` writes: a mirror behind an S3-compatible API (s3-target.ts) or a local
 * folder (dir-target.ts). Both see the repository as keys relative to their prefix
 * (`objects/<sha256>`, `timestamp.json`); every put replaces a whole object at once, so a reader
 * never sees half a file.
 */

/** What the target holds under one key. */
export interface RemoteEntry {
  readonly size: number;
  /**
   * A content fingerprint the target keeps for free, when it has one: the lowercase hex MD5 of
   * the bytes (an S3 ETag of a single-part upload). Undefined when unknown.
   */
  readonly md5?: string;
}

/** Metadata a put sets on the object. */
export interface PutMeta {
  readonly contentType: string;
  readonly cacheControl: string;
}

/** One push target. */
export interface PushTarget {
  /** How the operator wrote it (`s3://bucket/prefix`, `dir:/srv/www`). */
  readonly label: string;
  /** Every key below the prefix with its size (one listing per push). */
  list(): Promise<Map<string, RemoteEntry>>;
  /** The bytes under `key`, or null when absent. */
  get(key: string): Promise<Uint8Array | null>;
  /** Store `bytes` under `key`, replacing any previous object whole. */
  put(key: string, bytes: Uint8Array, meta: PutMeta): Promise<void>;
  /** Delete `key` (absent is fine). */
  delete(key: string): Promise<void>;
  /**
   * True when the target compares mutable files by MD5 from the listing; false when `get` is
   * cheap and the bytes are compared instead (a local folder).
   */
  readonly listsMd5: boolean;
}
