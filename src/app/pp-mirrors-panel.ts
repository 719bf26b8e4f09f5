/**
 * `<pp-mirrors-panel>`: every mirror the worker knows (signed list, else the bootstrap list
 * built into the app) with its health as the worker measured it (GET_MIRRORS).
 */
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import type { MirrorInfo } from '../shared/protocol.ts';
import { explainError } from './explain.ts';
import { formatDateTime, formatMoment, mirrorLabel } from './i18n/format.ts';
import { LocaleController, msg } from './i18n/locale.ts';
import { StateController } from './state.ts';
import { shared } from './styles.ts';
import { send, SwRequestError } from './sw-client.ts';
import type { Messages } from './i18n/messages.ts';
import { announceTitle, focusFirstHeading, type FocusableView } from './view.ts';

/** The badge of a mirror state: a sign and a word (never colour alone). */
function badge(m: Messages, state: MirrorInfo['state']): string {
  switch (state) {
    case 'ok':
      return `✓ ${m.mirrorOk}`;
    case 'behind':
      return `↺ ${m.mirrorBehindBadge}`;
    case 'failing':
      return `✗ ${m.mirrorFailing}`;
    case 'suspicious':
      return `⚠ ${m.mirrorSuspicious}`;
    case 'untried':
      return `? ${m.mirrorUnknown}`;
  }
}

/** One sentence about the mirror's state, from the catalogue. */
function stateLine(m: Messages, mi: MirrorInfo, now: number): string {
  switch (mi.state) {
    case 'ok':
      return mi.latencyMs !== undefined ? m.mirrorLatency(Math.round(mi.latencyMs)) : m.mirrorOk;
    case 'behind':
      return mi.behind ? m.mirrorBehind(mi.behind.version, formatDateTime(mi.behind.expires)) : m.mirrorBehindBadge;
    case 'failing':
    case 'suspicious': {
      const what = mi.errorCode ? explainError(m, mi.errorCode) : m.errOther('UNKNOWN');
      return mi.failingSince !== undefined ? m.mirrorFailingSince(what, formatMoment(mi.failingSince, now)) : what;
    }
    case 'untried':
      return m.mirrorNever;
  }
}

/** The mirrors view. */
export class PpMirrorsPanel extends LitElement implements FocusableView {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      ul {
        list-style: none;
        padding: 0;
      }
      li {
        padding: 0.75rem 0;
        border-bottom: 1px solid var(--pp-border);
      }
      h2 {
        font-size: 1.05rem;
        margin: 0;
        overflow-wrap: anywhere;
      }
      p {
        margin: 0.2rem 0 0;
      }
      .badge {
        display: inline-block;
        font-size: 0.8rem;
        border: 1px solid currentColor;
        border-radius: 1rem;
        padding: 0 0.5rem;
        margin-inline-start: 0.5rem;
        vertical-align: middle;
      }
      .ok {
        color: #166534;
      }
      .failing,
      .suspicious {
        color: var(--pp-error);
      }
      .behind {
        color: var(--pp-warn-text);
      }
      @media (prefers-color-scheme: dark) {
        .ok {
          color: #86efac;
        }
      }
    `,
  ];

  declare private _mirrors: readonly MirrorInfo[] | undefined;
  declare private _error: string | undefined;

  static override properties = {
    _mirrors: { state: true },
    _error: { state: true },
  };

  constructor() {
    super();
    this._mirrors = undefined;
    this._error = undefined;
    new LocaleController(this);
    new StateController(this);
  }

  get viewTitle(): string {
    return msg().mirrorsHeading;
  }

  focusHeading(): void {
    focusFirstHeading(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    announceTitle(this);
    void this._load();
  }

  private async _load(): Promise<void> {
    try {
      this._mirrors = await send('GET_MIRRORS', {});
      this._error = undefined;
    } catch (e) {
      this._error = e instanceof SwRequestError ? explainError(msg(), e.code) : String(e);
    }
  }

  private _mirror(mi: MirrorInfo): TemplateResult {
    const m = msg();
    const now = Date.now();
    return html`<li>
      <h2 dir="ltr">
        ${mirrorLabel(mi.url)}${mi.name ? html` <span class="muted">(${mi.name})</span>` : nothing}
        <span class="badge ${mi.state}">${badge(m, mi.state)}</span>
      </h2>
      <p>${stateLine(m, mi, now)}</p>
      <p class="muted">${mi.source === 'signed' ? m.mirrorSourceSigned : m.mirrorSourceBootstrap}</p>
      <p>
        ${mi.lastSuccessAt !== undefined ? m.mirrorLastOk(formatMoment(mi.lastSuccessAt, now)) : nothing}
        ${mi.lastSuccessAt !== undefined && mi.lastFailureAt !== undefined ? ' · ' : nothing}
        ${mi.lastFailureAt !== undefined ? m.mirrorLastFail(formatMoment(mi.lastFailureAt, now)) : nothing}
      </p>
    </li>`;
  }

  override render(): TemplateResult {
    const m = msg();
    const list = this._mirrors;
    return html`<h1 tabindex="-1">${m.mirrorsHeading}</h1>
      <p>${m.mirrorsIntro}</p>
      <p><button @click=${() => void this._load()}>${m.refresh}</button></p>
      ${this._error ? html`<p class="error">${m.mirrorsUnavailable} ${this._error}</p>` : nothing}
      ${list === undefined && !this._error ? html`<p class="muted">${m.loading}</p>` : nothing}
      ${list && list.length === 0 ? html`<p>${m.mirrorsEmpty}</p>` : nothing}
      ${list && list.length > 0 ? html`<ul>${list.map((mi) => this._mirror(mi))}</ul>` : nothing}`;
  }
}

customElements.define('pp-mirrors-panel', PpMirrorsPanel);

declare global {
  interface HTMLElementTagNameMap {
    'pp-mirrors-panel': PpMirrorsPanel;
  }
}
