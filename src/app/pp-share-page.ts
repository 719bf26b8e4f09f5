/**
 * `<pp-share-page>`: the Share route. Receiving first (what a reader who was sent a file needs),
 * then the picker to share stories from the library.
 */
import { LitElement, css, html, type TemplateResult } from 'lit';
import { LocaleController, msg } from './i18n/locale.ts';
import { shared } from './styles.ts';
import { focusFirstHeading, type FocusableView } from './view.ts';
import './pp-share-import.ts';
import './pp-share-picker.ts';

/** The share page. */
export class PpSharePage extends LitElement implements FocusableView {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
    `,
  ];

  /** How files arrived with the page (router `via`). */
  declare via: string | undefined;

  static override properties = {
    via: { attribute: false },
  };

  constructor() {
    super();
    this.via = undefined;
    new LocaleController(this);
  }

  get viewTitle(): string {
    return msg().sharePageHeading;
  }

  focusHeading(): void {
    focusFirstHeading(this);
  }

  override render(): TemplateResult {
    const m = msg();
    return html`<h1 tabindex="-1">${m.sharePageHeading}</h1>
      <pp-share-import .via=${this.via}></pp-share-import>
      <h2>${m.sharePickHeading}</h2>
      <pp-share-picker></pp-share-picker>`;
  }
}

customElements.define('pp-share-page', PpSharePage);

declare global {
  interface HTMLElementTagNameMap {
    'pp-share-page': PpSharePage;
  }
}
