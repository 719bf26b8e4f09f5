/**
 * `<pp-text-size>`: the text-size setting (a section of Settings). A radio group, so arrow keys
 * move between the sizes and screen readers announce "n of 4"; the sample line under it is shown
 * at the chosen size. The choice is kept by text-size.ts and applied to article bodies.
 */
import { LitElement, css, html, type TemplateResult } from 'lit';
import { LocaleController, msg } from './i18n/locale.ts';
import type { Messages } from './i18n/messages.ts';
import { shared } from './styles.ts';
import { setTextSize, TEXT_SCALE, TEXT_SIZES, textSize, TextSizeController, type TextSize } from './text-size.ts';

const LABELS: Readonly<Record<TextSize, (m: Messages) => string>> = {
  small: (m) => m.textSizeSmall,
  normal: (m) => m.textSizeNormal,
  large: (m) => m.textSizeLarge,
  larger: (m) => m.textSizeLarger,
};

/** The text-size setting. */
export class PpTextSize extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        margin: 1.5rem 0;
      }
      h2 {
        font-size: 1.2rem;
        margin: 0 0 0.4rem;
      }
      fieldset {
        border: none;
        margin: 0;
        padding: 0;
      }
      legend {
        padding: 0;
        margin-bottom: 0.3rem;
      }
      .options {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
      }
      label {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
        min-height: 2.5rem;
      }
      input {
        width: 1.15rem;
        height: 1.15rem;
        margin: 0;
        accent-color: var(--pp-accent);
      }
      .sample {
        margin: 0.5rem 0 0;
        line-height: 1.5;
        font-size: calc(1.1rem * var(--pp-text-scale, 1));
      }
    `,
  ];

  constructor() {
    super();
    new LocaleController(this);
    new TextSizeController(this);
  }

  private _onChange(event: Event): void {
    const input = event.target as HTMLInputElement;
    if (input.checked) setTextSize(input.value as TextSize);
  }

  override render(): TemplateResult {
    const m = msg();
    const now = textSize();
    return html`<section aria-labelledby="text-size-h">
      <h2 id="text-size-h">${m.textSizeHeading}</h2>
      <fieldset>
        <legend>${m.textSizeLegend}</legend>
        <div class="options">
          ${TEXT_SIZES.map(
            (s) =>
              html`<label><input type="radio" name="text-size" value=${s} .checked=${s === now} @change=${this._onChange} />${LABELS[s](m)}</label>`,
          )}
        </div>
      </fieldset>
      <p class="sample" aria-hidden="true">${m.textSizeSample}</p>
    </section>`;
  }

  protected override updated(): void {
    // A custom property set from script (CSSOM), not an inline style attribute: the CSP forbids those.
    this.style.setProperty('--pp-text-scale', String(TEXT_SCALE[textSize()]));
  }
}

customElements.define('pp-text-size', PpTextSize);

declare global {
  interface HTMLElementTagNameMap {
    'pp-text-size': PpTextSize;
  }
}
