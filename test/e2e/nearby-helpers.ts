/**
 * Driving nearby sync and invites in the real UI (test/e2e/nearby.test.ts, the nearby benchmark):
 * readers launched with a fake camera (so Chromium reveals host addresses, as the app's camera
 * request does on a real device), the two connection codes carried by the test, and a scripted
 * hostile peer that speaks the protocol from a page of its own.
 */
import type { Page } from 'playwright-core';
import { decodeSignal, encodeSignal, minimiseSdp, rebuildSdp } from '../../src/core/peer/signal.ts';
import { Reader } from './harness/index.ts';

/** Fake camera and no permission prompt: getUserMedia succeeds headless. */
export const CAMERA_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] as const;

/** A reader profile launched with the fake camera. */
export async function cameraReader(): Promise<Reader> {
  const r = await Reader.create();
  await r.launch(CAMERA_ARGS);
  return r;
}

/** First device: open Nearby, start, and return the offer code shown (and the page's QR canvas). */
export async function startOffer(page: Page, origin: string): Promise<string> {
  await page.goto(`${origin}nearby`);
  await page.locator('pp-nearby').getByRole('button', { name: 'Start on this device' }).click();
  const code = page.locator('pp-nearby #code');
  await code.waitFor({ timeout: 30_000 });
  return code.inputValue();
}

/** Second device: open Nearby, join with the offer (pasted, or read from a picture), return the answer code. */
export async function joinWith(page: Page, origin: string, offer: { text: string } | { picture: Buffer }): Promise<string> {
  await page.goto(`${origin}nearby`);
  await page.locator('pp-nearby').getByRole('button', { name: 'Join another device' }).click();
  await pasteOrPicture(page, offer);
  const code = page.locator('pp-nearby #code');
  await code.waitFor({ timeout: 30_000 });
  return code.inputValue();
}

/** Hand a code to the open code reader of `page`. */
export async function pasteOrPicture(page: Page, code: { text: string } | { picture: Buffer }): Promise<void> {
  const reader = page.locator('pp-nearby pp-code-reader');
  if ('text' in code) {
    await reader.locator('#paste').fill(code.text);
    await reader.getByRole('button', { name: 'Use this code' }).click();
  } else {
    await reader.locator('input[type=file]').setInputFiles({ name: 'code.png', mimeType: 'image/png', buffer: code.picture });
  }
}

/** Wait for the session's end on `page`: 'done' or 'failed', with the text shown. */
export async function outcome(page: Page, timeoutMs = 120_000): Promise<{ kind: string; text: string }> {
  const el = page.locator('pp-nearby [data-outcome]');
  await el.waitFor({ timeout: timeoutMs });
  return { kind: (await el.getAttribute('data-outcome')) ?? '', text: (await el.textContent())?.trim() ?? '' };
}

/**
 * A hostile peer in a page of its own: answers `offerCode` with a raw RTCPeerConnection and, once
 * the channel is open, sends `frames` (base64) and then, if `endless`, non-final bundle frames
 * until the channel closes. Returns the answer code; `done` resolves when the channel closed.
 */
export async function hostilePeer(page: Page, offerCode: string, script: { frames: readonly string[]; endless?: boolean }): Promise<{ answer: string; done: Promise<{ sentBytes: number }> }> {
  const sdp = rebuildSdp(await decodeSignal(offerCode, 'offer'));
  const answerSdp = await page.evaluate(async (offer) => {
    const s = await navigator.mediaDevices.getUserMedia({ video: true });
    for (const t of s.getTracks()) t.stop();
    const pc = new RTCPeerConnection({ iceServers: [] });
    const ch = pc.createDataChannel('x', { negotiated: true, id: 0, ordered: true });
    ch.binaryType = 'arraybuffer';
    (window as unknown as { __peer: unknown }).__peer = { pc, ch };
    await pc.setRemoteDescription({ type: 'offer', sdp: offer });
    await pc.setLocalDescription(await pc.createAnswer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
      setTimeout(resolve, 5000);
    });
    return pc.localDescription!.sdp;
  }, sdp);
  const answer = await encodeSignal(minimiseSdp(answerSdp, 'answer'));
  const done = page.evaluate(
    async ({ frames, endless }) => {
      const { ch } = (window as unknown as { __peer: { ch: RTCDataChannel } }).__peer;
      if (ch.readyState !== 'open') await new Promise((r) => ch.addEventListener('open', r, { once: true }));
      let sentBytes = 0;
      const wait = async (): Promise<void> => {
        while (ch.readyState === 'open' && ch.bufferedAmount > 1 << 20) await new Promise((r) => setTimeout(r, 5));
      };
      for (const b64 of frames) {
        const f = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        await wait();
        if (ch.readyState !== 'open') break;
        ch.send(f);
        sentBytes += f.length;
      }
      if (endless) {
        const f = new Uint8Array(64 * 1024);
        f[0] = 4; // a bundle frame that is never the last one
        const deadline = Date.now() + 120_000;
        while (ch.readyState === 'open' && Date.now() < deadline) {
          await wait();
          if (ch.readyState !== 'open') break;
          try {
            ch.send(f);
          } catch {
            break;
          }
          sentBytes += f.length;
        }
      }
      if (ch.readyState === 'open') await new Promise((r) => ch.addEventListener('close', r, { once: true }));
      return { sentBytes };
    },
    { frames: [...script.frames], endless: script.endless ?? false },
  );
  return { answer, done };
}
