/**
 * `<pp-search>`: offline full-text search over the stored articles. The search itself runs in the
 * search worker (search-client.ts, src/search/); this view renders a page of hits at a time: the
 * title and the passage that matched, matched words in `<mark>`, with filters by section and
 * language. Query and filters live in the URL (`search?q=&section=&lang=`) so a search can be
 * bookmarked and survives reloads; typing updates it in place (replaceState), Enter searches at once.
 */
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { HitView, IndexingProgress, QueryResult } from '../search/protocol.ts';
import type { Segment } from '../search/snippet.ts';
import { formatDate } from './i18n/format.ts';
import { locale, LocaleController, localeDir, msg } from './i18n/locale.ts';
import { articleHref, BASE, routeHref } from './router.ts';
import { onIndexingProgress, searchStored } from './search-client.ts';
import { appState, StateController } from './state.ts';
import { shared } from './styles.ts';
import { announceTitle, focusFirstHeading, type FocusableView } from './view.ts';

const DEBOUNCE_MS = 200;
/** Hits per page of results. */
export const PAGE_SIZE = 20;

function segments(list: readonly Segment[]): TemplateResult[] {
  return list.map((s) => (s.mark ? html`<mark>${s.text}</mark>` : html`${s.text}`));
}

const displayNames = new Map<string, Intl.DisplayNames>();

/** The language's name in the UI language ("Russian", «русский»), or the tag itself. */
function languageName(tag: string): string {
  try {
    const ui = locale();
    let names = displayNames.get(ui);
    if (!names) displayNames.set(ui, (names = new Intl.DisplayNames([ui], { type: 'language' })));
    return names.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

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
        font-weight: 600;
      }
      .query {
        flex: 1 1 100%;
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .query label {
        width: 100%;
      }
      input,
      select {
        font: inherit;
        min-height: 2.5rem;
        padding: 0.3rem 0.6rem;
        border: 1px solid var(--pp-muted);
        border-radius: 0.4rem;
        background: var(--pp-surface);
        color: var(--pp-text);
        max-width: 100%;
      }
      input {
        flex: 1 1 12rem;
        min-width: 0;
      }
      .filter {
        flex: 1 1 10rem;
        min-width: 0;
      }
      .filter select {
        width: 100%;
      }
      ol {
        list-style: none;
        padding: 0;
      }
      li {
        padding: 0.7rem 0;
        border-bottom: 1px solid var(--pp-border);
      }
      h2 {
        font-size: 1.15rem;
        margin: 0;
        overflow-wrap: anywhere;
      }
      .meta,
      .passage {
        margin: 0.25rem 0 0;
      }
      .meta {
        font-size: 0.9rem;
      }
      .passage {
        overflow-wrap: anywhere;
      }
      mark {
        background: var(--pp-mark-bg);
        color: inherit;
        border-radius: 0.15rem;
        padding: 0 0.1rem;
      }
    `,
  ];

  /** Query and filters from the URL (set by the shell). */
  declare query: string;
  declare section: string | undefined;
  declare filterLang: string | undefined;
  declare private _q: string;
  declare private _result: QueryResult | undefined;
  declare private _hits: readonly HitView[];
  declare private _busy: boolean;
  declare private _error: string | undefined;
  declare private _progress: IndexingProgress | undefined;
  private _timer: ReturnType<typeof setTimeout> | undefined;
  private _searched = '';
  private _generation = 0;
  private _unlisten: (() => void) | undefined;

  static override properties = {
    query: { attribute: false },
    section: { attribute: false },
    filterLang: { attribute: false },
    _q: { state: true },
    _result: { state: true },
    _hits: { state: true },
    _busy: { state: true },
    _error: { state: true },
    _progress: { state: true },
  };

  constructor() {
    super();
    this.query = '';
    this.section = undefined;
    this.filterLang = undefined;
    this._q = '';
    this._result = undefined;
    this._hits = [];
    this._busy = false;
    this._error = undefined;
    this._progress = undefined;
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
    this._unlisten = onIndexingProgress((p) => {
      this._progress = p;
      // Results so far were partial: search again now and then while indexing goes on.
      if (this._result?.indexing && p.done - this._result.indexing.done >= Math.max(500, p.total / 5)) this._searched = '';
      if (p.done >= p.total) this._searched = '';
      this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    clearTimeout(this._timer);
    this._unlisten?.();
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('query')) this._q = this.query;
    const key = JSON.stringify([this._q, this.section, this.filterLang, appState.articlesVersion]);
    if (key !== this._searched) {
      this._searched = key;
      void this._search(0);
    }
  }

  private async _search(offset: number): Promise<void> {
    const generation = ++this._generation;
    const q = this._q;
    if (q.trim() === '') {
      this._result = undefined;
      this._hits = [];
      this._busy = false;
      return;
    }
    this._busy = true;
    this._error = undefined;
    try {
      const result = await searchStored({ q, offset, limit: PAGE_SIZE, ...(this.section ? { section: this.section } : {}), ...(this.filterLang ? { lang: this.filterLang } : {}) });
      if (generation !== this._generation) return;
      this._result = result;
      this._hits = offset === 0 ? result.hits : [...this._hits, ...result.hits];
    } catch (e) {
      if (generation === this._generation) this._error = e instanceof Error ? e.message : String(e);
    } finally {
      if (generation === this._generation) this._busy = false;
    }
  }

  private _navigate(patch: { q?: string; section?: string | undefined; lang?: string | undefined }): void {
    const q = patch.q ?? this._q;
    const section = 'section' in patch ? patch.section : this.section;
    const lang = 'lang' in patch ? patch.lang : this.filterLang;
    this._q = q;
    this.section = section;
    this.filterLang = lang;
    history.replaceState(null, '', routeHref({ name: 'search', q, ...(section ? { section } : {}), ...(lang ? { lang } : {}) }, BASE));
  }

  private _onInput(event: InputEvent): void {
    const value = (event.target as HTMLInputElement).value;
    clearTimeout(this._timer);
    this._timer = setTimeout(() => this._navigate({ q: value }), DEBOUNCE_MS);
  }

  private _onSubmit(event: SubmitEvent): void {
    // Never submitted anywhere (CSP form-action 'none'): search in place.
    event.preventDefault();
    clearTimeout(this._timer);
    const input = this.renderRoot.querySelector('input');
    if (input) this._navigate({ q: input.value });
  }

  private _onFilter(event: Event, which: 'section' | 'lang'): void {
    const value = (event.target as HTMLSelectElement).value;
    this._navigate({ [which]: value === '' ? undefined : value });
  }

  private _hit(h: HitView): TemplateResult {
    const m = msg();
    return html`<li lang=${h.lang} dir=${h.dir}>
      <h2><a href=${articleHref(h.id)}>${segments(h.title)}</a></h2>
      <p class="meta muted" lang=${locale()} dir=${localeDir()}>${h.section} · <time datetime=${h.published}>${formatDate(h.publishedMs)}</time>${h.exact ? nothing : html` · ${m.searchOtherForms}`}</p>
      ${h.passage.segments.length > 0 ? html`<p class="passage">${h.passage.cutBefore ? '… ' : ''}${segments(h.passage.segments)}${h.passage.cutAfter ? ' …' : ''}</p>` : nothing}
    </li>`;
  }

  private _filters(r: QueryResult | undefined): TemplateResult {
    const m = msg();
    // The current filter stays selectable even when the latest query has no hit in it.
    const sections = [...(r?.sections ?? [])];
    if (this.section && !sections.some(([s]) => s === this.section)) sections.push([this.section, 0]);
    const langs = [...(r?.langs ?? [])];
    if (this.filterLang && !langs.some(([l]) => l === this.filterLang)) langs.push([this.filterLang, 0]);
    return html`<div class="filter">
        <label for="section">${m.searchSectionLabel}</label>
        <select id="section" @change=${(e: Event) => this._onFilter(e, 'section')}>
          <option value="" ?selected=${!this.section}>${m.searchAllSections}</option>
          ${sections.map(([s, n]) => html`<option value=${s} ?selected=${s === this.section}>${m.searchFilterOption(s, n)}</option>`)}
        </select>
      </div>
      <div class="filter">
        <label for="lang">${m.searchLangLabel}</label>
        <select id="lang" @change=${(e: Event) => this._onFilter(e, 'lang')}>
          <option value="" ?selected=${!this.filterLang}>${m.searchAllLanguages}</option>
          ${langs.map(([l, n]) => html`<option value=${l} ?selected=${l === this.filterLang}>${m.searchFilterOption(languageName(l), n)}</option>`)}
        </select>
      </div>`;
  }

  override render(): TemplateResult {
    const m = msg();
    const r = this._result;
    const hits = this._hits;
    const indexing = r?.indexing ?? (this._busy ? this._progress : undefined);
    return html`<h1 tabindex="-1">${m.searchHeading}</h1>
      <form role="search" @submit=${this._onSubmit}>
        <div class="query">
          <label for="q">${m.searchLabel}</label>
          <input id="q" type="search" name="q" .value=${this._q} @input=${this._onInput} autocomplete="off" spellcheck="false" aria-describedby="hint" />
          <button type="submit" class="primary">${m.searchButton}</button>
        </div>
        ${this._filters(r)}
      </form>
      <p id="hint" class="muted">${m.searchHint}</p>
      <div aria-live="polite">
        ${this._error ? html`<p class="error">${m.searchFailed(this._error)}</p>` : nothing}
        ${indexing && indexing.done < indexing.total ? html`<p class="muted">${m.searchIndexingProgress(indexing.done, indexing.total)}</p>` : nothing}
        ${this._busy && !r ? html`<p class="muted">${m.searchIndexing}</p>` : nothing}
        ${r && r.total === 0 && this._q.trim() !== '' ? html`<p>${m.searchNoResults(this._q)}</p>` : nothing}
        ${r && r.total > 0 ? html`<p class="muted">${m.searchResults(r.total)}</p>` : nothing}
      </div>
      ${hits.length > 0 ? html`<ol>${hits.map((h) => this._hit(h))}</ol>` : nothing}
      ${r && hits.length < r.total ? html`<button type="button" @click=${() => void this._search(hits.length)} ?disabled=${this._busy}>${m.searchShowMore}</button>` : nothing}`;
  }
}

customElements.define('pp-search', PpSearch);

declare global {
  interface HTMLElementTagNameMap {
    'pp-search': PpSearch;
  }
}
