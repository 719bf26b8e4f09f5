/**
 * `<pp-article-view>`: one stored article.
 *
 * The body is the stored (signed, publisher-sanitized) HTML, sanitized again at every render by
 * DOMPurify through the `pigeonpost-html` Trusted Types policy (sanitize.ts) and written into a
 * container Lit does not manage. Images are `/media/<sha256>` URLs answered by the service worker
 * from IndexedDB. The reading position (a fraction of the page) is saved while scrolling and
 * restored when the article is opened again.
 *
 * A thin bar at the top shows how far the reader is (decorative: `aria-hidden`, never announced;
 * it moves without animation when the reader prefers reduced motion). The body's text size is the
 * reader's choice in Settings (text-size.ts). Titled images get visible captions (captions.ts).
 */
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { siteConfig } from 'virtual:pigeonpost-site';
import { getArticle, getReadingPosition, isSaved, saveReadingPosition, setSaved, type ReadableArticle } from '../shared/db/index.ts';
import { explainError } from './explain.ts';
import { askPersistenceOnce } from './persist.ts';
import { formatDateTime } from './i18n/format.ts';
import { locale, LocaleController, localeDir, msg } from './i18n/locale.ts';
import { BASE } from './router.ts';
import { addCaptions } from './captions.ts';
import { renderArticleHtml } from './sanitize.ts';
import { appState, StateController } from './state.ts';
import { shared } from './styles.ts';
import { TEXT_SCALE, textSize, TextSizeController } from './text-size.ts';
import { announceTitle, type FocusableView } from './view.ts';
import './pp-share-button.ts';

/** Debounce of reading-position writes (ms). */
const SAVE_DELAY_MS = 600;

/** A web address safe to show as the original source, or undefined. */
function sourceUrl(source: string | undefined): string | undefined {
  if (!source) return undefined;
  try {
    const u = new URL(source);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Fraction of the page scrolled (0..1). */
function scrollFraction(): number {
  const max = document.documentElement.scrollHeight - window.innerHeight;
  return max > 0 ? Math.min(1, Math.max(0, window.scrollY / max)) : 0;
}

/** The article view. */
export class PpArticleView extends LitElement implements FocusableView {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .section {
        margin: 1.5rem 0 0;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        font-size: 0.85rem;
      }
      h1 {
        font-size: clamp(1.6rem, 4vw, 2.2rem);
        line-height: 1.2;
        margin: 0.3rem 0 0.5rem;
      }
      .meta {
        margin: 0 0 1rem;
        font-size: 0.9rem;
      }
      .progress {
        position: fixed;
        inset-inline: 0;
        top: 0;
        height: 4px;
        z-index: 30;
        pointer-events: none;
        background: transparent;
      }
      .progress div {
        height: 100%;
        background: var(--pp-focus);
        transform-origin: 0 50%;
        transform: scaleX(0);
      }
      .progress[dir='rtl'] div {
        transform-origin: 100% 50%;
      }
      @media (prefers-reduced-motion: no-preference) {
        .progress div {
          transition: transform 120ms linear;
        }
      }
      .body {
        font-size: calc(1.1rem * var(--pp-text-scale, 1));
        line-height: 1.65;
        overflow-wrap: anywhere;
      }
      .body img,
      figure img {
        max-width: 100%;
        height: auto;
      }
      figure {
        margin: 1rem 0;
      }
      figure img {
        display: block;
        border-radius: 0.3rem;
      }
      figcaption {
        font-size: 0.9rem;
        line-height: 1.4;
        color: var(--pp-muted);
        margin-top: 0.4rem;
        padding-inline-start: 0.6rem;
        border-inline-start: 3px solid var(--pp-border);
      }
      .body blockquote {
        margin: 1rem 0;
        padding-inline-start: 1rem;
        border-inline-start: 3px solid var(--pp-border);
      }
      .body pre {
        overflow-x: auto;
      }
      .body table {
        border-collapse: collapse;
        display: block;
        overflow-x: auto;
      }
      .body th,
      .body td {
        border: 1px solid var(--pp-border);
        padding: 0.3rem 0.5rem;
      }
      button.save[aria-pressed='true']::before {
        content: '✓ ';
      }
      footer {
        margin-top: 2rem;
        padding-top: 1rem;
        border-top: 1px solid var(--pp-border);
        font-size: 0.9rem;
      }
    `,
  ];

  /** Which article to show (set by the shell from the route). */
  declare articleId: string;
  declare private _article: ReadableArticle | null | undefined;
  declare private _error: string | undefined;
  /** Whether the reader saved this article (kept whatever the retention setting). */
  declare private _saved: boolean;
  declare private _saveError: string | undefined;
  private _saveTimer: ReturnType<typeof setTimeout> | undefined;
  private _restored = false;
  private _wantFocus = false;
  private _renderedKey = '';

  static override properties = {
    articleId: { attribute: false },
    _article: { state: true },
    _error: { state: true },
    _saved: { state: true },
    _saveError: { state: true },
  };

  constructor() {
    super();
    this.articleId = '';
    this._article = undefined;
    this._error = undefined;
    this._saved = false;
    this._saveError = undefined;
    new LocaleController(this);
    new StateController(this);
    new TextSizeController(this);
  }

  get viewTitle(): string | undefined {
    return this._article ? this._article.title : this._article === null ? msg().articleNotFound : undefined;
  }

  focusHeading(): void {
    // The heading is replaced when the article arrives; focus the final one (see updated()).
    this._wantFocus = true;
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('scroll', this._onScroll, { passive: true });
    document.addEventListener('visibilitychange', this._onHide);
    window.addEventListener('pagehide', this._onHide);
    navigator.serviceWorker?.addEventListener('controllerchange', this._onController);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('scroll', this._onScroll);
    document.removeEventListener('visibilitychange', this._onHide);
    window.removeEventListener('pagehide', this._onHide);
    navigator.serviceWorker?.removeEventListener('controllerchange', this._onController);
    cancelAnimationFrame(this._progressFrame);
    this._progressFrame = 0;
    this._flushPosition();
    super.disconnectedCallback();
  }

  /**
   * Pictures are `media/` URLs only the worker answers. On a first visit the article can render
   * before the worker controls the page, and those requests went to the mirror (which has no such
   * path): once the worker takes over, ask again for every picture that did not load.
   */
  private readonly _onController = (): void => {
    for (const img of this.renderRoot.querySelectorAll<HTMLImageElement>('img')) {
      if (img.complete && img.naturalWidth > 0) continue;
      if (!new URL(img.src, location.href).pathname.startsWith(`${BASE}media/`)) continue;
      const src = img.src;
      img.removeAttribute('src');
      img.src = src;
    }
  };

  private _loadedFor = '';
  private _loadedVersion = -1;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('articleId') && this._loadedFor !== this.articleId) {
      this._flushPosition();
      this._article = undefined;
      this._restored = false;
    }
    if (this._loadedFor !== this.articleId || this._loadedVersion !== appState.articlesVersion) {
      this._loadedFor = this.articleId;
      this._loadedVersion = appState.articlesVersion;
      void this._load(this.articleId);
    }
  }

  private async _load(id: string): Promise<void> {
    try {
      const [a, saved] = await Promise.all([getArticle(siteConfig.id, id), isSaved(siteConfig.id, id).catch(() => false)]);
      if (id !== this.articleId) return;
      this._article = a ?? null;
      this._saved = saved;
      this._error = undefined;
      announceTitle(this);
    } catch (e) {
      this._error = e instanceof Error ? e.message : String(e);
    }
  }

  protected override updated(): void {
    // A custom property set through the CSSOM (the CSP allows no inline style attribute).
    this.style.setProperty('--pp-text-scale', String(TEXT_SCALE[textSize()]));
    if (this._wantFocus && this._article !== undefined) {
      this._wantFocus = false;
      this.renderRoot.querySelector<HTMLElement>('h1')?.focus();
    }
    const a = this._article;
    const body = this.renderRoot.querySelector<HTMLElement>('.body');
    if (!a || !body) return;
    // Re-sanitize and write the body only when the article (or its revision) changed.
    const key = `${a.id}@${a.rev}`;
    if (this._renderedKey !== key || body.childElementCount + (body.textContent?.length ?? 0) === 0) {
      this._renderedKey = key;
      renderArticleHtml(body, a.html);
      addCaptions(body);
    }
    this._drawProgress();
    if (!this._restored) {
      this._restored = true;
      void this._restorePosition(a.id);
    }
  }

  private async _restorePosition(id: string): Promise<void> {
    const pos = await getReadingPosition(siteConfig.id, id).catch(() => undefined);
    if (!pos || pos.fraction < 0.02 || id !== this.articleId) return;
    // Wait a frame for layout, then scroll (images without dimensions may shift it slightly).
    requestAnimationFrame(() => {
      const max = document.documentElement.scrollHeight - window.innerHeight;
      if (max > 0) window.scrollTo(0, pos.fraction * max);
    });
  }

  private _progressFrame = 0;

  /** Move the progress bar to the current scroll fraction (at most once per frame). */
  private _drawProgress(): void {
    if (this._progressFrame) return;
    this._progressFrame = requestAnimationFrame(() => {
      this._progressFrame = 0;
      const fill = this.renderRoot.querySelector<HTMLElement>('.progress div');
      if (fill) fill.style.transform = `scaleX(${scrollFraction()})`;
    });
  }

  private readonly _onScroll = (): void => {
    this._drawProgress();
    if (!this._article || !this._restored) return;
    clearTimeout(this._saveTimer);
    this._saveTimer = setTimeout(() => this._flushPosition(), SAVE_DELAY_MS);
  };

  private readonly _onHide = (): void => {
    if (document.visibilityState === 'hidden') this._flushPosition();
  };

  private _flushPosition(): void {
    if (this._saveTimer === undefined || !this._article) return;
    clearTimeout(this._saveTimer);
    this._saveTimer = undefined;
    void saveReadingPosition(siteConfig.id, this._article.id, scrollFraction()).catch(() => undefined);
  }

  private async _onSaveToggle(): Promise<void> {
    const a = this._article;
    if (!a) return;
    const next = !this._saved;
    try {
      await setSaved(siteConfig.id, a.id, next);
      this._saved = next;
      this._saveError = undefined;
      // The list shows the mark, the storage panel the count.
      appState.articlesChanged();
      if (next) void askPersistenceOnce();
    } catch (e) {
      const m = msg();
      const code = typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'STORAGE';
      this._saveError = m.saveFailed(explainError(m, code));
    }
  }

  private _lead(a: ReadableArticle): TemplateResult | typeof nothing {
    if (!a.lead || a.html.includes(`media/${a.lead}`)) return nothing;
    const img = a.images.find((i) => i.sha256 === a.lead);
    return html`<figure><img src=${`${BASE}media/${a.lead}`} alt=${img?.alt ?? ''} referrerpolicy="no-referrer" /></figure>`;
  }

  override render(): TemplateResult {
    const m = msg();
    const a = this._article;
    if (this._error) return html`<h1 tabindex="-1">${m.articleNotFound}</h1><p class="error">${this._error}</p>`;
    if (a === undefined) return html`<h1 tabindex="-1" class="muted">${m.loading}</h1>`;
    if (a === null)
      return html`<h1 tabindex="-1">${m.articleNotFound}</h1>
        <p>${m.articleNotFoundHint}</p>
        <p><a href=${BASE}>${m.backToList}</a></p>`;
    const source = sourceUrl(a.source);
    return html`<div class="progress" aria-hidden="true" dir=${a.dir}><div></div></div>
      <article lang=${a.lang} dir=${a.dir}>
      <header>
        <p class="section muted">${a.section}</p>
        <h1 tabindex="-1">${a.title}</h1>
        <p class="meta muted" lang=${locale()} dir=${localeDir()}>
          ${a.author ? html`${m.byAuthor(a.author)} · ` : nothing}<time datetime=${a.published}>${m.published(formatDateTime(a.published))}</time>
          ${a.updated ? html` · <time datetime=${a.updated}>${m.updated(formatDateTime(a.updated))}</time>` : nothing}
        </p>
      </header>
      ${a.archived ? html`<p class="warn" lang=${locale()}><strong>${m.archiveLabel}.</strong> ${m.archiveExplain}</p>` : a.imported ? html`<p class="muted" lang=${locale()}>${m.importedLabel}</p>` : nothing}
      ${this._lead(a)}
      <div class="body"></div>
      <footer lang=${locale()} dir=${localeDir()}>
        <p><button class="save" aria-pressed=${this._saved ? 'true' : 'false'} @click=${() => void this._onSaveToggle()}>${m.saveToggle}</button></p>
        ${this._saved ? html`<p class="muted">${m.savedNote}</p>` : nothing}
        ${this._saveError ? html`<p class="error" role="alert">${this._saveError}</p>` : nothing}
        <pp-share-button .ids=${[a.id]} .label=${m.shareArticle} .shareTitle=${a.title}></pp-share-button>
        ${source
          ? html`<p><a href=${source} target="_blank" rel="noopener noreferrer" referrerpolicy="no-referrer">${m.sourceLink}</a></p>`
          : nothing}
        <p class="muted">${m.externalLinkNote}</p>
        <p><a href=${BASE}>${m.backToList}</a></p>
      </footer>
    </article>`;
  }
}

customElements.define('pp-article-view', PpArticleView);

declare global {
  interface HTMLElementTagNameMap {
    'pp-article-view': PpArticleView;
  }
}
