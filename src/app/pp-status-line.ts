/**
 * `<pp-status-line>`: the truth about the stored news, always visible under the header.
 *
 * It says (invariant 5): when the data was last refreshed and from which mirror; the progress of
 * a running sync (articles and bytes); when the newest signed data is past its expiry, a plain
 * warning that fresh news could not be fetched and since when; why the last attempt failed, per
 * mirror; and when the app cannot sync at all (no service worker, offline). It never says more
 * than the worker reported. Relative times are refreshed every 30 s.
 *
 * Its height does not jump as the state changes (a layout shift of everything under it): the
 * sentence shares one grid cell with an invisible copy of the sentence it most likely becomes (the
 * last "updated" sentence while a sync runs; before the worker answers, that sentence for now and
 * the address the app came from), so the cell is as tall as the taller of the two.
 */
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import type { SyncStatus } from '../shared/protocol.ts';
import { explainError } from './explain.ts';
import { formatBytes, formatDateTime, formatMoment, mirrorLabel } from './i18n/format.ts';
import { LocaleController, msg } from './i18n/locale.ts';
import type { Messages } from './i18n/messages.ts';
import { BASE } from './router.ts';
import { appState, StateController } from './state.ts';
import { shared } from './styles.ts';
import { requestSync } from './sync-trigger.ts';
import { clockBehind, isStale, statusStatement, syncFeedback, type SyncFeedback } from './view-model.ts';

/** A failure reason code in plain words (the status sentence and the Sync now feedback). */
export function reasonText(m: Messages, code: string): string {
  if (code === 'ALL_MIRRORS_FAILED') return m.errALL_MIRRORS_FAILED;
  if (code === 'STORAGE') return m.reasonStorage;
  if (code === 'STORAGE_FULL') return m.reasonStorageFull;
  if (code === 'NO_WORKER' || code === 'TIMEOUT' || code === 'BAD_REPLY') return m.errNoWorker;
  return m.reasonMirror(explainError(m, code));
}

/** "Last updated <when> from <mirror>": the sentence of a successful sync. */
function updatedSentence(m: Messages, at: number, mirror: string | undefined, now: number): string {
  return mirror ? m.lastUpdated(formatMoment(at, now), mirrorLabel(mirror)) : m.lastUpdatedNoMirror(formatMoment(at, now));
}

function phaseText(m: Messages, s: SyncStatus): string {
  switch (s.phase) {
    case 'timestamp':
      return m.phaseTimestamp;
    case 'root':
      return m.phaseRoot;
    case 'manifest':
      return m.phaseManifest;
    case 'index':
      return m.phaseIndex;
    case 'packs':
      return m.phasePacks;
    case 'commit':
      return m.phaseCommit;
    default:
      return m.syncing;
  }
}

/** The sync status line. */
export class PpStatusLine extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        max-width: 46rem;
        margin: 0 auto;
        padding: 0.5rem 1rem;
        font-size: 0.95rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 1rem;
      }
      .slot {
        display: grid;
        flex: 1 1 16rem;
      }
      .slot > * {
        grid-area: 1 / 1;
      }
      .sizer {
        visibility: hidden;
      }
      .summary {
        margin: 0;
      }
      .warn,
      details {
        margin: 0.5rem 0 0;
      }
      .warn p {
        margin: 0.2rem 0;
      }
      progress {
        width: 100%;
        height: 0.6rem;
        accent-color: var(--pp-accent);
      }
      ul {
        margin: 0.3rem 0;
        padding-inline-start: 1.2rem;
      }
      button[aria-disabled='true'] {
        opacity: 0.75;
        cursor: progress;
      }
      .code {
        font-size: 0.85em;
      }
      .feedback {
        margin: 0.3rem 0 0;
        font-weight: 600;
      }
    `,
  ];

  private _timer: ReturnType<typeof setInterval> | undefined;
  /** A "Sync now" request is on its way (the button stays disabled until the worker answers). */
  declare private _pending: boolean;
  /** What the last "Sync now" press came to (shown next to the button until the next press). */
  declare private _feedback: SyncFeedback | undefined;

  static override properties = {
    _pending: { state: true },
    _feedback: { state: true },
  };
  /** Last announced state, so the live region speaks only on transitions (not every minute). */
  private _lastKey = '';
  private _announcement = '';

  constructor() {
    super();
    this._pending = false;
    this._feedback = undefined;
    new LocaleController(this);
    new StateController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._timer = setInterval(() => this.requestUpdate(), 30_000);
  }

  override disconnectedCallback(): void {
    clearInterval(this._timer);
    super.disconnectedCallback();
  }

  protected override willUpdate(): void {
    const s = appState.status;
    const key = s ? `${s.state}|${s.lastOutcome ?? ''}|${s.lastAttemptAt ?? ''}` : '';
    if (key === this._lastKey) return;
    const first = this._lastKey === '';
    this._lastKey = key;
    if (first || !s) return;
    const m = msg();
    if (s.state === 'syncing') this._announcement = m.syncing;
    else this._announcement = String(this._sentence(m, Date.now()));
  }

  private _onSyncNow(): void {
    if (this._pending) return;
    if (!appState.online) {
      this._feedback = { kind: 'offline' };
      return;
    }
    if (appState.status?.state === 'syncing') {
      this._feedback = { kind: 'started' };
      return;
    }
    this._pending = true;
    this._feedback = { kind: 'started' };
    void requestSync('button').then((r) => {
      this._pending = false;
      this._feedback = r.error === 'OFFLINE' ? { kind: 'offline' } : syncFeedback(r.status, r.error);
    });
  }

  private _feedbackText(m: Messages, f: SyncFeedback): string {
    switch (f.kind) {
      case 'started':
        return m.feedbackStarted;
      case 'elsewhere':
        return m.feedbackElsewhere;
      case 'nothing-new':
        return m.feedbackNothingNew;
      case 'new':
        return m.feedbackNew(f.added, f.removed);
      case 'failed':
        return m.feedbackFailed(reasonText(m, f.reason));
      case 'offline':
        return m.feedbackOffline;
    }
  }

  /** The one sentence (view-model.ts statusStatement). */
  private _sentence(m: Messages, now: number): string | TemplateResult {
    const st = statusStatement(appState.status, appState.online);
    const shown = (at: number | undefined, mirror: string | undefined): string => (at === undefined ? m.statusNothingStored : updatedSentence(m, at, mirror, now));
    switch (st.kind) {
      case 'pending':
        return appState.worker === 'starting' ? m.statusPending : '';
      case 'syncing':
        return phaseText(m, st.status);
      case 'failed':
        return `${m.statusFailed(formatMoment(st.at, now), reasonText(m, st.reason))} ${st.lastSuccessAt === undefined ? m.statusNothingStored : m.statusShowingFrom(formatMoment(st.lastSuccessAt, now))}`;
      case 'offline':
        return `${m.statusOffline} ${shown(st.lastSuccessAt, st.lastSuccessMirror)}`;
      case 'updated':
        return shown(st.at, st.mirror);
      case 'never':
        return m.neverUpdated;
    }
  }

  /**
   * The invisible stand-in that keeps the slot's height (see the header): while syncing or before
   * the worker answers, the "updated" sentence that will most likely follow. Hidden from
   * assistive technology; nothing while the real sentence is that one.
   */
  private _sizer(m: Messages, now: number): TemplateResult | typeof nothing {
    const s = appState.status;
    if (s !== undefined && s.state !== 'syncing') return nothing;
    const at = s?.lastSuccessAt ?? now;
    // Before any success: the address the app came from, usually the mirror a first sync reaches.
    const mirror = s?.lastSuccessMirror ?? new URL(BASE, location.href).href;
    return html`<p class="summary sizer" aria-hidden="true">${updatedSentence(m, at, mirror, now)} <span class="muted">${m.publishedAt(formatDateTime(s?.publishedAt ?? now))}</span></p>`;
  }

  private _progress(m: Messages, s: SyncStatus): TemplateResult {
    const p = s.progress;
    return html`<div>
      ${p ? html`<p class="summary">${m.progress(p.articlesDone, p.articlesTotal, formatBytes(p.bytes))}</p>` : nothing}
      ${p && p.articlesTotal > 0
        ? html`<progress max=${p.articlesTotal} value=${p.articlesDone} aria-label=${phaseText(m, s)}></progress>`
        : html`<progress aria-label=${phaseText(m, s)}></progress>`}
    </div>`;
  }

  private _failure(m: Messages, s: SyncStatus): TemplateResult | typeof nothing {
    if (s.state === 'syncing' || s.lastOutcome !== 'failed' || s.lastAttemptAt === undefined) return nothing;
    const errors = s.lastErrors ?? [];
    return html`<details>
      <summary>${m.failureDetails(errors.length || 1)}</summary>
      <ul>
        ${errors.length === 0 ? html`<li>${m.errOther('UNKNOWN')}</li>` : nothing}
        ${errors.map(
          (e) => html`<li>
            ${e.mirror ? html`<strong>${mirrorLabel(e.mirror)}</strong>: ` : nothing}${explainError(m, e.code)}
            <span class="muted code">(${e.code})</span>
          </li>`,
        )}
      </ul>
    </details>`;
  }

  override render(): TemplateResult {
    const m = msg();
    const now = Date.now();
    const s = appState.status;
    const syncing = s?.state === 'syncing';
    const worker = appState.worker;
    const canSync = worker === 'ready' || worker === 'starting';
    return html`<section aria-label=${m.statusLabel}>
      <p class="visually-hidden" role="status">${this._announcement}</p>
      <div class="row">
        <div class="slot">
          <div>
            <p class="summary">
              ${this._sentence(m, now)}
              ${s?.publishedAt !== undefined && !syncing ? html` <span class="muted">${m.publishedAt(formatDateTime(s.publishedAt))}</span>` : nothing}
            </p>
            ${syncing && s ? this._progress(m, s) : nothing}
          </div>
          ${this._sizer(m, now)}
        </div>
        ${canSync ? html`<button @click=${this._onSyncNow} aria-disabled=${syncing || this._pending ? 'true' : 'false'}>${syncing || this._pending ? m.syncing : m.syncNow}</button>` : nothing}
      </div>
      ${this._feedback && !(this._feedback.kind === 'started' && !syncing && !this._pending) ? html`<p class="feedback" role="status">${this._feedbackText(m, this._feedback)}</p>` : nothing}
      ${isStale(s, now) && s?.freshUntil !== undefined
        ? html`<div class="warn" role="alert">
            <p><strong>${m.staleWarning(formatMoment(s.freshUntil, now))}</strong></p>
            <p>${m.staleHint}</p>
          </div>`
        : nothing}
      ${clockBehind(s, now) && s?.publishedAt !== undefined
        ? html`<div class="warn" role="alert">
            <p><strong>${m.clockBehind(formatDateTime(s.publishedAt))}</strong></p>
            <p>${m.clockHint}</p>
          </div>`
        : nothing}
      ${s && s.lastOutcome !== 'failed' && s.lastErrors?.some((e) => e.code === 'WITHDRAWN') ? html`<p class="warn" role="status">${m.withdrawnNotice}</p>` : nothing}
      ${worker === 'unsupported' ? html`<p class="warn">${m.noWorker}</p>` : nothing}
      ${worker === 'unreachable' ? html`<p class="warn">${m.workerUnreachable}</p>` : nothing}
      ${appState.requestError && worker !== 'unsupported' ? html`<p class="error">${explainError(m, appState.requestError.code)}</p>` : nothing}
      ${s ? this._failure(m, s) : nothing}
    </section>`;
  }
}

customElements.define('pp-status-line', PpStatusLine);

declare global {
  interface HTMLElementTagNameMap {
    'pp-status-line': PpStatusLine;
  }
}
