/**
 * Framing of nearby sync (format.md §10.2). A data channel keeps message boundaries, but one
 * channel message is small (64 KiB here), so a protocol message travels as one or more frames:
 *
 *   byte 0     kind (1 hello, 2 inventory, 3 want, 4 bundle, 5 done, 6 error, 7 ack)
 *   byte 1     flags: bit 0 = last frame of the message; the other bits must be 0
 *   bytes 2..  a slice of the message body
 *
 * Frames of one message follow each other with nothing between them, except that a one-frame
 * error message may cut into a message the sender abandons. The assembler checks every
 * frame before keeping it: its size, its kind against the message it continues, the assembled
 * size against the kind's cap, the whole session's byte budget, and the message's deadline and
 * minimum throughput. Any breach throws, and the caller drops the peer.
 */
import { concatBytes } from '../encoding/bytes.ts';
import { PigeonError } from '../errors.ts';
import { createThroughputMeter, type ThroughputMeter } from '../net/throughput.ts';
import type { PeerLimits } from './limits.ts';

/** Message kinds (byte 0 of a frame). */
export const KIND = Object.freeze({ hello: 1, inventory: 2, want: 3, bundle: 4, done: 5, error: 6, ack: 7 });

/** A message kind name. */
export type KindName = keyof typeof KIND;

const NAMES: ReadonlyMap<number, KindName> = new Map(Object.entries(KIND).map(([k, v]) => [v, k as KindName]));

/** Bytes of a frame header. */
export const FRAME_HEADER = 2;
const LAST = 1;

/** A whole message: its kind and body. */
export interface PeerMessage {
  readonly kind: KindName;
  readonly body: Uint8Array;
}

/** The cap of an assembled message of `kind` (bytes). */
export function messageCap(kind: KindName, limits: PeerLimits): number {
  switch (kind) {
    case 'bundle':
      return limits.maxBundleBytes;
    case 'inventory':
    case 'want':
      return limits.maxListBytes;
    default:
      return limits.maxControlBytes;
  }
}

/** Split a message into frames of at most `limits.maxFrameBytes` (an empty body is one frame). */
export function toFrames(message: PeerMessage, limits: Pick<PeerLimits, 'maxFrameBytes'>): Uint8Array[] {
  const kind = KIND[message.kind];
  const room = limits.maxFrameBytes - FRAME_HEADER;
  if (room < 1) throw new RangeError('maxFrameBytes leaves no room for a body');
  const frames: Uint8Array[] = [];
  const { body } = message;
  for (let at = 0; at < body.length || frames.length === 0; at += room) {
    const slice = body.subarray(at, Math.min(body.length, at + room));
    const f = new Uint8Array(FRAME_HEADER + slice.length);
    f[0] = kind;
    f[1] = at + room >= body.length ? LAST : 0;
    f.set(slice, FRAME_HEADER);
    frames.push(f);
  }
  return frames;
}

/** Reassembles messages from a peer's frames within the limits; one per session and direction. */
export class FrameAssembler {
  private readonly limits: PeerLimits;
  private kind: KindName | undefined;
  private parts: Uint8Array[] = [];
  private size = 0;
  private startedAt = 0;
  private meter: ThroughputMeter | undefined;
  /** Every byte received in this session, frame headers included. */
  received = 0;

  constructor(limits: PeerLimits) {
    this.limits = limits;
  }

  /** True while a message has started but not ended. */
  get pending(): boolean {
    return this.kind !== undefined;
  }

  /**
   * Take one frame received at `at` (ms, any monotonic clock). Returns the message it completes,
   * or undefined. Throws (TOO_LARGE, MALFORMED, TIMEOUT, TOO_SLOW) when the peer breaks a rule.
   */
  push(frame: Uint8Array, at: number): PeerMessage | undefined {
    this.received += frame.length;
    if (this.received > this.limits.sessionBudgetBytes) {
      throw new PigeonError('TOO_LARGE', `the peer sent more than the session's budget of ${this.limits.sessionBudgetBytes} bytes`);
    }
    if (frame.length > this.limits.maxFrameBytes) throw new PigeonError('TOO_LARGE', `a frame of ${frame.length} bytes is over the cap of ${this.limits.maxFrameBytes}`);
    if (frame.length < FRAME_HEADER) throw new PigeonError('MALFORMED', 'a frame shorter than its header');
    const kind = NAMES.get(frame[0]!);
    const flags = frame[1]!;
    if (kind === undefined) throw new PigeonError('MALFORMED', `unknown message kind ${frame[0]}`);
    if ((flags & ~LAST) !== 0) throw new PigeonError('MALFORMED', `unknown frame flags ${flags}`);
    if (this.kind !== undefined && this.kind !== kind && kind === 'error' && (flags & LAST) !== 0) {
      // A one-frame error may cut into a message: the sender gave up on it (format.md §10.2).
      this.reset();
    }
    if (this.kind === undefined) {
      this.kind = kind;
      this.startedAt = at;
      this.meter = createThroughputMeter({ minBytesPerSec: this.limits.minBytesPerSec, graceMs: this.limits.throughputGraceMs, windowMs: this.limits.throughputWindowMs }, at);
    } else if (this.kind !== kind) {
      throw new PigeonError('MALFORMED', `a ${kind} frame inside a ${this.kind} message`);
    }
    this.check(at);
    const body = frame.subarray(FRAME_HEADER);
    this.size += body.length;
    const cap = messageCap(kind, this.limits);
    if (this.size > cap) throw new PigeonError('TOO_LARGE', `a ${kind} message over its cap of ${cap} bytes`);
    this.meter!.add(frame.length, at);
    this.parts.push(body.slice());
    if ((flags & LAST) === 0) return undefined;
    const message: PeerMessage = { kind, body: this.parts.length === 1 ? this.parts[0]! : concatBytes(this.parts) };
    this.reset();
    return message;
  }

  private reset(): void {
    this.kind = undefined;
    this.parts = [];
    this.size = 0;
    this.meter = undefined;
  }

  /** Throw TIMEOUT or TOO_SLOW if the message under way has broken its deadline or rate at `at`. */
  check(at: number): void {
    if (this.kind === undefined) return;
    if (at - this.startedAt > this.limits.messageDeadlineMs) {
      throw new PigeonError('TIMEOUT', `a ${this.kind} message was not complete within ${this.limits.messageDeadlineMs} ms`);
    }
    if (this.meter?.tooSlow(at)) throw new PigeonError('TOO_SLOW', `a ${this.kind} message arrives below ${this.limits.minBytesPerSec} bytes/s`);
  }
}
