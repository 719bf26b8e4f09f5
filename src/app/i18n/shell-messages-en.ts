/**
 * English strings of the app shell (loading a view's code), spread into the English catalogue
 * (messages-en.ts). shell-messages-ru.ts implements the same keys.
 */
export const shellEn = {
  viewLoadFailedHeading: 'This page could not be opened',
  viewLoadFailed: (reason: string) => `Its part of the app did not load (${reason}). Reloading the app usually fixes this; stored articles are not affected.`,
  viewLoadRetry: 'Reload the app',
};
