/**
 * Guards of the nearby-sync and invite requests (src/shared/peer-protocol.ts): the worker takes only
 * well-shaped requests from pages, the page only well-shaped replies.
 */
import { describe, expect, it } from 'vitest';
import { isPeerReply, isPeerRequest } from '../../src/shared/peer-protocol.ts';
import { inviteCodeOf } from '../../src/app/pp-invite.ts';

const sha = 'a'.repeat(64);

describe('peer protocol guards', () => {
  it('accept well-shaped requests and refuse the rest', () => {
    expect(isPeerRequest({ type: 'PEER_INVENTORY', payload: {} })).toBe(true);
    expect(isPeerRequest({ type: 'PEER_BUNDLE', payload: { ids: ['a', 'b'] } })).toBe(true);
    expect(isPeerRequest({ type: 'PEER_IMPORT', payload: { bundle: new Uint8Array(1), expected: [{ id: 'a', rev: 1, sha256: sha }] } })).toBe(true);
    expect(isPeerRequest({ type: 'INVITE_APPLY', payload: { code: '1.x' } })).toBe(true);
    expect(isPeerRequest({ type: 'PEER_INVENTORY', payload: { x: 1 } })).toBe(false);
    expect(isPeerRequest({ type: 'PEER_BUNDLE', payload: { ids: [1] } })).toBe(false);
    expect(isPeerRequest({ type: 'PEER_BUNDLE', payload: { ids: Array(10_001).fill('a') } })).toBe(false);
    expect(isPeerRequest({ type: 'PEER_IMPORT', payload: { bundle: [1, 2], expected: [] } })).toBe(false);
    expect(isPeerRequest({ type: 'PEER_IMPORT', payload: { bundle: new Uint8Array(1), expected: [{ id: 'a', rev: 1.5, sha256: sha }] } })).toBe(false);
    expect(isPeerRequest({ type: 'GET_STATUS', payload: {} })).toBe(false);
    expect(isPeerRequest(null)).toBe(false);
  });

  it('check reply shapes', () => {
    expect(isPeerReply({ ok: true, type: 'INVITE_APPLY', payload: { outcome: 'added', version: 2, storedVersion: 1, mirrors: ['https://a.example/'] } }, 'INVITE_APPLY')).toBe(true);
    expect(isPeerReply({ ok: true, type: 'INVITE_APPLY', payload: { outcome: 'maybe', version: 2, storedVersion: 1, mirrors: [] } }, 'INVITE_APPLY')).toBe(false);
    expect(isPeerReply({ ok: false, type: 'PEER_IMPORT', error: { code: 'BAD_SIGNATURE', message: 'x' } }, 'PEER_IMPORT')).toBe(true);
    expect(isPeerReply({ ok: true, type: 'PEER_IMPORT', payload: { carried: ['a'], stored: 1 } }, 'PEER_BUNDLE')).toBe(false);
  });

  it('find the invite code in a link, a fragment or alone', () => {
    expect(inviteCodeOf('https://news.example/invite#1.abc')).toBe('1.abc');
    expect(inviteCodeOf('#1.abc')).toBe('1.abc');
    expect(inviteCodeOf(' 1.abc ')).toBe('1.abc');
    expect(inviteCodeOf('https://news.example/invite')).toBeUndefined();
    expect(inviteCodeOf('PPO1xyz')).toBeUndefined();
  });
});
