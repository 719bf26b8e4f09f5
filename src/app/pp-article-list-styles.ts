/**
 * Styles of `<pp-article-list>`: section filter chips, the lead story, and the rows of the other
 * stories with their thumbnails. Every image box has its size before its bytes arrive (aspect-ratio
 * plus width/height attributes), so nothing moves as the list and its images load.
 */
import { css } from 'lit';

export const articleListStyles = css`
  :host {
    display: block;
  }
  h1 {
    margin: 1rem 0 0.5rem;
    font-size: 1.6rem;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    margin: 0 0 1rem;
    padding: 0;
    list-style: none;
  }
  .chips button {
    min-height: 2.25rem;
    padding: 0.25rem 0.8rem;
    border-radius: 1.2rem;
    border-color: var(--pp-border);
    color: var(--pp-text);
    max-width: 100%;
    overflow-wrap: anywhere;
  }
  .chips button[aria-pressed='true'] {
    background: var(--pp-chip-on-bg);
    border-color: var(--pp-chip-on-bg);
    color: var(--pp-chip-on-text);
    font-weight: 600;
  }
  /* While the first page loads: the room the lead story will take, so the list does not push anything. */
  .placeholder {
    min-height: 70vh;
  }
  .story {
    position: relative;
  }
  /* The headline link covers the whole story (one tab stop; the picture is clickable too). */
  .story h2 a::after,
  .story h3 a::after {
    content: '';
    position: absolute;
    inset: 0;
  }
  .story a {
    text-decoration: none;
    color: var(--pp-text);
  }
  .story a:hover {
    text-decoration: underline;
  }
  .story a:focus-visible {
    outline: none;
  }
  .story:focus-within {
    outline: 3px solid var(--pp-focus);
    outline-offset: 4px;
    border-radius: 0.2rem;
  }
  .kicker {
    margin: 0 0 0.15rem;
    font-size: 0.8rem;
    font-weight: 700;
    letter-spacing: 0.05em;
    text-transform: uppercase;
    color: var(--pp-muted);
  }
  .meta {
    margin: 0.25rem 0 0;
    font-size: 0.9rem;
  }
  .summary {
    margin: 0.35rem 0 0;
  }
  .archive,
  .saved-mark {
    font-weight: 600;
    color: var(--pp-text);
    border: 1px solid currentColor;
    border-radius: 0.2rem;
    padding: 0 0.3rem;
  }
  img {
    display: block;
    width: 100%;
    height: auto;
    object-fit: cover;
    background: var(--pp-thumb-bg);
    border-radius: 0.3rem;
  }
  .lead {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.75rem 1.5rem;
    padding-bottom: 1.25rem;
    border-bottom: 1px solid var(--pp-border);
  }
  /* The box a picture takes while the worker does not control the page yet (first visit). */
  .img-box {
    display: block;
    width: 100%;
    background: var(--pp-thumb-bg);
    border-radius: 0.3rem;
  }
  .lead img,
  .lead .img-box {
    aspect-ratio: 16 / 9;
  }
  .lead h2 {
    margin: 0;
    font-size: clamp(1.45rem, 4.5vw, 2.1rem);
    line-height: 1.2;
  }
  .lead .summary {
    font-size: 1.05rem;
  }
  .more-heading {
    margin: 1.25rem 0 0.25rem;
    font-size: 0.9rem;
    font-weight: 700;
    letter-spacing: 0.05em;
    text-transform: uppercase;
    color: var(--pp-muted);
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  ol > li {
    display: grid;
    grid-template-columns: minmax(0, 1fr) 6.5rem;
    grid-template-areas: 'text thumb';
    gap: 0 0.9rem;
    align-items: start;
    padding: 0.9rem 0;
    border-bottom: 1px solid var(--pp-border);
  }
  ol > li.no-thumb {
    grid-template-columns: minmax(0, 1fr);
    grid-template-areas: 'text';
  }
  ol > li:last-child {
    border-bottom: none;
  }
  .text {
    min-width: 0;
  }
  /* Named areas only inside a row: on the lead story a named area would open an extra column. */
  ol > li > .text {
    grid-area: text;
  }
  .thumb {
    grid-area: thumb;
  }
  .thumb img,
  .thumb .img-box {
    aspect-ratio: 3 / 2;
  }
  h3 {
    font-size: 1.1rem;
    margin: 0;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }
  ol .summary {
    display: none;
  }
  @media (min-width: 48rem) {
    .lead {
      grid-template-columns: 3fr 2fr;
      align-items: start;
    }
    .lead.no-image {
      grid-template-columns: 1fr;
    }
    ol {
      display: grid;
      grid-template-columns: repeat(2, minmax(0, 1fr));
      column-gap: 2rem;
    }
    ol > li {
      grid-template-columns: minmax(0, 1fr) 9rem;
    }
    ol .summary {
      display: block;
      font-size: 0.95rem;
    }
  }
`;
