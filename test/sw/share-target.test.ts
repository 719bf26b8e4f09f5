/**
 * The share_target handshake (src/sw/share-target.ts, style habit 21) and the guards of the new
 * requests (src/shared/protocol.ts): a multipart POST is answered with a 303 to the share page and
 * its files are held until that page takes them, once; malformed payloads never pass the guard.
 */
import { describe, expect, it, vi } from 'vitest';
import { isShareTargetPost, MAX_SHARED_FILES, receiveShareTarget, SharedFilesInbox } from '../../src/sw/share-target.ts';
import { isReply, isRequest } from '../../src/shared/protocol.ts';

const scope = new URL('https://news.example/app/');

function post(files: File[], url = 'https://news.example/app/share-target'): Request {
  const form = new FormData();
  for (const f of files) form.append('files', f);
  form.append('title', 'ignored');
  return new Request(url, { method: 'POST', body: form });
}

describe('share_target', () => {
  it('answers 303 to the share page and hands the files to the page once', async () => {
    const inbox = new SharedFilesInbox();
    const waits: Promise<unknown>[] = [];
    const req = post([new File(['<!doctype html>one'], 'one.html', { type: 'text/html' }), new File([new Uint8Array([0x50, 0x4b, 3, 4])], 'm.zip')]);
    expect(isShareTargetPost(req, scope)).toBe(true);
    const res = await receiveShareTarget(req, scope, inbox, (p) => waits.push(p));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('https://news.example/app/share?via=share-target');
    expect(waits).toHaveLength(1);
    const taken = inbox.take();
    expect(taken.map((f) => [f.name, f.bytes.byteLength])).toEqual([['one.html', 18], ['m.zip', 4]]);
    await waits[0]; // settles once taken: the worker may stop
    expect(inbox.take()).toEqual([]);
  });

  it('matches only POSTs to the action inside the scope, takes at most 10 files, and drops them after the TTL', async () => {
    expect(isShareTargetPost(new Request('https://news.example/app/share-target'), scope)).toBe(false);
    expect(isShareTargetPost(post([], 'https://news.example/other/share-target'), scope)).toBe(false);
    expect(isShareTargetPost(post([], 'https://evil.example/app/share-target'), scope)).toBe(false);
    vi.useFakeTimers();
    try {
      const inbox = new SharedFilesInbox();
      const files = Array.from({ length: MAX_SHARED_FILES + 3 }, (_, i) => new File([`f${i}`], `f${i}.html`));
      let held: Promise<unknown> | undefined;
      await receiveShareTarget(post(files), scope, inbox, (p) => (held = p));
      vi.advanceTimersByTime(5 * 60_000 + 1);
      await held;
      expect(inbox.take()).toEqual([]);
      await receiveShareTarget(post(files), scope, inbox, () => undefined);
      expect(inbox.take()).toHaveLength(MAX_SHARED_FILES);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('guards of the sharing requests', () => {
  it('accepts well-shaped payloads and nothing else', () => {
    const buf = new ArrayBuffer(4);
    expect(isRequest({ type: 'IMPORT_SHARE', payload: { name: 'a.html', bytes: buf } })).toBe(true);
    expect(isRequest({ type: 'IMPORT_SHARE', payload: { name: 'a.html', bytes: new Uint8Array(4) } })).toBe(false);
    expect(isRequest({ type: 'IMPORT_SHARE', payload: { name: 'a.html', bytes: buf, extra: 1 } })).toBe(false);
    expect(isRequest({ type: 'IMPORT_SHARE', payload: { name: 'x'.repeat(501), bytes: buf } })).toBe(false);
    expect(isRequest({ type: 'SYNC_FROM_FILE', payload: { name: 'm.zip', zip: buf } })).toBe(true);
    expect(isRequest({ type: 'SYNC_FROM_FILE', payload: { name: 'www', files: [{ path: 'www/timestamp.json', bytes: buf }] } })).toBe(true);
    expect(isRequest({ type: 'SYNC_FROM_FILE', payload: { name: 'www', files: [{ path: 7, bytes: buf }] } })).toBe(false);
    expect(isRequest({ type: 'SYNC_FROM_FILE', payload: { name: 'm.zip', zip: buf, files: [] } })).toBe(false);
    expect(isRequest({ type: 'TAKE_SHARED_FILES', payload: {} })).toBe(true);
    expect(isRequest({ type: 'TAKE_SHARED_FILES', payload: { x: 1 } })).toBe(false);
    const report = { ok: false, rejection: { reason: 'foreign', code: 'UNKNOWN_KEY', message: 'm' }, publisher: { name: 'N', site: 's', fingerprint: 'F' }, stories: [] };
    expect(isReply({ ok: true, type: 'IMPORT_SHARE', payload: report }, 'IMPORT_SHARE')).toBe(true);
    expect(isReply({ ok: true, type: 'IMPORT_SHARE', payload: { ...report, stories: [{}] } }, 'IMPORT_SHARE')).toBe(false);
    expect(isReply({ ok: true, type: 'TAKE_SHARED_FILES', payload: [{ name: 'a', bytes: buf }] }, 'TAKE_SHARED_FILES')).toBe(true);
    expect(isReply({ ok: true, type: 'TAKE_SHARED_FILES', payload: [{ name: 'a', bytes: 'x' }] }, 'TAKE_SHARED_FILES')).toBe(false);
  });
});
