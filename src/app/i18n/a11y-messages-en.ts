/**
 * English strings added by the keyboard and screen-reader pass over sharing, nearby sync and
 * invites (issue 12), spread into the English catalogue (messages-en.ts). a11y-messages-ru.ts
 * implements the same keys (a missing one is a compile error).
 */
import { plural } from './plural.ts';

const articles = (n: number) => plural('en', n, { one: `${n} article`, other: `${n} articles` });

export const a11yEn = {
  /** The end of a nearby session: what this side stored (new, or a newer revision) and sent. */
  nearbyStoredSent: (stored: number, sent: number) =>
    `This device stored ${plural('en', stored, { one: `${stored} new or updated article`, other: `${stored} new or updated articles` })}, and sent ${articles(sent)}.`,
  nearbyPeerCancelled: 'The other device cancelled the exchange. Articles already received and checked stay stored.',
  /** The clipboard refused: the text is selected instead. */
  copySelected: 'This browser did not allow copying: the text is selected, press Ctrl+C (or ⌘+C) to copy it.',
};
