/**
 * `<pp-invite>`: invites (format.md §11). Opened with a code in the fragment
 * (`…/invite#1.<code>`) it has the worker verify the invite against the trusted root and use its
 * mirrors when their signed list is newer than the stored one, says what happened in plain words,
 * then drops the code from the address. It also makes this reader's own invite (a link and its QR
 * code) and opens an invite read from a QR code.
 */
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { explainError } from './explain.ts';
import { LocaleController, msg } from './i18n/locale.ts';
import type { Messages } from './i18n/messages.ts';
import { peerRequest } from './peer-client.ts';
import { BASE } from './router.ts';
import { shared } from './styles.ts';
import { SwRequestError } from './sw-client.ts';
import { requestSync } from './sync-trigger.ts';
import { announceTitle, focusFirstHeading, type FocusableView } from './view.ts';
import type { PeerReplyMap } from '../shared/peer-protocol.ts';
import './pp-code-reader.ts';
import './pp-qr-code.ts';

/** The invite code in a link or a bare code (the part after "#"), or undefined. */
export function inviteCodeOf(text: string): string | undefined {
  const t = text.trim();
  const at = t.indexOf('#');
  const code = at >= 0 ? t.slice(at + 1) : t;
  return code.startsWith('1.') ? code : undefined;
}

export class PpInvite extends LitElement implements FocusableView {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      textarea {
        width: 100%;
        min-height: 4rem;
        font-family: ui-monospace, monospace;
        word-break: break-all;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin: 0.5rem 0;
      }
      h2 {
        font-size: 1.1rem;
      }
    `,
  ];

  declare private _applying: boolean;
  declare private _outcome: string;
  declare private _outcomeKind: 'added' | 'unchanged' | '';
  declare private _mine: PeerReplyMap['INVITE_CREATE'] | undefined;
  declare private _mineError: string;
  declare private _tooBig: boolean;
  declare private _note: string;

  static override properties = {
    _applying: { state: true },
    _outcome: { state: true },
    _outcomeKind: { state: true },
    _mine: { state: true },
    _mineError: { state: true },
    _tooBig: { state: true },
    _note: { state: true },
  };

  constructor() {
    super();
    new LocaleController(this);
    this._applying = false;
    this._outcome = '';
    this._outcomeKind = '';
    this._mine = undefined;
    this._mineError = '';
    this._tooBig = false;
    this._note = '';
  }

  get viewTitle(): string {
    return msg().inviteHeading;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    announceTitle(this);
    window.addEventListener('hashchange', this._onHash);
    if (!this._takeHash()) void this._loadMine();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this._onHash);
    super.disconnectedCallback();
  }

  /** An invite link opened while this view is shown changes only the fragment. */
  private readonly _onHash = (): void => void this._takeHash();

  /** Apply the invite in the address's fragment, if any; true when there was one. */
  private _takeHash(): boolean {
    const code = inviteCodeOf(location.hash);
    if (!code) return false;
    // The code leaves the address bar and this history entry at once; it was never sent anywhere.
    history.replaceState(null, '', location.pathname + location.search);
    void this._apply(code);
    return true;
  }

  focusHeading(): void {
    focusFirstHeading(this);
  }

  private async _loadMine(): Promise<void> {
    try {
      this._mine = await peerRequest('INVITE_CREATE', {});
      this._mineError = '';
    } catch (e) {
      this._mine = undefined;
      this._mineError = e instanceof SwRequestError && e.code === 'NOT_LISTED' ? msg().inviteNone : explainError(msg(), e instanceof SwRequestError ? e.code : 'INTERNAL');
    }
  }

  private async _apply(code: string): Promise<void> {
    const m = msg();
    this._applying = true;
    this._outcome = '';
    try {
      const r = await peerRequest('INVITE_APPLY', { code });
      this._outcomeKind = r.outcome === 'added' ? 'added' : 'unchanged';
      this._outcome = r.outcome === 'added' ? m.inviteAdded(r.mirrors.length) : r.outcome === 'same' ? m.inviteSame : m.inviteOlder;
      if (r.outcome === 'added') void requestSync('button');
    } catch (e) {
      this._outcomeKind = 'unchanged';
      this._outcome = refusal(m, e instanceof SwRequestError ? e.code : 'INTERNAL');
    } finally {
      this._applying = false;
      await this._loadMine();
      this._focusOutcome();
    }
  }

  /** Focus follows the action: the outcome (also announced by its live region) takes it. */
  private _focusOutcome(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[data-outcome]')?.focus());
  }

  private _link(): string {
    return this._mine ? `${location.origin}${BASE}invite#${this._mine.code}` : '';
  }

  private async _copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this._link());
      this._note = msg().nearbyCopied;
    } catch {
      // Not allowed here: select the text for the reader to copy, and say so.
      const box = this.renderRoot.querySelector('textarea');
      box?.focus();
      box?.select();
      this._note = msg().copySelected;
    }
  }

  private async _share(): Promise<void> {
    try {
      await navigator.share({ url: this._link() });
    } catch {
      // dismissed by the reader, or not allowed here: the link stays on screen
    }
  }

  private _onRead(e: CustomEvent<{ text: string }>): void {
    const code = inviteCodeOf(e.detail.text);
    if (code) void this._apply(code);
    else {
      this._outcomeKind = 'unchanged';
      this._outcome = msg().inviteDamaged;
      this._focusOutcome();
    }
  }

  override render(): TemplateResult {
    const m = msg();
    const link = this._link();
    return html`<section aria-labelledby="invite-h">
      <h1 id="invite-h" tabindex="-1">${m.inviteHeading}</h1>
      <div role="status" aria-live="polite">
        ${this._applying ? html`<p>${m.inviteChecking}</p>` : nothing}
        ${this._outcome ? html`<p class=${this._outcomeKind === 'added' ? '' : 'warn'} data-outcome=${this._outcomeKind} tabindex="-1">${this._outcome}</p>` : nothing}
      </div>
      <p>${m.inviteIntro}</p>
      ${this._mine
        ? html`<p>${m.inviteMirrors(this._mine.mirrors.length)}</p>
            ${this._tooBig ? html`<p class="warn">${m.inviteTooBig}</p>` : html`<pp-qr-code .text=${link} .label=${m.inviteQrLabel} @pp-qr-too-big=${() => (this._tooBig = true)}></pp-qr-code>`}
            <label for="link">${m.inviteLinkLabel}</label>
            <textarea id="link" readonly .value=${link}></textarea>
            <div class="row">
              <button @click=${() => void this._copy()}>${m.inviteCopy}</button>
              ${'share' in navigator ? html`<button @click=${() => void this._share()}>${m.inviteShare}</button>` : nothing}
            </div>
            <p role="status" aria-live="polite">${this._note}</p>`
        : this._mineError
          ? html`<p class="muted">${this._mineError}</p>`
          : nothing}
      <h2>${m.inviteScan}</h2>
      <pp-code-reader @pp-code=${(e: CustomEvent<{ text: string }>) => this._onRead(e)}></pp-code-reader>
    </section>`;
  }
}

/** Why an invite changed nothing, in plain words. */
function refusal(m: Messages, code: string): string {
  switch (code) {
    case 'WRONG_SITE':
      return m.inviteForeign;
    case 'UNKNOWN_KEY':
    case 'BAD_SIGNATURE':
    case 'THRESHOLD_NOT_MET':
      return m.inviteForged;
    case 'MALFORMED':
    case 'TOO_LARGE':
    case 'WRONG_TYPE':
    case 'UNSUPPORTED':
      return m.inviteDamaged;
    default:
      return m.inviteFailed(explainError(m, code));
  }
}

customElements.define('pp-invite', PpInvite);

declare global {
  interface HTMLElementTagNameMap {
    'pp-invite': PpInvite;
  }
}
