/**
 * The WebRTC side of nearby sync (format.md §10.1): one RTCPeerConnection with no ICE servers and
 * one pre-negotiated data channel, set up by exchanging two connection codes (offer, answer) by QR
 * code or copy and paste. Connection codes are made and read by src/core/peer/signal.ts.
 *
 * Desktop Chromium hides the device's addresses behind mDNS names unless the page holds camera
 * permission, and another device on the Wi-Fi may not resolve those names; so the camera is asked
 * for (and released at once) before the connection is created, and a refusal only means the
 * mDNS names are sent instead.
 */
import { decodeSignal, encodeSignal, minimiseSdp, rebuildSdp } from '../core/peer/signal.ts';
import { PigeonError } from '../core/errors.ts';

/** How long ICE gathering may take before the code is made from what was found (ms). */
const GATHER_MS = 5000;
/** How long the channel may take to open after both codes were exchanged (ms). */
export const CONNECT_MS = 30_000;
/** Above this many buffered bytes, sending waits for the channel to drain. */
const HIGH_WATER = 1024 * 1024;
const LOW_WATER = 256 * 1024;

/**
 * Ask for the camera once so that Chromium reveals host addresses instead of mDNS names. Resolves
 * either way (false when refused or unavailable); the stream is stopped at once.
 */
export async function unlockHostAddresses(): Promise<boolean> {
  if (!navigator.mediaDevices?.getUserMedia) return false;
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true });
    for (const t of stream.getTracks()) t.stop();
    return true;
  } catch {
    return false;
  }
}

function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = (): void => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const timer = setTimeout(done, GATHER_MS);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

/** An open (or opening) link to another device. */
export class RtcLink {
  readonly pc: RTCPeerConnection;
  readonly channel: RTCDataChannel;
  /** Frames that arrived before anyone listened (the peer may start the moment the channel opens). */
  private _early: Uint8Array[] | undefined = [];
  private _onFrame: ((frame: Uint8Array) => void) | undefined;

  private constructor() {
    // No ICE servers: the two devices must reach each other on the local network.
    this.pc = new RTCPeerConnection({ iceServers: [] });
    // Negotiated on both sides with the same id: no in-band channel setup to wait for.
    this.channel = this.pc.createDataChannel('pigeonpost-nearby', { negotiated: true, id: 0, ordered: true });
    this.channel.binaryType = 'arraybuffer';
    this.channel.bufferedAmountLowThreshold = LOW_WATER;
    // Listening from the start: a message event with no listener is lost for good.
    this.channel.addEventListener('message', (e: MessageEvent<unknown>) => {
      // Text messages are not part of the protocol: an empty frame is refused as malformed.
      const frame = e.data instanceof ArrayBuffer ? new Uint8Array(e.data) : new Uint8Array(0);
      if (this._onFrame) this._onFrame(frame);
      else this._early?.push(frame);
    });
  }

  /** Receive every frame from the peer, those that came before this call first. */
  onFrame(listener: (frame: Uint8Array) => void): void {
    this._onFrame = listener;
    const early = this._early ?? [];
    this._early = undefined;
    for (const f of early) listener(f);
  }

  /** First device: a link and its offer code. */
  static async offer(): Promise<{ link: RtcLink; code: string }> {
    const link = new RtcLink();
    await link.pc.setLocalDescription(await link.pc.createOffer());
    await gathered(link.pc);
    return { link, code: await encodeSignal(minimiseSdp(link.pc.localDescription!.sdp, 'offer')) };
  }

  /** Second device: a link from the first device's offer code, and the answer code to show back. */
  static async answer(offerCode: string): Promise<{ link: RtcLink; code: string }> {
    const offer = await decodeSignal(offerCode, 'offer');
    const link = new RtcLink();
    try {
      await link.pc.setRemoteDescription({ type: 'offer', sdp: rebuildSdp(offer) });
      await link.pc.setLocalDescription(await link.pc.createAnswer());
      await gathered(link.pc);
      return { link, code: await encodeSignal(minimiseSdp(link.pc.localDescription!.sdp, 'answer')) };
    } catch (e) {
      link.close();
      if (e instanceof PigeonError) throw e;
      throw new PigeonError('MALFORMED', `this browser refused the connection code: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** First device: take the second device's answer code. */
  async accept(answerCode: string): Promise<void> {
    const answer = await decodeSignal(answerCode, 'answer');
    try {
      await this.pc.setRemoteDescription({ type: 'answer', sdp: rebuildSdp(answer) });
    } catch (e) {
      throw new PigeonError('MALFORMED', `this browser refused the answer code: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Resolve when the channel is open; TIMEOUT after `ms` (client isolation, other networks). */
  opened(ms = CONNECT_MS, signal?: AbortSignal): Promise<void> {
    if (this.channel.readyState === 'open') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        this.channel.removeEventListener('open', onOpen);
        this.pc.removeEventListener('connectionstatechange', onState);
        signal?.removeEventListener('abort', onAbort);
      };
      const onOpen = (): void => {
        cleanup();
        resolve();
      };
      const onState = (): void => {
        if (this.pc.connectionState === 'failed') {
          cleanup();
          reject(new PigeonError('NETWORK', 'the devices could not reach each other'));
        }
      };
      const onAbort = (): void => {
        cleanup();
        reject(new PigeonError('ABORTED', 'cancelled'));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new PigeonError('TIMEOUT', `no connection within ${ms / 1000} s`));
      }, ms);
      this.channel.addEventListener('open', onOpen);
      this.pc.addEventListener('connectionstatechange', onState);
      signal?.addEventListener('abort', onAbort);
    });
  }

  /** Send one frame, waiting while too much is buffered (backpressure). */
  async send(frame: Uint8Array): Promise<void> {
    if (this.channel.readyState !== 'open') throw new PigeonError('NETWORK', 'the connection to the other device closed');
    if (this.channel.bufferedAmount > HIGH_WATER) {
      await new Promise<void>((resolve) => {
        const go = (): void => {
          this.channel.removeEventListener('bufferedamountlow', go);
          this.channel.removeEventListener('close', go);
          resolve();
        };
        this.channel.addEventListener('bufferedamountlow', go);
        this.channel.addEventListener('close', go);
      });
      if (this.channel.readyState !== 'open') throw new PigeonError('NETWORK', 'the connection to the other device closed');
    }
    this.channel.send(frame as Uint8Array<ArrayBuffer>);
  }

  /** Wait until everything sent has left the buffer (or the channel closed), at most `ms`. */
  async drained(ms = 10_000): Promise<void> {
    const end = Date.now() + ms;
    while (this.channel.readyState === 'open' && this.channel.bufferedAmount > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  }

  close(): void {
    try {
      this.channel.close();
    } catch {
      // already closed
    }
    this.pc.close();
  }
}
