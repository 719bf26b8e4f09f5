/**
 * `<pp-code-reader>`: reads a code the other device shows, three ways: the camera (QR codes,
 * through qr-read.ts), a picture of the code (a screenshot or photo passed along a messenger), or
 * the text pasted in. Whatever is read is handed to the host unjudged; the host checks it.
 *
 * @fires pp-code - detail `{ text }`: a code was read or pasted
 */
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { LocaleController, msg } from './i18n/locale.ts';
import { qrReader } from './qr-read.ts';
import { shared } from './styles.ts';

export class PpCodeReader extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin: 0.5rem 0;
      }
      video {
        display: block;
        width: min(22rem, 90vw);
        border-radius: 0.3rem;
        background: #000;
      }
      textarea {
        width: 100%;
        min-height: 4rem;
        font: inherit;
        font-family: ui-monospace, monospace;
        word-break: break-all;
      }
      .file {
        display: inline-flex;
        align-items: center;
        min-height: 2.5rem;
        padding: 0.4rem 0.9rem;
        border-radius: 0.4rem;
        border: 1px solid var(--pp-accent);
        background: var(--pp-surface);
        color: var(--pp-accent);
        cursor: pointer;
        position: relative;
      }
      .file:focus-within {
        outline: 3px solid var(--pp-focus);
        outline-offset: 2px;
      }
    `,
  ];

  declare private _scanning: boolean;
  declare private _note: string;
  private _stream: MediaStream | undefined;
  private _timer: ReturnType<typeof setTimeout> | undefined;

  static override properties = {
    _scanning: { state: true },
    _note: { state: true },
  };

  constructor() {
    super();
    new LocaleController(this);
    this._scanning = false;
    this._note = '';
  }

  override disconnectedCallback(): void {
    this._stop();
    super.disconnectedCallback();
  }

  private _emit(text: string): void {
    this._stop();
    this.dispatchEvent(new CustomEvent('pp-code', { detail: { text }, bubbles: true, composed: true }));
  }

  private async _scan(): Promise<void> {
    const m = msg();
    try {
      this._note = m.scanLoading;
      const read = await qrReader();
      this._stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      this._scanning = true;
      this._note = '';
      await this.updateComplete;
      const video = this.renderRoot.querySelector('video')!;
      video.srcObject = this._stream;
      await video.play();
      const tick = async (): Promise<void> => {
        if (!this._scanning) return;
        try {
          if (video.readyState >= 2) {
            const text = await read(video);
            if (text) return this._emit(text);
          }
        } catch {
          // a frame that could not be read: try the next one
        }
        this._timer = setTimeout(() => void tick(), 250);
      };
      void tick();
    } catch {
      this._stop();
      this._note = m.scanNoCamera;
    }
  }

  private _stop(): void {
    clearTimeout(this._timer);
    for (const t of this._stream?.getTracks() ?? []) t.stop();
    this._stream = undefined;
    this._scanning = false;
  }

  private async _picture(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const m = msg();
    this._note = m.scanLoading;
    try {
      const read = await qrReader();
      const text = await read(file);
      if (text) {
        this._note = '';
        this._emit(text);
      } else this._note = m.scanNotFound;
    } catch {
      this._note = m.scanNotFound;
    }
  }

  private _paste(): void {
    const text = this.renderRoot.querySelector('textarea')?.value.trim() ?? '';
    if (text) this._emit(text);
  }

  override render(): TemplateResult {
    const m = msg();
    return html`
      <div class="row">
        ${this._scanning
          ? html`<button @click=${() => this._stop()}>${m.scanStop}</button>`
          : html`<button class="primary" @click=${() => void this._scan()}>${m.scanCamera}</button>`}
        <label class="file">${m.scanPicture}<input class="visually-hidden" type="file" accept="image/*" @change=${(e: Event) => void this._picture(e)} /></label>
      </div>
      ${this._scanning ? html`<video muted playsinline aria-label=${m.scanVideoLabel}></video>` : nothing}
      <p role="status" aria-live="polite">${this._note}</p>
      <label for="paste">${m.scanPaste}</label>
      <textarea id="paste" spellcheck="false" autocomplete="off" autocapitalize="off"></textarea>
      <div class="row"><button @click=${() => this._paste()}>${m.scanUse}</button></div>
    `;
  }
}

customElements.define('pp-code-reader', PpCodeReader);

declare global {
  interface HTMLElementTagNameMap {
    'pp-code-reader': PpCodeReader;
  }
}
