/**
 * English strings of storage the reader controls: the storage panel in Settings (space, whether
 * the browser keeps the data, what is stored), the retention setting, saving an article, the
 * "saved" mark and filter of the list, and a full disk. Spread into `en` (messages-en.ts).
 */
import { plural } from './plural.ts';

const articles = (n: number) => plural('en', n, { one: `${n} article`, other: `${n} articles` });

export const storageEn = {
  // A full disk, wherever it happens (sync, share file, nearby, mirror file)
  errSTORAGE_FULL: 'this device’s storage is full, so nothing new was stored and everything stored before is intact. Free some space, or keep fewer articles in Settings, then try again',
  reasonStorageFull: 'this device’s storage is full: nothing stored was changed. Free some space, or keep fewer articles (Settings, Storage), then sync again',

  // Storage panel
  storageCounts: (n: number, saved: number, images: number) =>
    `${articles(n)} stored, ${saved} saved by you, ${plural('en', images, { one: `${images} image`, other: `${images} images` })}.`,
  storageCountsFailed: 'The number of stored articles could not be read.',
  storageRefresh: 'Check storage again',

  // Retention
  retentionHeading: 'Which articles to keep',
  retentionIntro: 'Older articles are removed from this device after each sync to save space. Articles you saved, and stories you received from other readers, are always kept.',
  retentionAll: 'Keep everything',
  retentionDays: 'Keep the articles of the last days',
  retentionDaysCount: 'Number of days',
  retentionSize: 'Keep at most this much',
  retentionSizeCount: 'Megabytes',
  retentionApply: 'Apply storage setting',
  retentionApplying: 'Applying…',
  retentionApplied: (dropped: number) => (dropped === 0 ? 'Setting saved. Nothing had to be removed.' : `Setting saved. ${articles(dropped)} removed from this device.`),
  retentionInvalid: (min: number, max: number) => `Enter a whole number from ${min} to ${max}.`,
  retentionFailed: (why: string) => `The setting could not be applied: ${why}.`,

  // Saving articles
  saveToggle: 'Save this article',
  savedNote: 'Saved: kept on this device whatever the storage setting.',
  saveFailed: (why: string) => `Could not save the article: ${why}.`,
  savedMark: 'Saved',
  listFilterLabel: 'Show',
  listFilterAll: 'All articles',
  listFilterSaved: 'Saved articles',
  listSavedEmpty: 'You have not saved any article yet. Use “Save this article” under an article to keep it.',
};

/** The shape of every locale's storage strings. */
export type StorageMessages = typeof storageEn;
