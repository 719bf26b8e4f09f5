/** Types of the root document (format.md §3.1), kept apart so envelope.ts and root.ts avoid a cycle. */

/** A role: the keys allowed to sign for it and how many must. */
export interface Role {
  readonly keyids: readonly string[];
  readonly threshold: number;
}

/** keyid → raw Ed25519 public key. */
export type KeyRing = ReadonlyMap<string, Uint8Array>;

/** Role names. `root` signs roots; `publish` signs timestamps, manifests and articles. */
export type RoleName = 'root' | 'publish';

/** A decoded, structurally valid root payload. */
export interface Root {
  readonly type: 'pigeonpost.root';
  readonly version: number;
  readonly expires: string;
  readonly site: { readonly id: string; readonly name: string; readonly lang: string };
  readonly keys: KeyRing;
  readonly roles: Readonly<Record<RoleName, Role>>;
}
