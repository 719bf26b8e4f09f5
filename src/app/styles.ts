/**
 * Styles shared by the components: colour tokens (light and dark, WCAG AA contrast or better on
 * their backgrounds), focus rings, buttons, visually-hidden text. Constructable stylesheets via
 * Lit's `css`, so the CSP needs no 'unsafe-inline'.
 */
import { css } from 'lit';

/** Colour tokens and base typography for a component's shadow root. */
export const shared = css`
  :host {
    --pp-bg: #f7f5ef;
    --pp-surface: #ffffff;
    --pp-text: #1b1b1b;
    --pp-muted: #4a4a4a;
    --pp-accent: #1d3557;
    --pp-link: #1d4ed8;
    --pp-border: #c9c5ba;
    --pp-warn-bg: #fff3cd;
    --pp-warn-text: #5c4400;
    --pp-warn-border: #b58900;
    --pp-error: #9b1c1c;
    --pp-focus: #b45309;
    --pp-mark-bg: #ffe58f;
    /* The header bar: its own pair, so that dark mode gets a dark bar (not the pale accent). */
    --pp-header-bg: #1d3557;
    --pp-header-text: #f7f5ef;
    --pp-header-current: rgb(255 255 255 / 0.18);
    --pp-chip-on-bg: #1d3557;
    --pp-chip-on-text: #ffffff;
    --pp-thumb-bg: #e4e0d6;
    color: var(--pp-text);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --pp-bg: #121417;
      --pp-surface: #1c1f24;
      --pp-text: #e8e6e1;
      --pp-muted: #b5b2ab;
      --pp-accent: #c7d7ee;
      --pp-link: #9ec5ff;
      --pp-border: #3d424a;
      --pp-warn-bg: #3a2f00;
      --pp-warn-text: #ffe7a3;
      --pp-warn-border: #d4a72c;
      --pp-error: #ffb4ab;
      --pp-focus: #fbbf24;
      --pp-mark-bg: #5c4a00;
      --pp-header-bg: #1c1f24;
      --pp-header-text: #e8e6e1;
      --pp-header-current: rgb(255 255 255 / 0.12);
      --pp-chip-on-bg: #c7d7ee;
      --pp-chip-on-text: #121417;
      --pp-thumb-bg: #2a2e35;
    }
  }
  a {
    color: var(--pp-link);
  }
  a:focus-visible,
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  summary:focus-visible,
  [tabindex]:focus-visible {
    outline: 3px solid var(--pp-focus);
    outline-offset: 2px;
  }
  h1[tabindex='-1']:focus {
    outline: none;
  }
  button {
    font: inherit;
    min-height: 2.5rem;
    padding: 0.4rem 0.9rem;
    border-radius: 0.4rem;
    border: 1px solid var(--pp-accent);
    background: var(--pp-surface);
    color: var(--pp-accent);
    cursor: pointer;
  }
  button.primary {
    background: var(--pp-accent);
    color: var(--pp-bg);
  }
  button.danger {
    border-color: var(--pp-error);
    color: var(--pp-error);
  }
  button[disabled],
  button[aria-disabled='true'] {
    opacity: 0.7;
    cursor: progress;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .muted {
    color: var(--pp-muted);
  }
  .warn {
    background: var(--pp-warn-bg);
    color: var(--pp-warn-text);
    border: 1px solid var(--pp-warn-border);
    border-radius: 0.4rem;
    padding: 0.6rem 0.8rem;
  }
  .error {
    color: var(--pp-error);
  }
`;

/** The sections of the Settings view and of the panels placed in it (storage): one look. */
export const settingsSections = css`
  :host {
    display: block;
  }
  section {
    margin: 1.5rem 0;
  }
  h2 {
    font-size: 1.2rem;
    margin: 0 0 0.4rem;
  }
`;
