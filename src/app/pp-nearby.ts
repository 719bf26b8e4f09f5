/**
 * `<pp-nearby>`: nearby sync (format.md §10). One device starts and shows its connection code as a
 * QR code and text; the other reads it and shows an answer code back; the devices connect over a
 * WebRTC data channel on the local network and exchange the articles each lacks, every bundle
 * verified in the worker before it is stored (nearby-run.ts). Progress, a cancel button, and plain
 * words for every way it can end, including the one public Wi-Fi causes (client isolation).
 */
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { isPigeonError } from '../core/errors.ts';
import type { PeerProgress, PeerResult } from '../core/peer/session.ts';
import { explainError } from './explain.ts';
import { askPersistenceOnce } from './persist.ts';
import { formatBytes } from './i18n/format.ts';
import { LocaleController, msg } from './i18n/locale.ts';
import { runNearby } from './nearby-run.ts';
import { BASE, routeHref } from './router.ts';
import { CONNECT_MS, RtcLink, unlockHostAddresses } from './rtc-link.ts';
import { shared } from './styles.ts';
import { announceTitle, focusFirstHeading, type FocusableView } from './view.ts';
import './pp-code-reader.ts';
import './pp-qr-code.ts';

type Step = 'intro' | 'preparing' | 'offer' | 'scan-offer' | 'answer' | 'connecting' | 'syncing' | 'done' | 'failed';

/** How long the second device waits for the first to read its answer (ms). */
const ANSWER_WAIT_MS = 5 * 60_000;

export class PpNearby extends LitElement implements FocusableView {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .codes {
        display: grid;
        gap: 0.75rem;
        justify-items: start;
      }
      textarea {
        width: 100%;
        min-height: 3.5rem;
        font-family: ui-monospace, monospace;
        word-break: break-all;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      progress {
        width: 100%;
        height: 1rem;
      }
      h2 {
        font-size: 1.1rem;
      }
    `,
  ];

  declare private _step: Step;
  declare private _code: string;
  declare private _note: string;
  declare private _error: string;
  declare private _progress: PeerProgress | undefined;
  declare private _result: PeerResult | undefined;
  private _link: RtcLink | undefined;
  private _abort: AbortController | undefined;

  static override properties = {
    _step: { state: true },
    _code: { state: true },
    _note: { state: true },
    _error: { state: true },
    _progress: { state: true },
    _result: { state: true },
  };

  constructor() {
    super();
    new LocaleController(this);
    this._step = 'intro';
    this._code = '';
    this._note = '';
    this._error = '';
    this._progress = undefined;
    this._result = undefined;
  }

  get viewTitle(): string {
    return msg().nearbyHeading;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    announceTitle(this);
  }

  override disconnectedCallback(): void {
    this._abort?.abort();
    this._link?.close();
    super.disconnectedCallback();
  }

  focusHeading(): void {
    focusFirstHeading(this);
  }

  private _go(step: Step): void {
    this._step = step;
    this._note = '';
    // Focus follows the step: its heading, or the view's own on the intro (the button pressed is gone).
    void this.updateComplete.then(() => (this.renderRoot.querySelector<HTMLElement>('[data-step-heading]') ?? this.renderRoot.querySelector<HTMLElement>('h1'))?.focus());
  }

  private _reset(): void {
    this._abort?.abort();
    this._link?.close();
    this._link = undefined;
    this._code = '';
    this._error = '';
    this._progress = undefined;
    this._result = undefined;
    this._go('intro');
  }

  /** First device: make the offer. */
  private async _start(): Promise<void> {
    if (typeof RTCPeerConnection === 'undefined') return this._fail(msg().nearbyNoWebrtc);
    this._go('preparing');
    try {
      await unlockHostAddresses();
      const { link, code } = await RtcLink.offer();
      this._link = link;
      this._code = code;
      this._go('offer');
    } catch (e) {
      this._fail(this._why(e));
    }
  }

  /** First device: the answer was read. */
  private async _onAnswer(e: CustomEvent<{ text: string }>): Promise<void> {
    const link = this._link;
    if (!link) return;
    try {
      await link.accept(e.detail.text);
    } catch (err) {
      this._note = msg().nearbyBadCode(err instanceof Error ? err.message : String(err));
      return;
    }
    this._go('connecting');
    await this._connectAndSync(link, CONNECT_MS);
  }

  /** Second device: the offer was read. */
  private async _onOffer(e: CustomEvent<{ text: string }>): Promise<void> {
    if (typeof RTCPeerConnection === 'undefined') return this._fail(msg().nearbyNoWebrtc);
    this._note = msg().nearbyPreparing;
    try {
      await unlockHostAddresses();
      const { link, code } = await RtcLink.answer(e.detail.text);
      this._link = link;
      this._code = code;
      this._go('answer');
    } catch (err) {
      this._note = msg().nearbyBadCode(err instanceof Error ? err.message : String(err));
      return;
    }
    await this._connectAndSync(this._link, ANSWER_WAIT_MS);
  }

  private async _connectAndSync(link: RtcLink, waitMs: number): Promise<void> {
    const abort = new AbortController();
    this._abort = abort;
    try {
      await link.opened(waitMs, abort.signal);
    } catch (e) {
      link.close();
      if (abort.signal.aborted) return;
      return this._fail(isPigeonError(e) && (e.code === 'TIMEOUT' || e.code === 'NETWORK') ? msg().nearbyTimeout : this._why(e));
    }
    this._go('syncing');
    try {
      this._result = await runNearby(link, { signal: abort.signal, onProgress: (p) => (this._progress = p) });
      // The first stories brought in by hand: ask the browser to keep them (persist.ts).
      if (this._result.stored > 0) void askPersistenceOnce();
      this._go('done');
    } catch (e) {
      this._fail(this._why(e));
    } finally {
      this._link = undefined;
    }
  }

  private _cancel(): void {
    this._abort?.abort();
  }

  private _fail(text: string): void {
    this._error = text;
    this._link?.close();
    this._link = undefined;
    this._go('failed');
  }

  /** Plain words for how a connection or session ended. */
  private _why(e: unknown): string {
    const m = msg();
    if (!isPigeonError(e)) return m.nearbyBadCode(e instanceof Error ? e.message : String(e));
    const peerCode = e.detail?.['peerCode'];
    if (typeof peerCode === 'string') return peerCode === 'WRONG_SITE' ? m.nearbyOtherPublisher : peerCode === 'ABORTED' ? m.nearbyPeerCancelled : m.nearbyPeerEnded(explainError(m, peerCode));
    switch (e.code) {
      case 'ABORTED':
        return m.nearbyCancelled;
      case 'WRONG_SITE':
        return m.nearbyOtherPublisher;
      case 'NETWORK':
        return m.nearbyClosed;
      default:
        return m.nearbyDropped(explainError(m, e.code));
    }
  }

  private async _copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this._code);
      this._note = msg().nearbyCopied;
    } catch {
      // Not allowed here: select the text for the reader to copy, and say so.
      const box = this.renderRoot.querySelector('textarea');
      box?.focus();
      box?.select();
      this._note = msg().copySelected;
    }
  }

  private _codeBlock(word: string): TemplateResult {
    const m = msg();
    return html`<div class="codes">
      <pp-qr-code .text=${this._code} .label=${m.nearbyQrLabel(word)}></pp-qr-code>
      <label for="code">${m.nearbyCodeLabel}</label>
      <textarea id="code" readonly .value=${this._code}></textarea>
      <div class="row"><button @click=${() => void this._copy()}>${m.nearbyCopy}</button></div>
    </div>`;
  }

  private _body(): TemplateResult {
    const m = msg();
    switch (this._step) {
      case 'intro':
        return html`<p>${m.nearbyIntro}</p>
          <p class="muted">${m.nearbyCameraNote}</p>
          <p><a href=${routeHref({ name: 'invite' }, BASE)}>${m.nearbyInviteLink}</a></p>
          <div class="row">
            <button class="primary" @click=${() => void this._start()}>${m.nearbyStart}</button>
            <button @click=${() => this._go('scan-offer')}>${m.nearbyJoin}</button>
          </div>`;
      case 'preparing':
        return html`<p data-step-heading tabindex="-1">${m.nearbyPreparing}</p>`;
      case 'offer':
        return html`<h2 data-step-heading tabindex="-1">${m.nearbyOfferHeading}</h2>
          <p>${m.nearbyOfferHelp}</p>
          ${this._codeBlock(m.nearbyOfferWord)}
          <h2>${m.nearbyReadAnswer}</h2>
          <pp-code-reader @pp-code=${(e: CustomEvent<{ text: string }>) => void this._onAnswer(e)}></pp-code-reader>
          <div class="row"><button @click=${() => this._reset()}>${m.nearbyCancel}</button></div>`;
      case 'scan-offer':
        return html`<h2 data-step-heading tabindex="-1">${m.nearbyScanOffer}</h2>
          <pp-code-reader @pp-code=${(e: CustomEvent<{ text: string }>) => void this._onOffer(e)}></pp-code-reader>
          <div class="row"><button @click=${() => this._reset()}>${m.nearbyCancel}</button></div>`;
      case 'answer':
        return html`<h2 data-step-heading tabindex="-1">${m.nearbyAnswerHeading}</h2>
          <p>${m.nearbyAnswerHelp}</p>
          ${this._codeBlock(m.nearbyAnswerWord)}
          <p>${m.nearbyConnecting}</p>
          <div class="row"><button @click=${() => this._reset()}>${m.nearbyCancel}</button></div>`;
      case 'connecting':
        return html`<p data-step-heading tabindex="-1">${m.nearbyConnecting}</p>
          <div class="row"><button @click=${() => this._reset()}>${m.nearbyCancel}</button></div>`;
      case 'syncing': {
        const p = this._progress;
        const total = (p?.wanted ?? 0) + (p?.requested ?? 0);
        const done = (p?.received ?? 0) + (p?.sent ?? 0);
        return html`<h2 data-step-heading tabindex="-1">${m.nearbySyncing}</h2>
          <progress max=${Math.max(1, total)} .value=${done} aria-label=${m.nearbySyncing}></progress>
          <p role="status">${m.nearbyProgress(p?.received ?? 0, p?.wanted ?? 0, p?.sent ?? 0, p?.requested ?? 0)}</p>
          <p class="muted">${m.nearbyBytes(formatBytes(p?.bytesIn ?? 0), formatBytes(p?.bytesOut ?? 0))}</p>
          <div class="row"><button @click=${() => this._cancel()}>${m.nearbyCancel}</button></div>`;
      }
      case 'done': {
        const r = this._result!;
        return html`<h2 data-step-heading tabindex="-1">${m.nearbyDoneHeading}</h2>
          <p role="status" data-outcome="done">${r.stored === 0 && r.sent === 0 ? m.nearbyNothing : m.nearbyStoredSent(r.stored, r.sent)}</p>
          ${r.missing > 0 ? html`<p>${m.nearbyMissing(r.missing)}</p>` : nothing}
          ${r.conflicts > 0 ? html`<p>${m.nearbyConflicts(r.conflicts)}</p>` : nothing}
          <div class="row"><button class="primary" @click=${() => this._reset()}>${m.nearbyAgain}</button></div>`;
      }
      case 'failed':
        return html`<h2 data-step-heading tabindex="-1">${m.nearbyFailedHeading}</h2>
          <p class="warn" role="alert" data-outcome="failed">${this._error}</p>
          <div class="row"><button class="primary" @click=${() => this._reset()}>${m.nearbyAgain}</button></div>`;
    }
  }

  override render(): TemplateResult {
    const m = msg();
    return html`<section aria-labelledby="nearby-h">
      <h1 id="nearby-h" tabindex="-1">${m.nearbyHeading}</h1>
      ${this._body()}
      <p role="status" aria-live="polite">${this._note}</p>
    </section>`;
  }
}

customElements.define('pp-nearby', PpNearby);

declare global {
  interface HTMLElementTagNameMap {
    'pp-nearby': PpNearby;
  }
}
