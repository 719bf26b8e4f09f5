/**
 * `<pp-share-picker>`: choose stories from the library to share in one file: each story has a
 * checkbox (grouped by section, newest first), each section a "share all" button, and one button
 * shares the selection. Native checkboxes and buttons: keyboard and screen readers work as is.
 */
import { LitElement, css, html, type TemplateResult } from 'lit';
import { siteConfig } from 'virtual:pigeonpost-site';
import { listArticles, type ArticleSummary } from '../shared/db/reading.ts';
import { articleIdsOf } from '../shared/db/share-reading.ts';
import { LocaleController, msg } from './i18n/locale.ts';
import { appState, StateController } from './state.ts';
import { shared } from './styles.ts';
import './pp-share-button.ts';

/** Most stories listed for picking (the newest); a section's button shares all of it. */
const PICK_LIMIT = 500;

/** The story picker. */
export class PpSharePicker extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      fieldset {
        border: 1px solid var(--pp-border);
        border-radius: 0.4rem;
        margin: 1rem 0;
        padding: 0.5rem 1rem 1rem;
      }
      legend {
        font-weight: 600;
        padding: 0 0.3rem;
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0.5rem 0;
      }
      li {
        margin: 0.3rem 0;
      }
      label {
        display: flex;
        gap: 0.5rem;
        align-items: baseline;
        cursor: pointer;
      }
      input[type='checkbox'] {
        width: 1.2rem;
        height: 1.2rem;
        flex: none;
      }
      .selection {
        position: sticky;
        bottom: 0;
        background: var(--pp-bg);
        padding: 0.5rem 0;
      }
    `,
  ];

  declare private _stories: ArticleSummary[] | undefined;
  declare private _selected: ReadonlySet<string>;
  private _loadedVersion = -1;
  private _sectionIds = new Map<string, string[]>();

  static override properties = {
    _stories: { state: true },
    _selected: { state: true },
  };

  constructor() {
    super();
    this._stories = undefined;
    this._selected = new Set();
    new LocaleController(this);
    new StateController(this);
  }

  protected override willUpdate(): void {
    if (this._loadedVersion !== appState.articlesVersion) {
      this._loadedVersion = appState.articlesVersion;
      void this._load();
    }
  }

  private async _load(): Promise<void> {
    const stories = await listArticles(siteConfig.id, { limit: PICK_LIMIT }).catch(() => []);
    const sections = [...new Set(stories.map((s) => s.section))];
    const ids = await Promise.all(sections.map((s) => articleIdsOf(siteConfig.id, s).catch(() => [])));
    this._sectionIds = new Map(sections.map((s, i) => [s, ids[i]!]));
    this._stories = stories;
  }

  private _toggle(id: string, on: boolean): void {
    const next = new Set(this._selected);
    if (on) next.add(id);
    else next.delete(id);
    this._selected = next;
  }

  override render(): TemplateResult {
    const m = msg();
    const stories = this._stories;
    if (stories === undefined) return html`<p class="muted">${m.loading}</p>`;
    if (stories.length === 0) return html`<p>${m.sharePickEmpty}</p>`;
    const bySection = new Map<string, ArticleSummary[]>();
    for (const s of stories) bySection.set(s.section, [...(bySection.get(s.section) ?? []), s]);
    const selected = stories.filter((s) => this._selected.has(s.id)).map((s) => s.id);
    return html`
      <p>${m.sharePickIntro}</p>
      ${[...bySection].map(([section, list]) => {
        const all = this._sectionIds.get(section) ?? list.map((s) => s.id);
        return html`<fieldset>
          <legend>${m.shareSectionHeading(section, all.length)}</legend>
          <pp-share-button .ids=${all} .label=${m.shareSection(section)} .shareTitle=${section}></pp-share-button>
          <ul>
            ${list.map(
              (s) => html`<li>
                <label lang=${s.lang}
                  ><input type="checkbox" .checked=${this._selected.has(s.id)} @change=${(e: Event) => this._toggle(s.id, (e.target as HTMLInputElement).checked)} /><span
                    >${s.title}${s.archived ? html` <span class="muted">(${m.archiveLabel})</span>` : ''}</span
                  ></label
                >
              </li>`,
            )}
          </ul>
        </fieldset>`;
      })}
      <div class="selection">
        <pp-share-button .ids=${selected} .label=${m.shareSelected(selected.length)}></pp-share-button>
      </div>
    `;
  }
}

customElements.define('pp-share-picker', PpSharePicker);

declare global {
  interface HTMLElementTagNameMap {
    'pp-share-picker': PpSharePicker;
  }
}
