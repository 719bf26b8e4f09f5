/**
 * Strings added by the keyboard and screen-reader pass over sharing, nearby sync and invites
 * (issue 12). English source text, one lit `msg` id per entry (see messages.ts and
 * docs/translating.md).
 */
import { str, type MsgFn } from '@lit/localize';
import type { Plural } from './plural.ts';

export function a11yMessages(msg: MsgFn, plural: Plural) {
  return {
    /** The end of a nearby session: what this side stored (new, or a newer revision) and sent. */
    nearbyStoredSent: (stored: number, sent: number) => {
      const got = plural(stored, {
        one: () => msg(str`${stored} new or updated article`, { id: 'nearbyStoredSent.stored.one' }),
        few: () => msg(str`${stored} new or updated articles`, { id: 'nearbyStoredSent.stored.few' }),
        many: () => msg(str`${stored} new or updated articles`, { id: 'nearbyStoredSent.stored.many' }),
        other: () => msg(str`${stored} new or updated articles`, { id: 'nearbyStoredSent.stored.other' }),
      });
      const gave = plural(sent, {
        one: () => msg(str`${sent} article`, { id: 'nearbyStoredSent.sent.one' }),
        few: () => msg(str`${sent} articles`, { id: 'nearbyStoredSent.sent.few' }),
        many: () => msg(str`${sent} articles`, { id: 'nearbyStoredSent.sent.many' }),
        other: () => msg(str`${sent} articles`, { id: 'nearbyStoredSent.sent.other' }),
      });
      return msg(str`This device stored ${got}, and sent ${gave}.`, { id: 'nearbyStoredSent' });
    },
    get nearbyPeerCancelled() { return msg('The other device cancelled the exchange. Articles already received and checked stay stored.', { id: 'nearbyPeerCancelled' }); },
    /** The clipboard refused: the text is selected instead. */
    get copySelected() { return msg('This browser did not allow copying: the text is selected, press Ctrl+C (or ⌘+C) to copy it.', { id: 'copySelected' }); },
  };
}
