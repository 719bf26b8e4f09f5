/**
 * `<pp-not-found>`: an address under the app's base that is no route.
 */
import { LitElement, html, type TemplateResult } from 'lit';
import { LocaleController, msg } from './i18n/locale.ts';
import { BASE } from './router.ts';
import { shared } from './styles.ts';
import { focusFirstHeading, type FocusableView } from './view.ts';

/** The not-found view. */
export class PpNotFound extends LitElement implements FocusableView {
  static override styles = shared;
  constructor() {
    super();
    new LocaleController(this);
  }
  get viewTitle(): string {
    return msg().notFoundHeading;
  }
  focusHeading(): void {
    focusFirstHeading(this);
  }
  override render(): TemplateResult {
    const m = msg();
    return html`<h1 tabindex="-1">${m.notFoundHeading}</h1>
      <p>${m.notFoundText}</p>
      <p><a href=${BASE}>${m.backToList}</a></p>`;
  }
}

customElements.define('pp-not-found', PpNotFound);

declare global {
  interface HTMLElementTagNameMap {
    'pp-not-found': PpNotFound;
  }
}
