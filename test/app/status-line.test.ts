// @vitest-environment jsdom
/**
 * `<pp-status-line>` renders exactly what the worker reported: progress while syncing (articles
 * and bytes), when and from where the news was last updated, the stale warning with its date, and
 * each mirror's failure in plain words. Rendered by Lit in jsdom.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../src/shared/protocol.ts';

let appState: typeof import('../../src/app/state.ts').appState;
let el: HTMLElement & { updateComplete: Promise<boolean> };

/** Set the status and return the rendered text (whitespace collapsed). */
async function show(status: SyncStatus | undefined, patch: Partial<{ online: boolean; worker: 'starting' | 'ready' | 'unsupported' }> = {}): Promise<string> {
  appState.set({ status, worker: patch.worker ?? 'ready', online: patch.online ?? true, requestError: undefined });
  await el.updateComplete;
  return (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');
}

beforeAll(async () => {
  Object.defineProperty(navigator, 'languages', { value: ['en-GB'], configurable: true });
  ({ appState } = await import('../../src/app/state.ts'));
  await import('../../src/app/pp-status-line.ts');
  el = document.createElement('pp-status-line') as typeof el;
  document.body.append(el);
});

describe('pp-status-line', () => {
  const now = Date.now();

  it('says it is checking until the worker answers', async () => {
    const text = await show(undefined, { worker: 'starting' });
    expect(text).toContain('Checking the stored news…');
    expect(text).not.toContain('Not updated yet');
  });

  it('shows progress in articles and bytes while syncing', async () => {
    const text = await show({ state: 'syncing', phase: 'packs', progress: { articlesDone: 3, articlesTotal: 10, bytes: 1_234_567 }, articleCount: 3 });
    expect(text).toContain('Downloading articles…');
    expect(text).toMatch(/3 of 10 articles, 1\.2 MB received/);
    const progress = el.shadowRoot!.querySelector('progress')!;
    expect([progress.getAttribute('value'), progress.getAttribute('max')]).toEqual(['3', '10']);
    expect(el.shadowRoot!.querySelector('button')!.getAttribute('aria-disabled')).toBe('true');
  });

  it('says when and from which mirror the news was last updated', async () => {
    const text = await show({ state: 'idle', lastSuccessAt: now - 5 * 60_000, lastSuccessMirror: 'https://mirror-a.test/news/', lastOutcome: 'updated', lastAttemptAt: now - 5 * 60_000, publishedAt: now - 3_600_000, freshUntil: now + 86_400_000, articleCount: 12 });
    expect(text).toMatch(/Last updated 5 minutes ago \(.+\) from mirror-a\.test\/news\./);
    expect(text).toContain('Edition of ');
    expect(text).not.toContain('out of date');
    expect(text).not.toContain('looks wrong');
    expect(el.shadowRoot!.querySelector('button')!.textContent!.trim()).toBe('Sync now');
  });

  it('tells the reader when articles were withdrawn after the publisher replaced its key', async () => {
    const withdrawn = { code: 'WITHDRAWN', message: '2 stored article(s) …' };
    let text = await show({ state: 'idle', lastSuccessAt: now, lastOutcome: 'updated', lastAttemptAt: now, lastErrors: [withdrawn], publishedAt: now - 60_000, freshUntil: now + 86_400_000, articleCount: 3 });
    expect(text).toContain('The publisher has replaced its signing key.');
    // Cut short: listed with the failure instead, in plain words.
    text = await show({ state: 'idle', lastSuccessAt: now - 3_600_000, lastOutcome: 'failed', lastAttemptAt: now, lastErrors: [withdrawn, { mirror: 'https://mirror-a.test/', code: 'HASH_MISMATCH', message: 'x' }], publishedAt: now - 3_600_000, freshUntil: now + 86_400_000, articleCount: 1 });
    expect(text).not.toContain('The publisher has replaced its signing key.');
    expect(text).toContain("articles signed with the publisher's previous key were removed");
    text = await show({ state: 'idle', lastSuccessAt: now, lastOutcome: 'updated', lastAttemptAt: now, lastErrors: [], publishedAt: now - 60_000, freshUntil: now + 86_400_000, articleCount: 3 });
    expect(text).not.toContain('replaced its signing key');
  });

  it('warns when the news was signed later than the device clock says (the clock is behind)', async () => {
    const text = await show({ state: 'idle', lastSuccessAt: now, lastOutcome: 'updated', lastAttemptAt: now, publishedAt: now + 3 * 86_400_000, freshUntil: now + 4 * 86_400_000, articleCount: 12 });
    expect(text).toMatch(/The date or time on this device looks wrong: the latest news was signed on .+, which is later than this device's clock says\./);
    expect(text).toContain('Set the correct date, time and time zone');
    expect(el.shadowRoot!.querySelector('[role=alert]')).not.toBeNull();
  });

  it('warns plainly when the news is past its signed expiry, and since when', async () => {
    const text = await show({ state: 'idle', lastSuccessAt: now - 3 * 86_400_000, lastOutcome: 'failed', lastAttemptAt: now - 60_000, lastErrors: [{ mirror: 'https://mirror-a.test/', code: 'EXPIRED', message: 'expired' }], freshUntil: now - 2 * 86_400_000, articleCount: 12 });
    expect(text).toMatch(/Fresh news could not be fetched\. The stored news has been out of date since 2 days ago \(/);
    expect(el.shadowRoot!.querySelector('[role=alert]')).not.toBeNull();
  });

  it('explains each mirror’s failure in plain words', async () => {
    const text = await show({
      state: 'idle',
      lastOutcome: 'failed',
      lastAttemptAt: now - 60_000,
      lastErrors: [
        { mirror: 'https://mirror-a.test/', code: 'HASH_MISMATCH', message: 'x' },
        { mirror: 'https://mirror-b.test/', code: 'TIMEOUT', message: 'x' },
        { mirror: 'https://mirror-c.test/', code: 'NOT_BUNDLE', message: 'x' },
      ],
      articleCount: 0,
    });
    // One sentence: the attempt failed, the main reason, and that nothing is stored; details below.
    expect(text).toMatch(/The update 1 minute ago \(.+\) failed: a mirror served damaged or altered data \(rejected\)\. Nothing is stored yet\./);
    expect(text).not.toContain('Last updated');
    expect(text).toContain('What went wrong (3 mirrors or steps)');
    expect(text).toContain('mirror-a.test: served damaged or altered data (rejected)');
    expect(text).toContain('mirror-b.test: did not answer in time');
    expect(text).toContain('mirror-c.test: answered with something that is not news data');
  });

  it('says when the app cannot sync here, and when the device is offline', async () => {
    expect(await show(undefined, { worker: 'unsupported' })).toContain('does not allow this app to work offline');
    expect(await show({ state: 'idle', articleCount: 1 }, { online: false })).toContain('Offline. Nothing is stored yet.');
    expect(await show({ state: 'idle', articleCount: 1, lastSuccessAt: now - 60_000, lastSuccessMirror: 'https://mirror-a.test/', lastOutcome: 'failed', lastAttemptAt: now }, { online: false })).toMatch(/Offline\. Last updated 1 minute ago \(.+\) from mirror-a\.test\./);
  });
});
