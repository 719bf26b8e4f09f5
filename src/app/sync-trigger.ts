/**
 * Asking the worker to sync (app start, coming back online, the "Sync now" button, the page
 * becoming visible again) and recording the outcome in the shared state.
 */
import { send, SwRequestError, workerSupported } from './sw-client.ts';
import { appState } from './state.ts';

/** Why the page asked (for debugging; the worker's own triggers are separate). */
export type PageTrigger = 'start' | 'online' | 'button' | 'visible';

/** Ask for a sync; resolves when the worker answers (after the sync). Never throws. */
export async function requestSync(_trigger: PageTrigger): Promise<void> {
  if (!workerSupported()) return;
  try {
    const status = await send('SYNC_NOW', {});
    appState.set({ status, worker: 'ready', requestError: undefined });
  } catch (e) {
    const err = e instanceof SwRequestError ? { code: e.code, message: e.message } : { code: 'NO_WORKER', message: String(e) };
    // The worker's own status says what happened to the sync; re-read it if we can.
    try {
      appState.set({ status: await send('GET_STATUS', {}), requestError: err.code === 'TIMEOUT' ? undefined : err });
    } catch {
      appState.set({ requestError: err, worker: 'unreachable' });
    }
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
