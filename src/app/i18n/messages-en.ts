/**
 * English UI strings: the source locale. Every other locale implements `Messages` (typeof en), so
 * a missing or mistyped translation is a compile error. Values are strings or functions of their
 * parameters (already formatted: dates, sizes and counts are formatted by the caller, plurals
 * chosen with `plural()`).
 */
import { plural } from './plural.ts';
import { nearbyEn } from './nearby-messages-en.ts';
import { shellEn } from './shell-messages-en.ts';
import { shareEn } from './share-messages-en.ts';
import { storageEn } from './storage-messages-en.ts';
import { designEn } from './design-messages-en.ts';
import { platformEn } from './platform-messages-en.ts';
import { a11yEn } from './a11y-messages-en.ts';

export const en = {
  ...shareEn,
  languageName: 'English',
  skipToContent: 'Skip to content',
  navLabel: 'Main',
  navArticles: 'Articles',
  navSearch: 'Search',
  navMirrors: 'Mirrors',
  navSettings: 'Settings',
  loading: 'Loading…',

  // Article list
  listHeading: 'Articles',
  listEmptySyncing: 'Downloading the first articles… They will appear here as they arrive.',
  listEmpty: 'No articles are stored on this device yet. They are downloaded when a mirror can be reached.',
  listSectionCount: (n: number) => plural('en', n, { one: `${n} article`, other: `${n} articles` }),
  byAuthor: (author: string) => `by ${author}`,
  loadMore: 'Show older articles',

  // Article view
  articleNotFound: 'This article is not stored on this device.',
  articleNotFoundHint: 'It may have been removed by the publisher, or not downloaded yet.',
  backToList: 'Back to articles',
  published: (date: string) => `Published ${date}`,
  updated: (date: string) => `Updated ${date}`,
  sourceLink: 'Original source (opens outside this app)',
  externalLinkNote: 'Links in articles open outside this app and may be seen by whoever watches your connection.',

  // Status line
  statusLabel: 'Sync status',
  syncNow: 'Sync now',
  syncing: 'Syncing…',
  phaseTimestamp: 'Checking the mirrors for news…',
  phaseRoot: 'Updating the publisher’s keys…',
  phaseManifest: 'Reading the table of contents…',
  phaseIndex: 'Reading the table of contents…',
  phasePacks: 'Downloading articles…',
  phaseCommit: 'Saving…',
  progress: (done: number, total: number, bytes: string) => `${done} of ${total} articles, ${bytes} received`,
  lastUpdated: (when: string, mirror: string) => `Last updated ${when} from ${mirror}.`,
  lastUpdatedNoMirror: (when: string) => `Last updated ${when}.`,
  statusPending: 'Checking the stored news…',
  neverUpdated: 'Not updated yet on this device.',
  staleWarning: (since: string) => `Fresh news could not be fetched. The stored news has been out of date since ${since}.`,
  staleHint: 'You can still read what is stored. Try again later, or on another network. If the date or time on this device is wrong, correct it first.',
  clockBehind: (signed: string) => `The date or time on this device looks wrong: the latest news was signed on ${signed}, which is later than this device's clock says.`,
  withdrawnNotice: 'The publisher has replaced its signing key. Articles that its current index no longer vouches for were removed from this device, and the current versions were downloaded again.',
  clockHint: 'Until it is corrected, this app cannot tell you reliably how fresh the news is. Set the correct date, time and time zone in the device settings.',
  failureDetails: (n: number) => plural('en', n, { one: 'What went wrong', other: `What went wrong (${n} mirrors or steps)` }),
  lastAttemptFailed: (when: string) => `The last attempt (${when}) failed:`,
  offline: 'You are offline. Stored articles remain readable.',
  noWorker: 'This browser does not allow this app to work offline here (for example in a private window). Stored articles cannot be updated.',
  workerUnreachable: 'The background service of this app is not answering yet.',
  publishedAt: (when: string) => `Edition of ${when}.`,
  statusFailed: (when: string, reason: string) => `The update ${when} failed: ${reason}.`,
  statusShowingFrom: (when: string) => `Showing the news stored ${when}.`,
  statusNothingStored: 'Nothing is stored yet.',
  statusOffline: 'Offline.',
  reasonMirror: (what: string) => `a mirror ${what}`,
  reasonStorage: 'this device’s storage is full or unavailable, and nothing stored was changed',
  feedbackStarted: 'Checking the mirrors for news…',
  feedbackElsewhere: 'An update is already running in another window of this app.',
  feedbackNothingNew: 'Up to date: no new articles.',
  feedbackNew: (added: number, removed: number) =>
    `${plural('en', added, { one: `${added} new article`, other: `${added} new articles` })}${removed > 0 ? `, ${plural('en', removed, { one: `${removed} removed`, other: `${removed} removed` })}` : ''}.`,
  feedbackFailed: (reason: string) => `Could not update: ${reason}.`,
  feedbackOffline: 'You are offline, so nothing was tried. The app updates by itself when the connection returns.',
  articleCount: (n: number) => plural('en', n, { one: `${n} article stored.`, other: `${n} articles stored.` }),

  // Error codes → plain explanations
  errTIMEOUT: 'did not answer in time',
  errTOO_SLOW: 'was too slow',
  errNETWORK: 'could not be reached',
  errHTTP_STATUS: 'answered with an error',
  errNOT_BUNDLE: 'answered with something that is not news data (a captive portal or a block page?)',
  errBAD_SIGNATURE: 'served data with an invalid signature (rejected)',
  errUNKNOWN_KEY: 'served data signed by an unknown key (rejected)',
  errTHRESHOLD_NOT_MET: 'served data without enough valid signatures (rejected)',
  errHASH_MISMATCH: 'served damaged or altered data (rejected)',
  errLENGTH_MISMATCH: 'served damaged or altered data (rejected)',
  errTOO_LARGE: 'served more data than announced (rejected)',
  errEXPIRED: 'served news whose signature has expired',
  errWITHDRAWN: 'articles signed with the publisher\'s previous key were removed: its current index does not vouch for them',
  errROLLBACK: 'served older news than this device already has (rejected)',
  errREVISION_ROLLBACK: 'served older versions of stored articles (rejected)',
  errREMOVED_WITHOUT_TOMBSTONE: 'tried to remove articles without the publisher’s signature (rejected)',
  errMALFORMED: 'served malformed data (rejected)',
  errSTORAGE: 'could not be saved: this device’s storage is full or unavailable',
  errBUSY: 'another sync is already running',
  errALL_MIRRORS_FAILED: 'no mirror could be reached',
  errOther: (code: string) => `failed (${code})`,
  errNoWorker: 'the app’s background service is not available',

  // Mirrors
  mirrorsHeading: 'Mirrors',
  mirrorsIntro: 'The app downloads signed news from these addresses. Every byte is checked against the publisher’s signature, so a mirror cannot alter the news, only fail to deliver it.',
  mirrorOk: 'working',
  mirrorFailing: 'failing',
  mirrorUnknown: 'not tried',
  mirrorBehindBadge: 'behind',
  mirrorBehind: (version: number, validUntil: string) => `Behind: serves an older edition (number ${version}, valid until ${validUntil}). Nothing it served was wrong; the app uses more current mirrors first.`,
  mirrorSuspicious: 'suspicious',
  mirrorFailingSince: (what: string, since: string) => `${what.charAt(0).toUpperCase()}${what.slice(1)}, since ${since}.`,
  mirrorSourceSigned: 'From the publisher’s signed list',
  mirrorSourceBootstrap: 'Built into the app',
  mirrorLastOk: (when: string) => `Last worked ${when}`,
  mirrorLastFail: (when: string) => `Last failed ${when}`,
  mirrorNever: 'Not contacted yet',
  mirrorLatency: (ms: number) => `Response time about ${ms} ms`,
  mirrorsEmpty: 'No mirror is known.',
  mirrorsUnavailable: 'Mirror health is not available right now.',
  refresh: 'Check the list again',

  // Search
  searchHeading: 'Search',
  searchLabel: 'Search stored articles',
  searchButton: 'Search',
  searchHint: 'Searches the articles stored on this device. Nothing leaves the device.',
  searchNoResults: (q: string) => `No stored article matches “${q}”.`,
  searchResults: (n: number) => plural('en', n, { one: `${n} article found`, other: `${n} articles found` }),
  searchIndexing: 'Preparing the search…',
  searchIndexingProgress: (done: number, total: number) => `Indexing the stored articles: ${done} of ${total} done. The results cover those so far.`,
  searchSectionLabel: 'Section',
  searchLangLabel: 'Language',
  searchAllSections: 'All sections',
  searchAllLanguages: 'All languages',
  searchFilterOption: (name: string, n: number) => `${name} (${n})`,
  searchOtherForms: 'matches another form of the word',
  searchShowMore: 'Show more results',
  searchFailed: (reason: string) => `The search failed: ${reason}. Reload the page to try again.`,

  // Settings
  settingsHeading: 'Settings',
  languageHeading: 'Language',
  languageLabel: 'Language of the app',
  languageAuto: 'Same as the browser',
  storageHeading: 'Storage on this device',
  storageUsage: (used: string, quota: string) => `Using ${used} of about ${quota} available.`,
  storageUnknown: 'This browser does not report storage use.',
  storagePersisted: 'Stored articles are kept until you erase them.',
  storageNotPersisted: 'The browser may delete stored articles when space runs low.',
  storagePersistButton: 'Keep articles on this device',
  storagePersistDenied: 'The browser declined. Installing the app or bookmarking it usually helps.',
  eraseHeading: 'Erase everything',
  eraseIntro: 'Removes every stored article, image, setting and reading position of this app from this device, then closes the app. Your browser history and an installed app icon are not touched: remove them in the browser yourself.',
  eraseButton: 'Erase everything…',
  eraseConfirmTitle: 'Erase everything from this device?',
  eraseConfirmText: 'All stored articles will be gone. This cannot be undone.',
  eraseConfirm: 'Erase',
  cancel: 'Cancel',
  erasing: 'Erasing…',
  eraseFailed: (reason: string) => `Erasing failed: ${reason}. Some data may remain; try again.`,
  erasedTitle: 'Everything was erased',
  erasedText: 'Close this tab. To remove the last traces, clear this site’s browsing data (history and cache) in your browser, and uninstall the app icon if you installed it.',
  aboutHeading: 'About',
  aboutSite: (name: string) => `${name}, delivered by Pigeonpost: signed news from untrusted mirrors, readable offline.`,

  // App shell
  updateReady: 'A new version of this app is ready.',
  updateNow: 'Update now',
  updateLater: 'Later',
  notFoundHeading: 'Page not found',
  notFoundText: 'This address does not exist in the app.',
  ...nearbyEn,
  ...shellEn,
  ...storageEn,
  ...designEn,
  ...platformEn,
  ...a11yEn,
};

/** The shape every locale implements. */
export type Messages = typeof en;
