/**
 * `<pp-article-list>`: stored articles, newest first, grouped by section.
 *
 * Sections appear in the order of their newest article; inside a section, newest first. Each
 * article carries its own `lang` and `dir` (an Arabic story in a Russian UI reads right-to-left),
 * while the date line stays in the UI language. Pages of PAGE_SIZE articles; "Show older" loads
 * the next page (the database reads by the signed publication time, reading.ts). An archive copy
 * from another reader (signed under keys whose validity has ended, format.md §7.4) says so on its
 * date line, as the article view does.
 */
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { siteConfig } from 'virtual:pigeonpost-site';
import { listArticles, type ArticleSummary } from '../shared/db/index.ts';
import { formatDate } from './i18n/format.ts';
import { LocaleController, locale, msg } from './i18n/locale.ts';
import { articleHref } from './router.ts';
import { appState, StateController } from './state.ts';
import { shared } from './styles.ts';
import { groupBySection } from './view-model.ts';
import { announceTitle, focusFirstHeading, type FocusableView } from './view.ts';

/** Articles per page. */
const PAGE_SIZE = 100;

/** The article list view. */
export class PpArticleList extends LitElement implements FocusableView {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      h2 {
        font-size: 1.1rem;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--pp-muted);
        border-bottom: 1px solid var(--pp-border);
        padding-bottom: 0.2rem;
        margin: 2rem 0 0.5rem;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        padding: 0.75rem 0;
        border-bottom: 1px solid var(--pp-border);
      }
      li:last-child {
        border-bottom: none;
      }
      h3 {
        font-size: 1.2rem;
        margin: 0 0 0.2rem;
        line-height: 1.3;
      }
      h3 a {
        text-decoration: none;
        color: var(--pp-text);
      }
      h3 a:hover {
        text-decoration: underline;
      }
      .meta {
        margin: 0;
        font-size: 0.9rem;
      }
      .summary {
        margin: 0.3rem 0 0;
      }
      .archive {
        font-weight: 600;
        color: var(--pp-text);
        border: 1px solid currentColor;
        border-radius: 0.2rem;
        padding: 0 0.3rem;
      }
    `,
  ];

  declare private _articles: ArticleSummary[] | undefined;
  declare private _hasMore: boolean;
  declare private _error: string | undefined;
  private _loadedVersion = -1;

  static override properties = {
    _articles: { state: true },
    _hasMore: { state: true },
    _error: { state: true },
  };

  constructor() {
    super();
    this._articles = undefined;
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
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    // Reload when the worker reports new or removed articles.
    if (this._loadedVersion !== appState.articlesVersion) {
      this._loadedVersion = appState.articlesVersion;
      void this._load(false);
    }
  }

  private async _load(more: boolean): Promise<void> {
    try {
      const have = more ? (this._articles ?? []) : [];
      const last = have[have.length - 1];
      const page = await listArticles(siteConfig.id, {
        limit: more ? PAGE_SIZE : Math.max(PAGE_SIZE, this._articles?.length ?? 0),
        ...(last ? { after: { publishedMs: last.publishedMs, id: last.id } } : {}),
      });
      this._articles = [...have, ...page];
      this._hasMore = page.length >= PAGE_SIZE;
      this._error = undefined;
    } catch (e) {
      this._error = e instanceof Error ? e.message : String(e);
    }
  }

  private _item(a: ArticleSummary): TemplateResult {
    const m = msg();
    return html`<li lang=${a.lang} dir=${a.dir}>
      <h3><a href=${articleHref(a.id)}>${a.title}</a></h3>
      <p class="meta muted" lang=${locale()} dir="ltr">
        <time datetime=${a.published}>${formatDate(a.publishedMs)}</time>${a.author ? html` · ${m.byAuthor(a.author)}` : nothing}${a.archived
          ? html` · <span class="archive">${m.archiveLabel}</span>`
          : nothing}
      </p>
      ${a.summary ? html`<p class="summary">${a.summary}</p>` : nothing}
    </li>`;
  }

  override render(): TemplateResult {
    const m = msg();
    const articles = this._articles;
    let body: TemplateResult;
    if (this._error) body = html`<p class="error">${this._error}</p>`;
    else if (articles === undefined) body = html`<p class="muted">${m.loading}</p>`;
    else if (articles.length === 0) body = html`<p>${appState.status?.state === 'syncing' ? m.listEmptySyncing : m.listEmpty}</p>`;
    else
      body = html`${groupBySection(articles).map(
          (g) => html`<section aria-labelledby=${`s-${g.articles[0]!.id}`}>
            <h2 id=${`s-${g.articles[0]!.id}`} lang=${g.articles[0]!.lang} dir=${g.articles[0]!.dir}>${g.section}</h2>
            <ol>
              ${g.articles.map((a) => this._item(a))}
            </ol>
          </section>`,
        )}
        ${this._hasMore ? html`<p><button @click=${() => void this._load(true)}>${m.loadMore}</button></p>` : nothing}`;
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
