/** SHA-256 through WebCrypto, as lowercase hex (the form every pin in the format uses). */
import { toHex } from '../encoding/bytes.ts';

/** SHA-256 digest of `bytes` as 64 lowercase hex digits. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
}

/** True for a well-formed SHA-256 hex string. */
export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}
