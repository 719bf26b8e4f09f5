/**
 * `<pp-article-list>`: the front page. Stored articles, newest first: the newest is the lead story
 * (large, with its picture), the others follow as rows with a thumbnail. Sections are filters
 * above the list (toggle buttons, `aria-pressed`), not a heading per article.
 *
 * Pictures are the articles' lead images, `media/<sha256>` answered by the service worker from
 * IndexedDB (media-route.ts), so they work offline and under the strict CSP. Each image box has
 * its size before the bytes arrive, and the first render waits for both the sections and the first
 * page, so the list arrives in one piece and nothing shifts.
 *
 * Each article carries its own `lang` and `dir` (an Arabic story in a Russian UI reads
 * right-to-left), while the date line stays in the UI language. Pages of PAGE_SIZE articles;
 * "Show older" loads the next page (the database reads by the signed publication time,
 * reading.ts), inside the chosen section when there is one. An archive copy from another reader
 * (signed under keys whose validity has ended, format.md §7.4) says so on its date line, as the
 * article view does.
 *
 * Articles the reader saved (kept whatever the retention setting) carry a "Saved" mark on their
 * date line, and once anything is saved a second filter shows all articles or only the saved ones.
 */
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { siteConfig } from 'virtual:pigeonpost-site';
import { listArticles, listSavedArticles, listSections, savedArticleIds, type ArticleSummary } from '../shared/db/index.ts';
import { formatDate } from './i18n/format.ts';
import { locale, LocaleController, localeDir, msg } from './i18n/locale.ts';
import { articleListStyles } from './pp-article-list-styles.ts';
import { articleHref, BASE } from './router.ts';
import { appState, StateController } from './state.ts';
import { shared } from './styles.ts';
import { announceTitle, focusFirstHeading, type FocusableView } from './view.ts';

/** Articles per page. */
const PAGE_SIZE = 100;

/** Intrinsic sizes given to the image boxes (CSS aspect-ratio keeps them; object-fit crops). */
const LEAD_BOX = { width: 960, height: 540 } as const;
const THUMB_BOX = { width: 300, height: 200 } as const;

/** The article list view. */
export class PpArticleList extends LitElement implements FocusableView {
  static override styles = [shared, articleListStyles];

  declare private _articles: ArticleSummary[] | undefined;
  declare private _sections: string[];
  /** The section filter (undefined: every section). */
  declare private _section: string | undefined;
  /** Only the saved articles (the "Show" filter). */
  declare private _onlySaved: boolean;
  /** Ids of the saved articles. */
  declare private _saved: ReadonlySet<string>;
  declare private _hasMore: boolean;
  declare private _error: string | undefined;
  private _loadedVersion = -1;
  /** Bumped per load, so that a slow answer for an old filter never overwrites a newer one. */
  private _loadSeq = 0;

  static override properties = {
    _articles: { state: true },
    _sections: { state: true },
    _section: { state: true },
    _onlySaved: { state: true },
    _saved: { state: true },
    _hasMore: { state: true },
    _error: { state: true },
  };

  constructor() {
    super();
    this._articles = undefined;
    this._sections = [];
    this._section = undefined;
    this._onlySaved = false;
    this._saved = new Set();
    this._hasMore = false;
    this._error = undefined;
    new LocaleController(this);
    new StateController(this);
  }

  get viewTitle(): string {
    return msg().listHeading;
  }

  focusHeading(): void {
    focusFirstHeading(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    announceTitle(this);
    navigator.serviceWorker?.addEventListener('controllerchange', this._onController);
  }

  override disconnectedCallback(): void {
    navigator.serviceWorker?.removeEventListener('controllerchange', this._onController);
    super.disconnectedCallback();
  }

  /** Pictures come from the worker: once it controls the page, render them. */
  private readonly _onController = (): void => this.requestUpdate();

  protected override willUpdate(_changed: PropertyValues<this>): void {
    // Reload when the worker reports new or removed articles.
    if (this._loadedVersion !== appState.articlesVersion) {
      this._loadedVersion = appState.articlesVersion;
      void this._load(false);
    }
  }

  private async _load(more: boolean): Promise<void> {
    const seq = ++this._loadSeq;
    const section = this._section;
    const onlySaved = this._onlySaved;
    try {
      const have = more ? (this._articles ?? []) : [];
      const last = have[have.length - 1];
      const [page, sections, saved] = await Promise.all([
        onlySaved
          ? listSavedArticles(siteConfig.id)
          : listArticles(siteConfig.id, {
              limit: more ? PAGE_SIZE : Math.max(PAGE_SIZE, this._articles?.length ?? 0),
              ...(section === undefined ? {} : { section }),
              ...(last ? { after: { publishedMs: last.publishedMs, id: last.id } } : {}),
            }),
        more ? Promise.resolve(this._sections) : listSections(siteConfig.id),
        // A failure to read the marks only hides them.
        savedArticleIds(siteConfig.id).catch(() => new Set<string>()),
      ]);
      if (seq !== this._loadSeq) return;
      this._sections = sections;
      this._saved = saved;
      this._articles = [...have, ...page];
      // The saved articles come whole; the others a page at a time.
      this._hasMore = !onlySaved && page.length >= PAGE_SIZE;
      this._error = undefined;
      // A section that no longer exists (all its articles removed): back to every section.
      if (section !== undefined && !sections.includes(section)) this._choose(undefined);
    } catch (e) {
      if (seq === this._loadSeq) this._error = e instanceof Error ? e.message : String(e);
    }
  }

  private _choose(section: string | undefined): void {
    if (section === this._section) return;
    this._section = section;
    void this._load(false);
  }

  private _chooseSaved(onlySaved: boolean): void {
    if (onlySaved === this._onlySaved) return;
    this._onlySaved = onlySaved;
    void this._load(false);
  }

  private _img(a: ArticleSummary, box: { width: number; height: number }): TemplateResult | typeof nothing {
    if (!a.lead) return nothing;
    // Only the worker answers media/ (from IndexedDB). On a first visit the page renders before the
    // worker controls it, and the request would go to the mirror, which has no such path: keep the
    // empty box (same size) until the worker takes over.
    if (!navigator.serviceWorker?.controller) return html`<span class="img-box"></span>`;
    // Decorative here: the headline next to it names the story (its alt text is read in the article).
    return html`<img src=${`${BASE}media/${a.lead}`} alt="" width=${box.width} height=${box.height} decoding="async" referrerpolicy="no-referrer" />`;
  }

  private _meta(a: ArticleSummary): TemplateResult {
    const m = msg();
    return html`<p class="meta muted" lang=${locale()} dir=${localeDir()}>
      <time datetime=${a.published}>${formatDate(a.publishedMs)}</time>${a.author ? html` · ${m.byAuthor(a.author)}` : nothing}${a.archived
        ? html` · <span class="archive">${m.archiveLabel}</span>`
        : nothing}${this._saved.has(a.id) ? html` · <span class="saved-mark">${m.savedMark}</span>` : nothing}
    </p>`;
  }

  private _kicker(a: ArticleSummary): TemplateResult | typeof nothing {
    return this._section === undefined ? html`<p class="kicker">${a.section}</p>` : nothing;
  }

  private _lead(a: ArticleSummary): TemplateResult {
    return html`<article class="story lead ${a.lead ? '' : 'no-image'}" lang=${a.lang} dir=${a.dir} aria-label=${msg().leadStoryLabel}>
      ${this._img(a, LEAD_BOX)}
      <div class="text">
        ${this._kicker(a)}
        <h2><a href=${articleHref(a.id)}>${a.title}</a></h2>
        ${this._meta(a)} ${a.summary ? html`<p class="summary">${a.summary}</p>` : nothing}
      </div>
    </article>`;
  }

  private _item(a: ArticleSummary): TemplateResult {
    return html`<li class="story ${a.lead ? '' : 'no-thumb'}" lang=${a.lang} dir=${a.dir}>
      <div class="text">
        ${this._kicker(a)}
        <h3><a href=${articleHref(a.id)}>${a.title}</a></h3>
        ${this._meta(a)} ${a.summary ? html`<p class="summary">${a.summary}</p>` : nothing}
      </div>
      ${a.lead ? html`<div class="thumb">${this._img(a, THUMB_BOX)}</div>` : nothing}
    </li>`;
  }

  /** "Show: all articles / saved articles", once the reader has saved something. */
  private _show(): TemplateResult | typeof nothing {
    const m = msg();
    if (this._saved.size === 0 && !this._onlySaved) return nothing;
    const chip = (value: boolean, label: string) =>
      html`<li><button type="button" aria-pressed=${this._onlySaved === value ? 'true' : 'false'} @click=${() => this._chooseSaved(value)}>${label}</button></li>`;
    return html`<ul class="chips" role="list" aria-label=${m.listFilterLabel}>
      ${chip(false, m.listFilterAll)} ${chip(true, m.listFilterSaved)}
    </ul>`;
  }

  private _chips(): TemplateResult | typeof nothing {
    const m = msg();
    // The saved articles are shown whole, across sections.
    if (this._sections.length < 2 || this._onlySaved) return nothing;
    const chip = (value: string | undefined, label: string) =>
      html`<li><button type="button" aria-pressed=${this._section === value ? 'true' : 'false'} @click=${() => this._choose(value)}>${label}</button></li>`;
    return html`<ul class="chips" role="list" aria-label=${m.sectionsLabel}>
      ${chip(undefined, m.sectionAll)} ${this._sections.map((s) => chip(s, s))}
    </ul>`;
  }

  override render(): TemplateResult {
    const m = msg();
    const articles = this._articles;
    let body: TemplateResult;
    if (this._error) body = html`<p class="error">${this._error}</p>`;
    else if (articles === undefined) body = html`<div class="placeholder"><p class="muted">${m.loading}</p></div>`;
    else if (articles.length === 0)
      body = this._onlySaved
        ? html`${this._show()}<p>${m.listSavedEmpty}</p>`
        : this._section === undefined
          ? html`<p>${appState.status?.state === 'syncing' ? m.listEmptySyncing : m.listEmpty}</p>`
          : html`${this._show()}${this._chips()}<p>${m.sectionEmpty}</p>`;
    else {
      const [first, ...rest] = articles;
      body = html`${this._show()}${this._chips()} ${this._lead(first!)}
        ${rest.length
          ? html`<h2 class="more-heading">${m.moreStoriesLabel}</h2>
              <ol>
                ${rest.map((a) => this._item(a))}
              </ol>`
          : nothing}
        ${this._hasMore ? html`<p><button @click=${() => void this._load(true)}>${m.loadMore}</button></p>` : nothing}`;
    }
    return html`<h1 tabindex="-1">${m.listHeading}</h1>
      ${body}`;
  }
}

customElements.define('pp-article-list', PpArticleList);

declare global {
  interface HTMLElementTagNameMap {
    'pp-article-list': PpArticleList;
  }
}
