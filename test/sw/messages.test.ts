/** The worker side of the protocol: guarded receipt, one reply per request, errors as replies. */
import { describe, expect, it, vi } from 'vitest';
import { answer, onMessage, type RequestEvent, type RequestHandlers } from '../../src/sw/messages.ts';
import { isReply } from '../../src/shared/protocol.ts';
import { PigeonError } from '../../src/core/errors.ts';

const status = { state: 'idle', articleCount: 3 } as const;

function handlers(over: Partial<RequestHandlers> = {}): RequestHandlers {
  return {
    GET_STATUS: async () => status,
    SYNC_NOW: async () => ({ ...status, lastOutcome: 'updated' }),
    GET_MIRRORS: async () => [{ url: 'http://127.0.0.1:1/', source: 'bootstrap', summary: 'not tried yet', state: 'untried' }],
    ERASE_ALL: async () => ({ erased: true }),
    SKIP_WAITING: async () => ({ ok: true }),
    IMPORT_SHARE: async () => ({ ok: true, publisher: { name: 'Demo', site: 'demo', fingerprint: '0000' }, stories: [] }),
    SYNC_FROM_FILE: async () => status,
    TAKE_SHARED_FILES: async () => [],
    SET_RETENTION: async () => ({ dropped: 2 }),
    ...over,
  };
}

class FakeClient {
  readonly type = 'window';
}

/** A minimal ExtendableMessageEvent: data, a port that records replies, waitUntil collecting promises. */
function event(data: unknown, source: unknown = new FakeClient()) {
  const replies: unknown[] = [];
  const waits: Promise<unknown>[] = [];
  const e = { data, source, ports: [{ postMessage: (m: unknown) => replies.push(m) }], waitUntil: (p: Promise<unknown>) => waits.push(p) };
  return { e: e as RequestEvent, replies, settle: () => Promise.all(waits) };
}

describe('worker messages', () => {
  it('answers every request type with a reply that passes the page guard', async () => {
    for (const type of ['GET_STATUS', 'SYNC_NOW', 'GET_MIRRORS', 'ERASE_ALL', 'SKIP_WAITING'] as const) {
      const { e, replies, settle } = event({ type, payload: {} });
      onMessage(e, handlers());
      await settle();
      expect(replies).toHaveLength(1);
      expect(isReply(replies[0], type), type).toBe(true);
    }
  });

  it('refuses malformed requests without calling any handler', async () => {
    const spy = vi.fn(async () => status);
    for (const data of [null, 'SYNC_NOW', { type: 'SYNC_NOW' }, { type: 'SYNC_NOW', payload: { force: true } }, { type: 'DROP_TABLES', payload: {} }, { type: 'GET_STATUS', payload: [] }]) {
      const { e, replies } = event(data);
      onMessage(e, handlers({ GET_STATUS: spy, SYNC_NOW: spy }));
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({ ok: false, error: { code: 'MALFORMED' } });
    }
    expect(spy).not.toHaveBeenCalled();
  });

  it("answers workbox-window's bare { type: 'SKIP_WAITING' } (messageSkipWaiting sends no payload)", async () => {
    const spy = vi.fn(async () => ({ ok: true }) as const);
    const { e, replies, settle } = event({ type: 'SKIP_WAITING' });
    onMessage(e, handlers({ SKIP_WAITING: spy }));
    await settle();
    expect(spy).toHaveBeenCalledOnce();
    expect(isReply(replies[0], 'SKIP_WAITING')).toBe(true);
    // Only that one: any other request without a payload is still malformed.
    const other = event({ type: 'ERASE_ALL' });
    onMessage(other.e, handlers());
    expect(other.replies[0]).toMatchObject({ ok: false, error: { code: 'MALFORMED' } });
  });

  it('accepts SET_RETENTION only with a valid policy', async () => {
    const spy = vi.fn(async () => ({ dropped: 2 }));
    const good = event({ type: 'SET_RETENTION', payload: { policy: { kind: 'days', days: 30 } } });
    onMessage(good.e, handlers({ SET_RETENTION: spy }));
    await good.settle();
    expect(spy).toHaveBeenCalledWith({ policy: { kind: 'days', days: 30 } });
    expect(isReply(good.replies[0], 'SET_RETENTION')).toBe(true);
    for (const policy of [{ kind: 'days', days: 0 }, { kind: 'days', days: 1.5 }, { kind: 'size', megabytes: -1 }, { kind: 'forever' }, 'all', null]) {
      const bad = event({ type: 'SET_RETENTION', payload: { policy } });
      onMessage(bad.e, handlers({ SET_RETENTION: spy }));
      expect(bad.replies[0], JSON.stringify(policy)).toMatchObject({ ok: false, error: { code: 'MALFORMED' } });
    }
    expect(spy).toHaveBeenCalledOnce();
  });

  it('refuses messages that do not come from a window client', () => {
    const spy = vi.fn(async () => status);
    for (const source of [null, { type: 'worker' }, {}]) {
      const { e, replies } = event({ type: 'GET_STATUS', payload: {} }, source);
      onMessage(e, handlers({ GET_STATUS: spy }));
      expect(replies[0]).toMatchObject({ ok: false });
    }
    expect(spy).not.toHaveBeenCalled();
  });

  it('turns a failing handler into an error reply with its code', async () => {
    const reply = await answer({ type: 'ERASE_ALL', payload: {} }, handlers({ ERASE_ALL: async () => Promise.reject(new PigeonError('STORAGE', 'close the other tab')) }));
    expect(reply).toEqual({ ok: false, type: 'ERASE_ALL', error: { code: 'STORAGE', message: 'close the other tab' } });
    expect(isReply(reply, 'ERASE_ALL')).toBe(true);
  });
});

describe('protocol guards', () => {
  it('reject statuses with ill-typed optional fields', async () => {
    const { isSyncStatus } = await import('../../src/shared/protocol.ts');
    expect(isSyncStatus({ state: 'idle', articleCount: 1, lastErrors: [{ code: 'X', message: 'm' }], phase: 'packs', progress: { articlesDone: 1, articlesTotal: 2, bytes: 3 } })).toBe(true);
    for (const bad of [{ lastErrors: 'x' }, { lastErrors: [{ code: 1, message: 'm' }] }, { phase: 'exfiltrate' }, { lastOutcome: 'great' }, { progress: { articlesDone: '1' } }, { lastSuccessMirror: 5 }]) {
      expect(isSyncStatus({ state: 'idle', articleCount: 1, ...bad }), JSON.stringify(bad)).toBe(false);
    }
  });
});
