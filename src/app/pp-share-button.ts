/**
 * `<pp-share-button>`: makes one share file of `ids` and sends it (system share sheet where the
 * browser can share files, else a download), saying what happened in a polite live region. Used
 * on an article, for a section and for a selection.
 */
import { LitElement, css, html, type TemplateResult } from 'lit';
import { LocaleController, msg } from './i18n/locale.ts';
import { shared } from './styles.ts';

/** A Share button. */
export class PpShareButton extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: inline-block;
      }
      p {
        margin: 0.4rem 0 0;
      }
    `,
  ];

  /** The stored articles to share, in order. */
  declare ids: readonly string[];
  /** The button's text. */
  declare label: string;
  /** A title for the share sheet. */
  declare shareTitle: string;
  declare private _busy: boolean;
  declare private _message: { text: string; error: boolean } | undefined;

  static override properties = {
    ids: { attribute: false },
    label: {},
    shareTitle: { attribute: 'share-title' },
    _busy: { state: true },
    _message: { state: true },
  };

  constructor() {
    super();
    this.ids = [];
    this.label = '';
    this.shareTitle = '';
    this._busy = false;
    this._message = undefined;
    new LocaleController(this);
  }

  private async _onClick(): Promise<void> {
    const m = msg();
    if (this._busy || this.ids.length === 0) return;
    this._busy = true;
    this._message = { text: m.sharePreparing, error: false };
    try {
      // The share-file writer is loaded on first use: most readers open the article to read it.
      const { buildShareFile, shareOrDownload, WEB_SHARE_MAX_BYTES } = await import('./share-export.ts');
      const file = await buildShareFile(this.ids);
      const outcome = await shareOrDownload(file, this.shareTitle || file.name);
      this._message =
        outcome === 'shared'
          ? { text: m.shareSent, error: false }
          : outcome === 'downloaded'
            ? { text: file.size > WEB_SHARE_MAX_BYTES ? `${m.shareTooLarge} ${m.shareDownloaded(file.name)}` : m.shareDownloaded(file.name), error: false }
            : undefined;
    } catch (e) {
      this._message = { text: m.shareFailed(e instanceof Error ? e.message : String(e)), error: true };
    } finally {
      this._busy = false;
    }
  }

  override render(): TemplateResult {
    // Busy is aria-disabled, not disabled: a disabled button would drop keyboard focus to the page.
    return html`<button type="button" ?disabled=${this.ids.length === 0} aria-disabled=${this._busy ? 'true' : 'false'} aria-busy=${this._busy ? 'true' : 'false'} @click=${this._onClick}>${this.label}</button>
      <p role="status" aria-live="polite" class=${this._message?.error ? 'error' : 'muted'}>${this._message?.text ?? ''}</p>`;
  }
}

customElements.define('pp-share-button', PpShareButton);

declare global {
  interface HTMLElementTagNameMap {
    'pp-share-button': PpShareButton;
  }
}
