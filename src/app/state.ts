/**
 * What the page knows about the worker and the stored data, shared by every component: the last
 * SyncStatus (from GET_STATUS replies and STATUS_CHANGED broadcasts), a counter bumped when
 * articles change, whether a worker exists at all, connectivity, and a waiting app update.
 * main.ts feeds it; components subscribe through StateController.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SyncStatus } from '../shared/protocol.ts';

/** Whether the page can talk to its worker. */
export type WorkerState = 'starting' | 'ready' | 'unsupported' | 'unreachable';

/** The shared page state. */
export class AppState extends EventTarget {
  status: SyncStatus | undefined = undefined;
  worker: WorkerState = 'starting';
  /** Last page-side error of a request to the worker (shown by the status line). */
  requestError: { code: string; message: string } | undefined = undefined;
  /** Bumped whenever the stored articles change; views reload when it moves. */
  articlesVersion = 0;
  online: boolean = typeof navigator === 'undefined' ? true : navigator.onLine;
  /** A new app version waiting for the reader's consent (SKIP_WAITING). */
  updateWaiting: ServiceWorker | undefined = undefined;

  /** Apply `patch` and notify subscribers. */
  set(patch: Partial<Pick<AppState, 'status' | 'worker' | 'requestError' | 'online' | 'updateWaiting'>>): void {
    Object.assign(this, patch);
    this.dispatchEvent(new Event('change'));
  }

  /** Record that the stored articles changed. */
  articlesChanged(): void {
    this.articlesVersion++;
    this.dispatchEvent(new Event('change'));
  }
}

/** The page's single state object. */
export const appState = new AppState();

/** Re-renders its host whenever the shared state changes. */
export class StateController implements ReactiveController {
  private readonly _onChange = (): void => this._host.requestUpdate();
  constructor(private readonly _host: ReactiveControllerHost) {
    _host.addController(this);
  }
  hostConnected(): void {
    appState.addEventListener('change', this._onChange);
  }
  hostDisconnected(): void {
    appState.removeEventListener('change', this._onChange);
  }
}
