/**
 * Connection codes (src/core/peer/signal.ts): an SDP of the shape Chromium writes for a
 * data-channel-only offer is cut to its essentials, packed into a short text-safe code, and
 * rebuilt; any text given as a code gives a description or MALFORMED, nothing else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPigeonError } from '../../../src/core/errors.ts';
import { decodeSignal, encodeSignal, minimiseSdp, packDescription, rebuildSdp, unpackDescription, type MinimalDescription } from '../../../src/core/peer/signal.ts';

const FP = Array.from({ length: 32 }, (_, i) => ((i * 37 + 11) & 255).toString(16).padStart(2, '0').toUpperCase()).join(':');
const OFFER = [
  'v=0',
  'o=- 7051872346720016541 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS',
  'm=application 50321 UDP/DTLS/SCTP webrtc-datachannel',
  'c=IN IP4 192.168.1.23',
  'a=candidate:2879140539 1 udp 2122260223 192.168.1.23 50321 typ host generation 0 network-id 1 network-cost 10',
  'a=candidate:1467250027 1 udp 2122197247 fd00:0:0:1::23 51877 typ host generation 0 network-id 2',
  'a=candidate:3827184932 1 udp 2122129151 3f1e6c2a-9b1d-4c55-8e2f-0a1b2c3d4e5f.local 60001 typ host generation 0 network-id 3',
  'a=candidate:4143792299 1 tcp 1518280447 192.168.1.23 9 typ host tcptype active generation 0 network-id 1',
  'a=ice-ufrag:Xq3v',
  'a=ice-pwd:Jd8e1v2WZ+/k3LpQm0aR7sTy',
  'a=ice-options:trickle',
  `a=fingerprint:sha-256 ${FP}`,
  'a=setup:actpass',
  'a=mid:0',
  'a=sctp-port:5000',
  'a=max-message-size:262144',
  '',
].join('\r\n');

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (!isPigeonError(e)) throw e;
    return e.code;
  }
}

describe('connection codes', () => {
  it('keep what a data channel needs, in about a hundred text-safe characters', async () => {
    const d = minimiseSdp(OFFER, 'offer');
    expect(d.ufrag).toBe('Xq3v');
    expect(d.candidates).toEqual([
      { address: '192.168.1.23', port: 50321 },
      { address: 'fd00:0:0:1::23', port: 51877 },
      { address: '3f1e6c2a-9b1d-4c55-8e2f-0a1b2c3d4e5f.local', port: 60001 },
    ]);
    const code = await encodeSignal(d);
    expect(code).toMatch(/^PPO1[A-Za-z0-9_-]+$/);
    expect(code.length).toBeLessThan(150);
    const back = await decodeSignal(`  ${code}\n`, 'offer');
    const sdp = rebuildSdp(back);
    expect(sdp).toContain('a=ice-ufrag:Xq3v\r\n');
    expect(sdp).toContain('a=ice-pwd:Jd8e1v2WZ+/k3LpQm0aR7sTy\r\n');
    expect(sdp).toContain(`a=fingerprint:sha-256 ${FP}\r\n`);
    expect(sdp).toContain(' 192.168.1.23 50321 typ host');
    expect(sdp).toContain(' fd00:0:0:1:0:0:0:23 51877 typ host');
    expect(sdp).toContain(' 3f1e6c2a-9b1d-4c55-8e2f-0a1b2c3d4e5f.local 60001 typ host');
    expect(sdp).not.toContain('tcp');
    // The rebuilt SDP minimises to the same description.
    expect(minimiseSdp(sdp, 'offer')).toEqual({ ...back, candidates: back.candidates });
  });

  it('refuse the other kind, foreign text and damaged codes with a sentence', async () => {
    const code = await encodeSignal(minimiseSdp(OFFER, 'offer'));
    await expect(decodeSignal(code, 'answer')).rejects.toThrow(/offer code/);
    await expect(decodeSignal('https://example.org/', 'offer')).rejects.toThrow(/not a Pigeonpost connection code/);
    expect(await codeOf(decodeSignal(code.slice(0, -6), 'offer'))).toBe('MALFORMED');
    expect(await codeOf(decodeSignal('PPO1' + 'A'.repeat(2000), 'offer'))).toBe('MALFORMED');
    expect(() => minimiseSdp(OFFER.replace(/a=candidate:.*\r\n/g, ''), 'offer')).toThrow(/no network address/);
    expect(() => minimiseSdp(OFFER.replace('a=setup:actpass', 'a=setup:active'), 'offer')).toThrow(/both DTLS roles/);
  });

  it('pack and unpack any valid description (property)', () => {
    const ice = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9+/]{${min},${max}}$`));
    const cand = fc.oneof(
      fc.tuple(fc.ipV4(), fc.integer({ min: 1, max: 65535 })).map(([address, port]) => ({ address, port })),
      fc.tuple(fc.uuid({ version: 4 }), fc.integer({ min: 1, max: 65535 })).map(([u, port]) => ({ address: `${u}.local`, port })),
    );
    fc.assert(
      fc.property(ice(4, 64), ice(22, 128), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.array(cand, { minLength: 1, maxLength: 8 }), fc.constantFrom('active', 'passive') as fc.Arbitrary<'active' | 'passive'>, (ufrag, pwd, fingerprint, candidates, setup) => {
        const d: MinimalDescription = { kind: 'answer', setup, ufrag, pwd, fingerprint, candidates };
        expect(unpackDescription(packDescription(d), 'answer')).toEqual(d);
      }),
    );
  });

  it('any text decodes to a description or MALFORMED (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.base64String().map((s) => 'PPA1' + s.replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_'))), async (text) => {
        const code = await codeOf(decodeSignal(text, 'answer'));
        expect(code === undefined || code === 'MALFORMED').toBe(true);
      }),
    );
  });
});
