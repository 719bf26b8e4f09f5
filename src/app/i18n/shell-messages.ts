/**
 * Strings of the app shell (loading a view's code). English source text, one lit `msg` id per
 * entry (see messages.ts and docs/translating.md).
 */
import { str, type MsgFn } from '@lit/localize';

export function shellMessages(msg: MsgFn) {
  return {
    get viewLoadFailedHeading() { return msg('This page could not be opened', { id: 'viewLoadFailedHeading' }); },
    viewLoadFailed: (reason: string) => msg(str`Its part of the app did not load (${reason}). Reloading the app usually fixes this; stored articles are not affected.`, { id: 'viewLoadFailed' }),
    get viewLoadRetry() { return msg('Reload the app', { id: 'viewLoadRetry' }); },
  };
}
