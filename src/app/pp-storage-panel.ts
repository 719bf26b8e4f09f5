/**
 * `<pp-storage-panel>`: storage the reader controls, shown in Settings.
 *
 * - Space used and available (`navigator.storage.estimate()`) and whether the browser keeps the
 *   data when space runs low (`navigator.storage.persisted()`), with a button to ask for that
 *   (asked by itself only on the first save or import: persist.ts, never on load).
 * - What is stored: articles, the reader's saved ones, images.
 * - The retention setting (keep everything, the last N days, at most N MB). Applying it sends
 *   SET_RETENTION: the worker stores it and drops what it no longer keeps in one transaction,
 *   holding the sync lock; it is applied again after every sync (core/sync/retention.ts).
 */
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { siteConfig } from 'virtual:pigeonpost-site';
import { RETENTION_LIMITS, type RetentionPolicy } from '../core/sync/retention.ts';
import { getDb, loadRetention, storedCounts } from '../shared/db/index.ts';
import { explainError } from './explain.ts';
import { formatBytes } from './i18n/format.ts';
import { LocaleController, msg } from './i18n/locale.ts';
import { appState, StateController } from './state.ts';
import { settingsSections, shared } from './styles.ts';
import { send, SwRequestError } from './sw-client.ts';

interface SpaceInfo {
  readonly usage?: number;
  readonly quota?: number;
  readonly persisted?: boolean;
}

type Kind = RetentionPolicy['kind'];

/** Form values the panel starts with when the stored policy is of another kind. */
const DEFAULT_DAYS = 30;
const DEFAULT_MEGABYTES = 200;

/** The storage panel. */
export class PpStoragePanel extends LitElement {
  static override styles = [
    shared,
    settingsSections,
    css`
      fieldset {
        border: 1px solid var(--pp-border);
        border-radius: 0.4rem;
        padding: 0.5rem 0.8rem;
        margin: 0.5rem 0;
      }
      legend {
        padding: 0 0.3rem;
        font-weight: 600;
      }
      .choice {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.3rem 0.6rem;
        margin: 0.4rem 0;
      }
      input[type='number'] {
        font: inherit;
        width: 7rem;
        min-height: 2.2rem;
        padding: 0.1rem 0.4rem;
        border: 1px solid var(--pp-muted);
        border-radius: 0.4rem;
        background: var(--pp-surface);
        color: var(--pp-text);
      }
    `,
  ];

  declare private _space: SpaceInfo | undefined;
  declare private _counts: { articles: number; saved: number; images: number } | null | undefined;
  declare private _kind: Kind;
  declare private _days: string;
  declare private _megabytes: string;
  declare private _busy: boolean;
  declare private _outcome: { kind: 'ok' | 'error'; text: string } | undefined;
  declare private _persistDenied: boolean;
  private _countsVersion = -1;

  static override properties = {
    _space: { state: true },
    _counts: { state: true },
    _kind: { state: true },
    _days: { state: true },
    _megabytes: { state: true },
    _busy: { state: true },
    _outcome: { state: true },
    _persistDenied: { state: true },
  };

  constructor() {
    super();
    this._space = undefined;
    this._counts = undefined;
    this._kind = 'all';
    this._days = String(DEFAULT_DAYS);
    this._megabytes = String(DEFAULT_MEGABYTES);
    this._busy = false;
    this._outcome = undefined;
    this._persistDenied = false;
    new LocaleController(this);
    new StateController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this._loadPolicy();
  }

  protected override willUpdate(): void {
    // Counts and space change with every sync, import and drop.
    if (this._countsVersion !== appState.articlesVersion) {
      this._countsVersion = appState.articlesVersion;
      void this._refresh();
    }
  }

  private async _refresh(): Promise<void> {
    const s = navigator.storage;
    const [estimate, persisted, counts] = await Promise.all([
      s?.estimate?.().catch(() => undefined),
      s?.persisted?.().catch(() => undefined),
      storedCounts(siteConfig.id).catch(() => null),
    ]);
    this._space = {
      ...(estimate?.usage !== undefined ? { usage: estimate.usage } : {}),
      ...(estimate?.quota !== undefined ? { quota: estimate.quota } : {}),
      ...(persisted !== undefined ? { persisted } : {}),
    };
    this._counts = counts;
  }

  private async _loadPolicy(): Promise<void> {
    const { policy } = await loadRetention(await getDb(siteConfig.id)).catch(() => ({ policy: { kind: 'all' } as RetentionPolicy }));
    this._kind = policy.kind;
    if (policy.kind === 'days') this._days = String(policy.days);
    if (policy.kind === 'size') this._megabytes = String(policy.megabytes);
  }

  private async _onPersist(): Promise<void> {
    const granted = await navigator.storage?.persist?.().catch(() => false);
    this._persistDenied = !granted;
    await this._refresh();
  }

  /** The policy the form describes, or an error text for an out-of-range number. */
  private _policy(): RetentionPolicy | string {
    const m = msg();
    if (this._kind === 'all') return { kind: 'all' };
    const [text, min, max] = this._kind === 'days' ? [this._days, RETENTION_LIMITS.minDays, RETENTION_LIMITS.maxDays] : [this._megabytes, RETENTION_LIMITS.minMegabytes, RETENTION_LIMITS.maxMegabytes];
    const n = Number(text.trim());
    if (!/^\d+$/.test(text.trim()) || n < min || n > max) return m.retentionInvalid(min, max);
    return this._kind === 'days' ? { kind: 'days', days: n } : { kind: 'size', megabytes: n };
  }

  private async _onApply(event: Event): Promise<void> {
    event.preventDefault();
    if (this._busy) return;
    const m = msg();
    const policy = this._policy();
    if (typeof policy === 'string') {
      this._outcome = { kind: 'error', text: policy };
      return;
    }
    this._busy = true;
    this._outcome = undefined;
    try {
      const { dropped } = await send('SET_RETENTION', { policy });
      this._outcome = { kind: 'ok', text: m.retentionApplied(dropped) };
    } catch (e) {
      const code = e instanceof SwRequestError ? e.code : 'NO_WORKER';
      this._outcome = { kind: 'error', text: m.retentionFailed(explainError(m, code)) };
    } finally {
      this._busy = false;
      await this._refresh();
    }
  }

  private _spaceLines(): TemplateResult {
    const m = msg();
    const s = this._space;
    if (s === undefined) return html`<p class="muted">${m.loading}</p>`;
    return html`${s.usage !== undefined && s.quota !== undefined ? html`<p>${m.storageUsage(formatBytes(s.usage), formatBytes(s.quota))}</p>` : html`<p class="muted">${m.storageUnknown}</p>`}
    ${s.persisted === true ? html`<p>${m.storagePersisted}</p>` : nothing}
    ${s.persisted === false
      ? html`<p>${m.storageNotPersisted}</p>
          <p><button @click=${() => void this._onPersist()}>${m.storagePersistButton}</button></p>
          ${this._persistDenied ? html`<p class="muted" role="status">${m.storagePersistDenied}</p>` : nothing}`
      : nothing}
    ${this._counts === null ? html`<p class="muted">${m.storageCountsFailed}</p>` : this._counts ? html`<p>${m.storageCounts(this._counts.articles, this._counts.saved, this._counts.images)}</p>` : nothing}`;
  }

  private _choice(kind: Kind, label: string, input?: { id: string; label: string; value: string; set: (v: string) => void; max: number; min: number }): TemplateResult {
    return html`<div class="choice">
      <input type="radio" name="retention" id=${`keep-${kind}`} .checked=${this._kind === kind} @change=${() => (this._kind = kind)} />
      <label for=${`keep-${kind}`}>${label}</label>
      ${input
        ? html`<label for=${input.id} class="muted">${input.label}</label>
            <input
              type="number"
              id=${input.id}
              inputmode="numeric"
              min=${input.min}
              max=${input.max}
              step="1"
              .value=${input.value}
              @focus=${() => (this._kind = kind)}
              @input=${(e: Event) => input.set((e.target as HTMLInputElement).value)}
            />`
        : nothing}
    </div>`;
  }

  override render(): TemplateResult {
    const m = msg();
    return html`<section aria-labelledby="storage-h">
      <h2 id="storage-h">${m.storageHeading}</h2>
      ${this._spaceLines()}
      <form novalidate @submit=${(e: Event) => void this._onApply(e)}>
        <p id="retention-intro">${m.retentionIntro}</p>
        <fieldset aria-describedby="retention-intro">
          <legend>${m.retentionHeading}</legend>
          ${this._choice('all', m.retentionAll)}
          ${this._choice('days', m.retentionDays, { id: 'keep-days-n', label: m.retentionDaysCount, value: this._days, set: (v) => (this._days = v), min: RETENTION_LIMITS.minDays, max: RETENTION_LIMITS.maxDays })}
          ${this._choice('size', m.retentionSize, { id: 'keep-size-n', label: m.retentionSizeCount, value: this._megabytes, set: (v) => (this._megabytes = v), min: RETENTION_LIMITS.minMegabytes, max: RETENTION_LIMITS.maxMegabytes })}
        </fieldset>
        <p><button type="submit" aria-disabled=${this._busy ? 'true' : 'false'}>${this._busy ? m.retentionApplying : m.retentionApply}</button></p>
        <div role="status">${this._outcome ? html`<p class=${this._outcome.kind === 'error' ? 'error' : ''}>${this._outcome.text}</p>` : nothing}</div>
      </form>
    </section>`;
  }
}

customElements.define('pp-storage-panel', PpStoragePanel);

declare global {
  interface HTMLElementTagNameMap {
    'pp-storage-panel': PpStoragePanel;
  }
}
