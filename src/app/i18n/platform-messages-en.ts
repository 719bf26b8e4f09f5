/**
 * English strings of the platform's surfaces: the web app manifest's screenshot labels (the
 * browser's install dialog, written by the CLI in the site's language) and the result of a share
 * file that could not be imported. Spread into the English catalogue (messages-en.ts);
 * platform-messages-ru.ts implements the same keys.
 */
export const platformEn = {
  screenshotList: 'The front page on a phone: the latest stories, with sections to choose from, readable offline.',
  screenshotArticle: 'A story on a desktop, read from this device, signed by its publisher.',
  importFailed: (name: string, why: string) => `Could not import ${name}: ${why}`,
};
