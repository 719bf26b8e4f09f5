/**
 * The contract between the shell and its routed views.
 */
import type { ReactiveElement } from 'lit';

/** Views expose this so the shell can move focus to their heading after a route change. */
export interface FocusableView extends HTMLElement {
  /** Focus the view's <h1> (now, or as soon as it is rendered). */
  focusHeading(): void;
  /** The page name for document.title, once known. */
  readonly viewTitle?: string;
}

/** Event a view fires when its title changes (e.g. an article finished loading). */
export const TITLE_CHANGED = 'pp-title-changed';

/** Fire TITLE_CHANGED from `view`. */
export function announceTitle(view: HTMLElement): void {
  view.dispatchEvent(new Event(TITLE_CHANGED, { bubbles: true, composed: true }));
}

/** Focus the first <h1> of `view`'s shadow root after its next render. */
export function focusFirstHeading(view: ReactiveElement): void {
  void view.updateComplete.then(() => view.renderRoot.querySelector<HTMLElement>('h1')?.focus());
}
