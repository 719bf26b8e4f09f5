/**
 * `<pp-settings>`: UI language, storage (`<pp-storage-panel>`: space, persistence, what is kept)
 * and "Erase everything".
 *
 * Erasing asks for confirmation in a modal dialog whose default button is Cancel, then runs
 * erase.ts.
 */
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { siteConfig } from 'virtual:pigeonpost-site';
import { eraseEverything, showErasedScreen } from './erase.ts';
import { LOCALES, LocaleController, localePreference, msg, PSEUDO_LOCALE, setLocalePreference, type LocalePreference } from './i18n/locale.ts';
import { messagesIn } from './i18n/messages.ts';
import { settingsSections, shared } from './styles.ts';
import { announceTitle, focusFirstHeading, type FocusableView } from './view.ts';
import './pp-storage-panel.ts';
import './pp-text-size.ts';

/** Language names in their own language (never translated). */
const NATIVE_NAMES: Record<(typeof LOCALES)[number], string> = { en: messagesIn('en').languageName, ru: messagesIn('ru').languageName };

/** The settings view. */
export class PpSettings extends LitElement implements FocusableView {
  static override styles = [
    shared,
    settingsSections,
    css`
      select {
        font: inherit;
        min-height: 2.5rem;
        padding: 0.2rem 0.5rem;
        border: 1px solid var(--pp-muted);
        border-radius: 0.4rem;
        background: var(--pp-surface);
        color: var(--pp-text);
      }
      label {
        display: block;
        margin-bottom: 0.3rem;
      }
      dialog {
        max-width: 30rem;
        border: 1px solid var(--pp-border);
        border-radius: 0.6rem;
        background: var(--pp-surface);
        color: var(--pp-text);
        padding: 1.25rem;
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.5);
      }
      .buttons {
        display: flex;
        gap: 0.5rem;
        justify-content: flex-end;
        flex-wrap: wrap;
      }
    `,
  ];

  declare private _erasing: boolean;
  declare private _eraseError: string | undefined;

  static override properties = {
    _erasing: { state: true },
    _eraseError: { state: true },
  };

  constructor() {
    super();
    this._erasing = false;
    this._eraseError = undefined;
    new LocaleController(this);
  }

  get viewTitle(): string {
    return msg().settingsHeading;
  }

  focusHeading(): void {
    focusFirstHeading(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    announceTitle(this);
  }

  private _onLanguage(event: Event): void {
    void setLocalePreference((event.target as HTMLSelectElement).value as LocalePreference);
  }

  private _dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  private _onEraseAsk(): void {
    this._eraseError = undefined;
    this._dialog()?.showModal();
  }

  private _onEraseCancel(): void {
    this._dialog()?.close();
  }

  private async _onEraseConfirm(): Promise<void> {
    if (this._erasing) return;
    this._erasing = true;
    const problems = await eraseEverything();
    this._erasing = false;
    const m = msg();
    if (problems.length === 0) {
      showErasedScreen(m);
      return;
    }
    this._dialog()?.close();
    this._eraseError = m.eraseFailed(problems.join('; '));
  }

  override render(): TemplateResult {
    const m = msg();
    const pref = localePreference();
    return html`<h1 tabindex="-1">${m.settingsHeading}</h1>
      <section aria-labelledby="lang-h">
        <h2 id="lang-h">${m.languageHeading}</h2>
        <label for="lang">${m.languageLabel}</label>
        <select id="lang" @change=${this._onLanguage}>
          <option value="auto" ?selected=${pref === 'auto'}>${m.languageAuto}</option>
          ${LOCALES.map((l) => html`<option value=${l} lang=${l} ?selected=${pref === l}>${NATIVE_NAMES[l]}</option>`)}
          ${pref === PSEUDO_LOCALE ? html`<option value=${PSEUDO_LOCALE} selected>${PSEUDO_LOCALE}</option>` : nothing}
        </select>
      </section>
      <pp-text-size></pp-text-size>
      <pp-storage-panel></pp-storage-panel>
      <section aria-labelledby="erase-h">
        <h2 id="erase-h">${m.eraseHeading}</h2>
        <p>${m.eraseIntro}</p>
        <p><button class="danger" @click=${this._onEraseAsk}>${m.eraseButton}</button></p>
        ${this._eraseError ? html`<p class="error" role="alert">${this._eraseError}</p>` : nothing}
      </section>
      <section aria-labelledby="about-h">
        <h2 id="about-h">${m.aboutHeading}</h2>
        <p>${m.aboutSite(siteConfig.name)}</p>
      </section>
      <dialog aria-labelledby="erase-title" aria-describedby="erase-text">
        <h2 id="erase-title">${m.eraseConfirmTitle}</h2>
        <p id="erase-text">${m.eraseConfirmText}</p>
        <div class="buttons">
          <button autofocus @click=${this._onEraseCancel} ?disabled=${this._erasing}>${m.cancel}</button>
          <button class="danger" @click=${() => void this._onEraseConfirm()} aria-disabled=${this._erasing ? 'true' : 'false'}>
            ${this._erasing ? m.erasing : m.eraseConfirm}
          </button>
        </div>
      </dialog>`;
  }
}

customElements.define('pp-settings', PpSettings);

declare global {
  interface HTMLElementTagNameMap {
    'pp-settings': PpSettings;
  }
}
