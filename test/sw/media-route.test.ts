/** media/<sha256>: which URLs match, and the headers of what is served (never a mirror response). */
import { describe, expect, it } from 'vitest';
import { MEDIA_HEADERS, mediaHash, mediaResponse } from '../../src/sw/media-route.ts';

const H = 'ab'.repeat(32);
const scope = new URL('http://127.0.0.1:8080/news/');

describe('media route', () => {
  it('matches media/<sha256> under the scope, also below a deep link', () => {
    expect(mediaHash(new URL(`http://127.0.0.1:8080/news/media/${H}`), scope)).toBe(H);
    expect(mediaHash(new URL(`http://127.0.0.1:8080/news/article/media/${H}`), scope)).toBe(H);
  });

  it('ignores other origins, other scopes, queries, bad hashes and traversal', () => {
    for (const u of [
      `http://127.0.0.1:9999/news/media/${H}`,
      `http://127.0.0.1:8080/other/media/${H}`,
      `http://127.0.0.1:8080/news/media/${H}?x=1`,
      `http://127.0.0.1:8080/news/media/${H.toUpperCase()}`,
      `http://127.0.0.1:8080/news/media/${H}0`,
      `http://127.0.0.1:8080/news/media/${H}/x`,
      `http://127.0.0.1:8080/news/media/..%2f${H}`,
    ]) {
      expect(mediaHash(new URL(u), scope), u).toBeUndefined();
    }
  });

  it('serves stored bytes with an explicit type, nosniff and a sandboxing CSP', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const r = mediaResponse({ sha256: H, type: 'image/png', bytes });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/png');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(r.headers.get('content-length')).toBe('4');
    expect(new Uint8Array(await r.arrayBuffer())).toEqual(bytes);
    for (const [k, v] of Object.entries(MEDIA_HEADERS)) expect(r.headers.get(k)).toBe(v);
  });

  it('never serves a type outside the allow-list as such (SVG, HTML)', () => {
    for (const type of ['image/svg+xml', 'text/html']) {
      expect(mediaResponse({ sha256: H, type, bytes: new Uint8Array(1) }).headers.get('content-type')).toBe('application/octet-stream');
    }
  });

  it('answers 404 for an image it does not have, with the same protective headers; HEAD has no body', async () => {
    const r = mediaResponse(undefined);
    expect(r.status).toBe(404);
    expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    const head = mediaResponse({ sha256: H, type: 'image/png', bytes: new Uint8Array(3) }, 'HEAD');
    expect(head.body).toBeNull();
    expect(head.headers.get('content-length')).toBe('3');
  });
});
