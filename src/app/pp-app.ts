/**
 * `<pp-app>`: the shell. Header with the site name and navigation, the status line, the routed
 * view in <main>, and the app-update prompt.
 *
 * Routing uses real paths under the base (router.ts); clicks on same-app links are intercepted
 * (including from inside shadow roots, via composedPath) and turned into history entries. On every
 * route change after the first, focus moves to the new view's <h1> so keyboard and screen-reader
 * users land on the new content, and the document title names the page. Views other than the
 * list and the article have their code in separate chunks (view-loader.ts): a navigation to one
 * waits for its chunk (from the precache, so offline too) before the route changes.
 */
import { LitElement, css, html, type PropertyValues, type TemplateResult } from 'lit';
import { siteConfig } from 'virtual:pigeonpost-site';
import { LocaleController, localeReady, msg } from './i18n/locale.ts';
import { BASE, parseRoute, type Route } from './router.ts';
import { appState, StateController } from './state.ts';
import { shared } from './styles.ts';
import { TITLE_CHANGED, type FocusableView } from './view.ts';
import './pp-status-line.ts';
import './pp-article-list.ts';
import './pp-article-view.ts';
import './pp-not-found.ts';
import { loadView } from './view-loader.ts';
import './pp-nav.ts';

/**
 * @fires pp-update-accepted - the reader agreed to load the new app version (main.ts applies it)
 */
export class PpApp extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        min-height: 100vh;
        background: var(--pp-bg);
      }
      .skip {
        position: absolute;
        inset-inline-start: 0.5rem;
        top: -3rem;
        background: var(--pp-surface);
        padding: 0.5rem 1rem;
        z-index: 10;
      }
      .skip:focus {
        top: 0.5rem;
      }
      header {
        background: var(--pp-header-bg);
        color: var(--pp-header-text);
        border-bottom: 1px solid var(--pp-border);
      }
      .bar {
        max-width: 64rem;
        margin: 0 auto;
        padding: 0.35rem 1rem;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0 1rem;
      }
      .site {
        font-weight: 700;
        font-size: 1.15rem;
        color: inherit;
        text-decoration: none;
        margin-inline-end: auto;
        padding: 0.3rem 0;
        overflow-wrap: anywhere;
      }
      .site:focus-visible {
        outline-color: var(--pp-header-text);
      }
      /* A phone: the site name on its own row, the navigation under it. */
      @media (max-width: 47.99rem) {
        .bar {
          padding-inline: 0.5rem;
        }
        .site {
          box-sizing: border-box;
          flex: 1 0 100%;
          padding-inline: 0.5rem;
        }
      }
      pp-status-line {
        /* Space for the one-sentence status before the worker answers (no shift when it does). */
        min-height: 2.75rem;
      }
      main {
        max-width: 46rem;
        margin: 0 auto;
        padding: 0 1rem 4rem;
      }
      main.wide {
        max-width: 64rem;
      }
      main:focus {
        outline: none;
      }
      .update {
        max-width: 46rem;
        margin: 0.5rem auto 0;
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      .update p {
        margin: 0;
        margin-inline-end: auto;
      }
    `,
  ];

  declare private _route: Route;
  /** Why the current route's view code did not load, if it did not. */
  declare private _loadError: string | undefined;
  private _firstRoute = true;
  /** Counts navigations, so a slow chunk load never overrides a later navigation. */
  private _navigation = 0;

  static override properties = {
    _route: { state: true },
    _loadError: { state: true },
  };

  constructor() {
    super();
    this._route = parseRoute(location.pathname, location.search, BASE);
    this._loadError = undefined;
    new LocaleController(this);
    new StateController(this);
    const first = this._route;
    const navigation = this._navigation;
    // The first view renders as soon as its code is there (custom elements upgrade in place).
    loadView(first.name).then(
      () => navigation === this._navigation && this._updateTitle(this.renderRoot.querySelector<FocusableView>('main > *')),
      (err: unknown) => {
        if (navigation === this._navigation) this._loadError = errorText(err);
      },
    );
  }

  /** Every update waits for the reader's language (at once after the first): see localeReady. */
  protected override async scheduleUpdate(): Promise<void> {
    await localeReady;
    super.scheduleUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this._onPopState);
    this.addEventListener('click', this._onClick);
    this.addEventListener(TITLE_CHANGED, this._onTitleChanged);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('popstate', this._onPopState);
    this.removeEventListener('click', this._onClick);
    this.removeEventListener(TITLE_CHANGED, this._onTitleChanged);
    super.disconnectedCallback();
  }

  /** Navigate to a path inside the app (used by views, e.g. the search form). */
  navigate(href: string, opts: { replace?: boolean } = {}): void {
    const url = new URL(href, location.href);
    if (opts.replace) history.replaceState(null, '', url.pathname + url.search);
    else history.pushState(null, '', url.pathname + url.search);
    this._setRoute(parseRoute(url.pathname, url.search, BASE), !opts.replace);
  }

  private readonly _onPopState = (): void => {
    this._setRoute(parseRoute(location.pathname, location.search, BASE), false);
  };

  /** Same-app link clicks become history navigations (no page load, works offline). */
  private readonly _onClick = (event: MouseEvent): void => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement);
    if (!anchor || !anchor.href || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href);
    if (url.origin !== location.origin || !url.pathname.startsWith(BASE)) return;
    // Only app routes: media/ and files under the base are left to the browser.
    if (parseRoute(url.pathname, url.search, BASE).name === 'not-found') return;
    event.preventDefault();
    this.navigate(url.pathname + url.search);
  };

  private _setRoute(route: Route, scrollTop: boolean): void {
    const navigation = ++this._navigation;
    const show = (error: string | undefined): void => {
      if (navigation !== this._navigation) return; // a later navigation won
      this._loadError = error;
      this._route = route;
      if (scrollTop) window.scrollTo(0, 0);
    };
    loadView(route.name).then(
      () => show(undefined),
      (err: unknown) => show(errorText(err)),
    );
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('_route' as keyof PpApp)) return;
    const view = this.renderRoot.querySelector<FocusableView>('main > *');
    this._updateTitle(view);
    if (this._firstRoute) {
      // First render: leave focus where the browser put it (top of the page).
      this._firstRoute = false;
      return;
    }
    focusView(view);
  }

  private _updateTitle(view: FocusableView | null): void {
    const t = view?.viewTitle;
    document.title = t ? `${t} — ${siteConfig.name}` : siteConfig.name;
  }

  /** Views announce their title when it becomes known (articles load asynchronously). */
  private readonly _onTitleChanged = (): void => {
    this._updateTitle(this.renderRoot.querySelector<FocusableView>('main > *'));
  };

  private _view(): TemplateResult {
    const r = this._route;
    if (this._loadError !== undefined) {
      const m = msg();
      return html`<section class="load-error" tabindex="-1">
        <h1>${m.viewLoadFailedHeading}</h1>
        <p role="alert">${m.viewLoadFailed(this._loadError)}</p>
        <button type="button" @click=${() => location.reload()}>${m.viewLoadRetry}</button>
      </section>`;
    }
    switch (r.name) {
      case 'list':
        return html`<pp-article-list></pp-article-list>`;
      case 'article':
        return html`<pp-article-view .articleId=${r.id}></pp-article-view>`;
      case 'search':
        return html`<pp-search .query=${r.q} .section=${r.section} .filterLang=${r.lang}></pp-search>`;
      case 'mirrors':
        return html`<pp-mirrors-panel></pp-mirrors-panel>`;
      case 'settings':
        return html`<pp-settings></pp-settings>`;
      case 'nearby':
        return html`<pp-nearby></pp-nearby>`;
      case 'invite':
        return html`<pp-invite></pp-invite>`;
      case 'share':
        return html`<pp-share-page .via=${r.via}></pp-share-page>`;
      case 'not-found':
        return html`<pp-not-found></pp-not-found>`;
    }
  }

  private _onUpdateNow(): void {
    this.dispatchEvent(new CustomEvent('pp-update-accepted', { bubbles: true, composed: true }));
  }

  private _onUpdateLater(): void {
    appState.set({ updateWaiting: undefined });
  }

  override render(): TemplateResult {
    const m = msg();
    return html`
      <header>
        <button class="skip" @click=${this._onSkip}>${m.skipToContent}</button>
        <div class="bar">
          <a class="site" href=${BASE}>${siteConfig.name}</a>
          <pp-nav .route=${this._route}></pp-nav>
        </div>
      </header>
      ${appState.updateWaiting
        ? html`<div class="update warn" role="region" aria-label=${m.updateReady}>
            <p>${m.updateReady}</p>
            <button class="primary" @click=${this._onUpdateNow}>${m.updateNow}</button>
            <button @click=${this._onUpdateLater}>${m.updateLater}</button>
          </div>`
        : ''}
      <pp-status-line></pp-status-line>
      <main id="main" tabindex="-1" class=${this._route.name === 'list' ? 'wide' : ''}>${this._view()}</main>
    `;
  }

  /** Skip to the content: a button, not a #fragment link, since <main> is inside our shadow root. */
  private _onSkip(): void {
    const view = this.renderRoot.querySelector<FocusableView>('main > *');
    if (!focusView(view)) this.renderRoot.querySelector<HTMLElement>('main')?.focus();
  }
}

/**
 * Moves focus to a view's heading; the load-error notice (and a view whose code is still
 * loading) is not a FocusableView, so it gets focus itself. Returns false when there is no view.
 */
function focusView(view: FocusableView | HTMLElement | null): boolean {
  if (!view) return false;
  if ('focusHeading' in view && typeof view.focusHeading === 'function') view.focusHeading();
  else view.focus();
  return true;
}

/** A chunk-load failure in a sentence (browsers say e.g. "Failed to fetch dynamically imported module: …"). */
function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

customElements.define('pp-app', PpApp);

declare global {
  interface HTMLElementTagNameMap {
    'pp-app': PpApp;
  }
}
