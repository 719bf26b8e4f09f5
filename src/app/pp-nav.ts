/**
 * `<pp-nav>`: the app's main navigation, six destinations that must fit a 360 px phone in every
 * UI language.
 *
 * Pattern: a disclosure navigation menu (WAI-ARIA APG "Disclosure Navigation Menu"). From 48rem
 * up every destination is a link in one row. Below that, the first PRIMARY destinations stay in
 * the row and the rest sit behind a "More" button (`aria-expanded`, `aria-controls`) that shows
 * them as a plain list of links: no `role="menu"`, so screen readers keep link semantics and Tab
 * walks through them. Escape closes the list and returns focus to the button; a click outside,
 * or choosing a destination, closes it. The link of the current view carries
 * `aria-current="page"`, and "More" is marked when the current view is behind it.
 */
import { LitElement, css, html, type PropertyValues, type TemplateResult } from 'lit';
import { LocaleController, msg } from './i18n/locale.ts';
import type { Messages } from './i18n/messages.ts';
import { BASE, routeHref, type Route } from './router.ts';
import { shared } from './styles.ts';

/** A destination: its route and the catalogue key of its label. */
interface Destination {
  readonly route: Route;
  readonly label: (m: Messages) => string;
}

/** Every destination, in order; the first PRIMARY stay in the bar on a phone. */
const DESTINATIONS: readonly Destination[] = [
  { route: { name: 'list' }, label: (m) => m.navArticles },
  { route: { name: 'search', q: '' }, label: (m) => m.navSearch },
  { route: { name: 'share' }, label: (m) => m.navShare },
  { route: { name: 'nearby' }, label: (m) => m.navNearby },
  { route: { name: 'mirrors' }, label: (m) => m.navMirrors },
  { route: { name: 'settings' }, label: (m) => m.navSettings },
];
const PRIMARY = 3;

/** Whether `current` belongs to the destination `d` (an article belongs to the list). */
function isCurrent(d: Destination, current: Route): boolean {
  return d.route.name === current.name || (d.route.name === 'list' && current.name === 'article');
}

/** The main navigation. */
export class PpNav extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        position: relative;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .row {
        display: flex;
        /* One row in English and Russian; longer labels (ar-XB) take a second rather than overflow. */
        flex-wrap: wrap;
        gap: 0.15rem;
      }
      a,
      .more {
        color: var(--pp-header-text);
        display: inline-block;
        padding: 0.5rem 0.55rem;
        border-radius: 0.3rem;
        text-underline-offset: 0.2em;
        white-space: nowrap;
      }
      a[aria-current='page'],
      .more.holds-current {
        background: var(--pp-header-current);
        font-weight: 600;
      }
      a:focus-visible,
      .more:focus-visible {
        outline-color: var(--pp-header-text);
      }
      .more {
        font: inherit;
        min-height: 0;
        border: 1px solid transparent;
        background: transparent;
        text-decoration: underline;
        text-underline-offset: 0.2em;
      }
      .more[aria-expanded='true'] {
        border-color: var(--pp-header-text);
      }
      .caret {
        display: inline-block;
        margin-inline-start: 0.25rem;
        font-size: 0.75em;
      }
      .menu {
        position: absolute;
        inset-inline-end: 0;
        top: calc(100% + 0.25rem);
        z-index: 20;
        box-sizing: border-box;
        /* 100vw counts a classic scrollbar too: leave room for it. */
        min-width: min(12rem, calc(100vw - 3rem));
        max-width: calc(100vw - 3rem);
        padding: 0.3rem;
        background: var(--pp-surface);
        border: 1px solid var(--pp-border);
        border-radius: 0.5rem;
        box-shadow: 0 0.4rem 1.2rem rgb(0 0 0 / 0.25);
      }
      .menu a {
        display: block;
        overflow-wrap: anywhere;
        color: var(--pp-text);
        padding: 0.65rem 0.8rem;
      }
      .menu a[aria-current='page'] {
        background: color-mix(in srgb, var(--pp-accent) 14%, transparent);
      }
      .menu a:focus-visible {
        outline-color: var(--pp-focus);
      }
      .menu[hidden] {
        display: none;
      }
      /* A phone: the secondary destinations go behind "More". */
      @media (max-width: 47.99rem) {
        .secondary {
          display: none;
        }
        /* Russian fits one row at 360 px beside a classic scrollbar. */
        a,
        .more {
          padding-inline: 0.4rem;
        }
      }
      /* Wide enough for all of them: no "More" at all. */
      @media (min-width: 48rem) {
        .more-item {
          display: none;
        }
      }
    `,
  ];

  /** The current route (set by the shell). */
  declare route: Route;
  declare private _open: boolean;

  static override properties = {
    route: { attribute: false },
    _open: { state: true },
  };

  constructor() {
    super();
    this.route = { name: 'list' };
    this._open = false;
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('click', this._onDocumentClick, true);
  }

  override disconnectedCallback(): void {
    document.removeEventListener('click', this._onDocumentClick, true);
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Choosing a destination (or any navigation) closes the list.
    if (changed.has('route')) this._open = false;
  }

  /** A click outside the navigation closes the list (capture: views may stop propagation). */
  private readonly _onDocumentClick = (event: MouseEvent): void => {
    if (this._open && !event.composedPath().includes(this)) this._open = false;
  };

  private _onToggle(): void {
    this._open = !this._open;
  }

  private _onKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || !this._open) return;
    event.stopPropagation();
    this._open = false;
    this.renderRoot.querySelector<HTMLButtonElement>('.more')?.focus();
  }

  private _link(d: Destination, m: Messages): TemplateResult {
    return html`<a href=${routeHref(d.route, BASE)} aria-current=${isCurrent(d, this.route) ? 'page' : 'false'}>${d.label(m)}</a>`;
  }

  override render(): TemplateResult {
    const m = msg();
    const secondary = DESTINATIONS.slice(PRIMARY);
    const holdsCurrent = secondary.some((d) => isCurrent(d, this.route));
    return html`<nav aria-label=${m.navLabel} @keydown=${this._onKeyDown}>
      <ul class="row">
        ${DESTINATIONS.map((d, i) => html`<li class=${i < PRIMARY ? 'primary' : 'secondary'}>${this._link(d, m)}</li>`)}
        <li class="more-item">
          <button
            class="more ${holdsCurrent ? 'holds-current' : ''}"
            aria-expanded=${this._open ? 'true' : 'false'}
            aria-controls="more-menu"
            @click=${this._onToggle}
          >
            ${m.navMore}<span class="caret" aria-hidden="true">${this._open ? '▲' : '▼'}</span>
          </button>
          <ul class="menu" id="more-menu" ?hidden=${!this._open}>
            ${secondary.map((d) => html`<li>${this._link(d, m)}</li>`)}
          </ul>
        </li>
      </ul>
    </nav>`;
  }
}

customElements.define('pp-nav', PpNav);

declare global {
  interface HTMLElementTagNameMap {
    'pp-nav': PpNav;
  }
}
