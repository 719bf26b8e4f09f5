/**
 * Connection codes of nearby sync (format.md §10.1): a WebRTC data-channel offer or answer cut down
 * to what the other side needs to rebuild it (ICE credentials, the DTLS fingerprint and role, host
 * candidates), packed into bytes, deflated when that is shorter, and written as text-safe
 * base64url with a short prefix. About 100 characters: one QR code each way.
 *
 *   code  = "PP" kind "1" base64url(flags || data)        kind: "O" offer, "A" answer
 *   flags = bit 0: data is deflate-raw compressed
 *   data  = setup(u8: 0 actpass, 1 active, 2 passive)
 *           ufrag(u8 length, ASCII) pwd(u8 length, ASCII) sha-256 fingerprint(32 bytes)
 *           count(u8) then per candidate: type(u8: 4 IPv4, 6 IPv6, 16 mDNS name), address
 *           (4, 16 or 16 bytes: the name's UUID), UDP port (u16 big-endian)
 *
 * Only UDP host candidates travel: with no STUN or TURN server there are no others worth sending.
 * Everything decoded is checked (lengths, ICE characters, ports, counts) before an SDP is built
 * from it, so a hostile QR code can only fail to connect.
 */
import { fromBase64url, toBase64url } from '../encoding/bytes.ts';
import { PigeonError } from '../errors.ts';
import { deflateRaw, inflateRaw } from './deflate.ts';

/** Offer (first device) or answer (second device). */
export type SignalKind = 'offer' | 'answer';

/** A host candidate: IPv4/IPv6 address or mDNS name, and its UDP port. */
export interface HostCandidate {
  readonly address: string;
  readonly port: number;
}

/** What a data-channel description needs. */
export interface MinimalDescription {
  readonly kind: SignalKind;
  readonly setup: 'actpass' | 'active' | 'passive';
  readonly ufrag: string;
  readonly pwd: string;
  /** SHA-256 certificate fingerprint, 32 bytes. */
  readonly fingerprint: Uint8Array;
  readonly candidates: readonly HostCandidate[];
}

/** Longest code accepted (characters). */
export const MAX_CODE_LENGTH = 1024;
/** Most candidates carried. */
export const MAX_CANDIDATES = 8;

const SETUPS = ['actpass', 'active', 'passive'] as const;
const ICE_CHARS = /^[A-Za-z0-9+/]+$/;
const MDNS = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\.local$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function bad(message: string): never {
  throw new PigeonError('MALFORMED', message);
}

/** Read the minimal description out of a full SDP (from createOffer/createAnswer after gathering). */
export function minimiseSdp(sdp: string, kind: SignalKind): MinimalDescription {
  const lines = sdp.split(/\r?\n/);
  const value = (prefix: string): string | undefined => lines.find((l) => l.startsWith(prefix))?.slice(prefix.length).trim();
  const ufrag = value('a=ice-ufrag:');
  const pwd = value('a=ice-pwd:');
  const fp = value('a=fingerprint:');
  const setup = value('a=setup:');
  if (!ufrag || !pwd || !fp || !setup) bad('the connection description lacks ICE credentials or a fingerprint');
  const [alg, hex] = fp.split(/\s+/);
  if (alg?.toLowerCase() !== 'sha-256' || !hex) bad('the connection description has no SHA-256 fingerprint');
  const fingerprint = parseFingerprint(hex);
  if (!(SETUPS as readonly string[]).includes(setup)) bad(`unknown DTLS role ${setup}`);
  const candidates: HostCandidate[] = [];
  for (const l of lines) {
    if (!l.startsWith('a=candidate:')) continue;
    // a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...
    const f = l.slice('a=candidate:'.length).trim().split(/\s+/);
    if (f.length < 8 || f[1] !== '1' || f[2]?.toLowerCase() !== 'udp' || f[6] !== 'typ' || f[7] !== 'host') continue;
    const port = Number(f[5]);
    const address = f[4]!;
    if (!Number.isInteger(port) || port < 1 || port > 65535 || !addressType(address)) continue;
    if (candidates.some((c) => c.address === address && c.port === port)) continue;
    if (candidates.length < MAX_CANDIDATES) candidates.push({ address, port });
  }
  const d: MinimalDescription = { kind, setup: setup as MinimalDescription['setup'], ufrag, pwd, fingerprint, candidates };
  checkDescription(d);
  return d;
}

function parseFingerprint(hex: string): Uint8Array {
  const parts = hex.split(':');
  if (parts.length !== 32 || parts.some((p) => !/^[0-9A-Fa-f]{2}$/.test(p))) bad('the fingerprint is not 32 bytes of hex');
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

function addressType(a: string): 4 | 6 | 16 | undefined {
  const m4 = IPV4.exec(a);
  if (m4) return m4.slice(1).every((x) => Number(x) <= 255) ? 4 : undefined;
  if (MDNS.test(a)) return 16;
  if (a.includes(':') && ipv6Bytes(a)) return 6;
  return undefined;
}

function ipv6Bytes(a: string): Uint8Array | undefined {
  if (!/^[0-9A-Fa-f:]+$/.test(a) || a.split('::').length > 2) return undefined;
  const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const h = head ? head.split(':') : [];
  const t = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8 || groups.some((g) => g.length < 1 || g.length > 4)) return undefined;
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 255;
  });
  return out;
}

function ipv6Text(b: Uint8Array): string {
  const g = Array.from({ length: 8 }, (_, i) => ((b[i * 2]! << 8) | b[i * 2 + 1]!).toString(16));
  return g.join(':');
}

function checkDescription(d: MinimalDescription): void {
  if (d.ufrag.length < 4 || d.ufrag.length > 64 || !ICE_CHARS.test(d.ufrag)) bad('the ICE username fragment is not 4 to 64 ICE characters');
  if (d.pwd.length < 22 || d.pwd.length > 128 || !ICE_CHARS.test(d.pwd)) bad('the ICE password is not 22 to 128 ICE characters');
  if (d.fingerprint.length !== 32) bad('the fingerprint is not 32 bytes');
  if (d.kind === 'offer' && d.setup !== 'actpass') bad('an offer must offer both DTLS roles');
  if (d.kind === 'answer' && d.setup === 'actpass') bad('an answer must pick a DTLS role');
  if (d.candidates.length === 0) bad('the device found no network address to offer (is it on a Wi-Fi network or a hotspot?)');
  if (d.candidates.length > MAX_CANDIDATES) bad(`more than ${MAX_CANDIDATES} network addresses`);
}

/** Pack a description into bytes (format.md §10.1 `data`). */
export function packDescription(d: MinimalDescription): Uint8Array {
  checkDescription(d);
  const out: number[] = [SETUPS.indexOf(d.setup)];
  for (const s of [d.ufrag, d.pwd]) out.push(s.length, ...Array.from(s, (c) => c.charCodeAt(0)));
  out.push(...d.fingerprint, d.candidates.length);
  for (const c of d.candidates) {
    const t = addressType(c.address);
    if (t === 4) out.push(4, ...c.address.split('.').map(Number));
    else if (t === 6) out.push(6, ...ipv6Bytes(c.address)!);
    else if (t === 16) out.push(16, ...hexBytes(MDNS.exec(c.address)!.slice(1).join('')));
    else bad(`unsupported address ${c.address.slice(0, 60)}`);
    out.push(c.port >> 8, c.port & 255);
  }
  return Uint8Array.from(out);
}

function hexBytes(hex: string): number[] {
  return Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

/** Unpack bytes written by {@link packDescription}; throws MALFORMED on anything else. */
export function unpackDescription(b: Uint8Array, kind: SignalKind): MinimalDescription {
  let at = 0;
  const take = (n: number): Uint8Array => {
    if (at + n > b.length) bad('the connection code is cut short');
    const s = b.subarray(at, at + n);
    at += n;
    return s;
  };
  const byte = (): number => take(1)[0]!;
  const setup = SETUPS[byte()];
  if (!setup) bad('unknown DTLS role in the connection code');
  const text = (): string => String.fromCharCode(...take(byte()));
  const ufrag = text();
  const pwd = text();
  const fingerprint = take(32).slice();
  const count = byte();
  if (count > MAX_CANDIDATES) bad(`more than ${MAX_CANDIDATES} network addresses`);
  const candidates: HostCandidate[] = [];
  for (let i = 0; i < count; i++) {
    const t = byte();
    let address: string;
    if (t === 4) address = Array.from(take(4)).join('.');
    else if (t === 6) address = ipv6Text(take(16));
    else if (t === 16) {
      const h = Array.from(take(16), (x) => x.toString(16).padStart(2, '0')).join('');
      address = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}.local`;
    } else bad(`unknown address type ${t} in the connection code`);
    const p = take(2);
    const port = (p[0]! << 8) | p[1]!;
    if (port === 0) bad('port 0 in the connection code');
    candidates.push({ address, port });
  }
  if (at !== b.length) bad('the connection code has bytes after its end');
  const d: MinimalDescription = { kind, setup, ufrag, pwd, fingerprint, candidates };
  checkDescription(d);
  return d;
}

/** Build a full SDP that a browser accepts as the remote description. */
export function rebuildSdp(d: MinimalDescription): string {
  const fp = Array.from(d.fingerprint, (x) => x.toString(16).padStart(2, '0').toUpperCase()).join(':');
  const lines = [
    'v=0',
    'o=- 1 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    'a=msid-semantic: WMS',
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
    'c=IN IP4 0.0.0.0',
    // Host candidates, in the order sent; priorities as RFC 8445 §5.1.2.1 gives host candidates.
    ...d.candidates.map((c, i) => `a=candidate:${i + 1} 1 udp ${126 * 2 ** 24 + (65535 - i) * 256 + 255} ${c.address} ${c.port} typ host`),
    'a=end-of-candidates',
    `a=ice-ufrag:${d.ufrag}`,
    `a=ice-pwd:${d.pwd}`,
    `a=fingerprint:sha-256 ${fp}`,
    `a=setup:${d.setup}`,
    'a=mid:0',
    'a=sctp-port:5000',
    'a=max-message-size:262144',
  ];
  return `${lines.join('\r\n')}\r\n`;
}

const PREFIX = { offer: 'PPO1', answer: 'PPA1' } as const;

/** The text code of a description (deflated when that is shorter). */
export async function encodeSignal(d: MinimalDescription): Promise<string> {
  const raw = packDescription(d);
  const deflated = await deflateRaw(raw);
  const body = deflated.length < raw.length ? Uint8Array.of(1, ...deflated) : Uint8Array.of(0, ...raw);
  return PREFIX[d.kind] + toBase64url(body);
}

/**
 * Read a code of `kind` (pasted or scanned: surrounding white space is ignored). Throws MALFORMED
 * with a sentence for the reader: the wrong kind of code, not a code, damaged.
 */
export async function decodeSignal(code: string, kind: SignalKind): Promise<MinimalDescription> {
  const text = code.trim();
  if (text.length > MAX_CODE_LENGTH) bad('this is too long to be a connection code');
  const other = kind === 'offer' ? 'answer' : 'offer';
  if (text.startsWith(PREFIX[other])) bad(`this is the ${other} code; this step needs the ${kind} code from the other device`);
  if (!text.startsWith(PREFIX[kind])) bad('this is not a Pigeonpost connection code');
  let body: Uint8Array;
  try {
    body = fromBase64url(text.slice(PREFIX[kind].length), 'connection code');
  } catch {
    bad('the connection code is damaged');
  }
  if (body.length < 2 || body[0]! > 1) bad('the connection code is damaged');
  let data = body.subarray(1);
  if (body[0] === 1) {
    try {
      data = await inflateRaw(data, 2048, 'the connection code');
    } catch {
      bad('the connection code is damaged');
    }
  }
  return unpackDescription(data, kind);
}
