/**
 * Asking the worker to sync (app start, coming back online, the "Sync now" button, the page
 * becoming visible again) and recording the outcome in the shared state.
 */
import type { SyncStatus } from '../shared/protocol.ts';
import { send, SwRequestError, workerSupported } from './sw-client.ts';
import { appState } from './state.ts';

/** Why the page asked (for debugging; the worker's own triggers are separate). */
export type PageTrigger = 'start' | 'online' | 'button' | 'visible';

/** What a sync request came to: the worker's status after the run, or the request's error code. */
export interface SyncReply {
  readonly status?: SyncStatus;
  readonly error?: string;
}

/**
 * Ask for a sync; resolves when the worker answers (after the sync). Never throws. While the
 * device is offline nothing is asked: an attempt could only fail, and would count against mirrors
 * that did nothing wrong.
 */
export async function requestSync(_trigger: PageTrigger): Promise<SyncReply> {
  if (!workerSupported()) return { error: 'NO_WORKER' };
  if (!navigator.onLine) return { error: 'OFFLINE' };
  try {
    const status = await send('SYNC_NOW', {});
    appState.set({ status, worker: 'ready', requestError: undefined });
    return { status };
  } catch (e) {
    const err = e instanceof SwRequestError ? { code: e.code, message: e.message } : { code: 'NO_WORKER', message: String(e) };
    // The worker's own status says what happened to the sync; re-read it if we can.
    try {
      appState.set({ status: await send('GET_STATUS', {}), requestError: err.code === 'TIMEOUT' ? undefined : err });
    } catch {
      appState.set({ requestError: err, worker: 'unreachable' });
    }
    return { error: err.code };
  }
}

/** Read the current status into the shared state. */
export async function refreshStatus(): Promise<void> {
  try {
    appState.set({ status: await send('GET_STATUS', {}), worker: 'ready' });
  } catch (e) {
    appState.set({ worker: 'unreachable', requestError: e instanceof SwRequestError ? { code: e.code, message: e.message } : { code: 'NO_WORKER', message: String(e) } });
  }
}
