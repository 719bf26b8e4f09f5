/**
 * `<pp-search>`: offline full-text search over the stored articles (search-index.ts).
 * The query lives in the URL (`search?q=`) so a search can be bookmarked and survives reloads;
 * typing updates it in place (replaceState), Enter searches at once.
 */
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { formatDate } from './i18n/format.ts';
import { LocaleController, locale, msg } from './i18n/locale.ts';
import { articleHref, BASE, routeHref } from './router.ts';
import { searchStored, type SearchHit } from './search-index.ts';
import { appState, StateController } from './state.ts';
import { shared } from './styles.ts';
import { announceTitle, focusFirstHeading, type FocusableView } from './view.ts';

const DEBOUNCE_MS = 250;

/** The search view. */
export class PpSearch extends LitElement implements FocusableView {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: end;
      }
      label {
        display: block;
        width: 100%;
        font-weight: 600;
      }
      input {
        font: inherit;
        flex: 1 1 14rem;
        min-height: 2.5rem;
        padding: 0.3rem 0.6rem;
        border: 1px solid var(--pp-muted);
        border-radius: 0.4rem;
        background: var(--pp-surface);
        color: var(--pp-text);
      }
      ol {
        list-style: none;
        padding: 0;
      }
      li {
        padding: 0.6rem 0;
        border-bottom: 1px solid var(--pp-border);
      }
      h2 {
        font-size: 1.15rem;
        margin: 0;
      }
      .meta,
      .summary {
        margin: 0.2rem 0 0;
      }
      .meta {
        font-size: 0.9rem;
      }
    `,
  ];

  /** The query from the URL (set by the shell). */
  declare query: string;
  declare private _q: string;
  declare private _hits: SearchHit[] | undefined;
  declare private _busy: boolean;
  private _timer: ReturnType<typeof setTimeout> | undefined;
  private _searchedFor: string | undefined;
  private _searchedVersion = -1;

  static override properties = {
    query: { attribute: false },
    _q: { state: true },
    _hits: { state: true },
    _busy: { state: true },
  };

  constructor() {
    super();
    this.query = '';
    this._q = '';
    this._hits = undefined;
    this._busy = false;
    new LocaleController(this);
    new StateController(this);
  }

  get viewTitle(): string {
    return msg().searchHeading;
  }

  focusHeading(): void {
    focusFirstHeading(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    announceTitle(this);
  }

  override disconnectedCallback(): void {
    clearTimeout(this._timer);
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('query')) this._q = this.query;
    if (this._searchedFor !== this._q || this._searchedVersion !== appState.articlesVersion) {
      this._searchedFor = this._q;
      this._searchedVersion = appState.articlesVersion;
      void this._search(this._q, appState.articlesVersion);
    }
  }

  private async _search(q: string, version: number): Promise<void> {
    if (q.trim() === '') {
      this._hits = undefined;
      return;
    }
    this._busy = true;
    try {
      const hits = await searchStored(q, version);
      if (q === this._q) this._hits = hits;
    } finally {
      this._busy = false;
    }
  }

  private _setQuery(q: string): void {
    this._q = q;
    history.replaceState(null, '', routeHref({ name: 'search', q }, BASE));
  }

  private _onInput(event: InputEvent): void {
    const value = (event.target as HTMLInputElement).value;
    clearTimeout(this._timer);
    this._timer = setTimeout(() => this._setQuery(value), DEBOUNCE_MS);
  }

  private _onSubmit(event: SubmitEvent): void {
    // Never submitted anywhere (CSP form-action 'none'): search in place.
    event.preventDefault();
    clearTimeout(this._timer);
    const input = this.renderRoot.querySelector('input');
    if (input) this._setQuery(input.value);
  }

  private _hit(h: SearchHit): TemplateResult {
    const a = h.article;
    return html`<li lang=${a.lang} dir=${a.dir}>
      <h2><a href=${articleHref(a.id)}>${a.title}</a></h2>
      <p class="meta muted" lang=${locale()} dir="ltr">${a.section} · <time datetime=${a.published}>${formatDate(a.publishedMs)}</time></p>
      ${a.summary ? html`<p class="summary">${a.summary}</p>` : nothing}
    </li>`;
  }

  override render(): TemplateResult {
    const m = msg();
    const hits = this._hits;
    return html`<h1 tabindex="-1">${m.searchHeading}</h1>
      <form role="search" @submit=${this._onSubmit}>
        <label for="q">${m.searchLabel}</label>
        <input id="q" type="search" name="q" .value=${this._q} @input=${this._onInput} autocomplete="off" spellcheck="false" aria-describedby="hint" />
        <button type="submit" class="primary">${m.searchButton}</button>
      </form>
      <p id="hint" class="muted">${m.searchHint}</p>
      <div aria-live="polite">
        ${this._busy && !hits ? html`<p class="muted">${m.searchIndexing}</p>` : nothing}
        ${hits && hits.length === 0 ? html`<p>${m.searchNoResults(this._q)}</p>` : nothing}
        ${hits && hits.length > 0 ? html`<p class="muted">${m.searchResults(hits.length)}</p>` : nothing}
      </div>
      ${hits && hits.length > 0 ? html`<ol>${hits.map((h) => this._hit(h))}</ol>` : nothing}`;
  }
}

customElements.define('pp-search', PpSearch);

declare global {
  interface HTMLElementTagNameMap {
    'pp-search': PpSearch;
  }
}
