/**
 * The app's own strings: navigation, the article list and view, the sync status, error codes,
 * mirrors, search, Settings and the app shell's update prompt. English source text, one lit `msg` id per
 * entry (see messages.ts and docs/translating.md).
 */
import { str, type MsgFn } from '@lit/localize';
import type { Plural } from './plural.ts';

export function coreMessages(msg: MsgFn, plural: Plural) {
  return {
    get languageName() { return msg('English', { id: 'languageName' }); },
    get skipToContent() { return msg('Skip to content', { id: 'skipToContent' }); },
    get navLabel() { return msg('Main', { id: 'navLabel' }); },
    get navArticles() { return msg('Articles', { id: 'navArticles' }); },
    get navSearch() { return msg('Search', { id: 'navSearch' }); },
    get navMirrors() { return msg('Mirrors', { id: 'navMirrors' }); },
    get navSettings() { return msg('Settings', { id: 'navSettings' }); },
    get loading() { return msg('Loading…', { id: 'loading' }); },

    // Article list
    get listHeading() { return msg('Articles', { id: 'listHeading' }); },
    get listEmptySyncing() { return msg('Downloading the first articles… They will appear here as they arrive.', { id: 'listEmptySyncing' }); },
    get listEmpty() { return msg('No articles are stored on this device yet. They are downloaded when a mirror can be reached.', { id: 'listEmpty' }); },
    listSectionCount: (n: number) =>
      plural(n, {
        one: () => msg(str`${n} article`, { id: 'listSectionCount.one' }),
        few: () => msg(str`${n} articles`, { id: 'listSectionCount.few' }),
        many: () => msg(str`${n} articles`, { id: 'listSectionCount.many' }),
        other: () => msg(str`${n} articles`, { id: 'listSectionCount.other' }),
      }),
    byAuthor: (author: string) => msg(str`by ${author}`, { id: 'byAuthor' }),
    get loadMore() { return msg('Show older articles', { id: 'loadMore' }); },

    // Article view
    get articleNotFound() { return msg('This article is not stored on this device.', { id: 'articleNotFound' }); },
    get articleNotFoundHint() { return msg('It may have been removed by the publisher, or not downloaded yet.', { id: 'articleNotFoundHint' }); },
    get backToList() { return msg('Back to articles', { id: 'backToList' }); },
    published: (date: string) => msg(str`Published ${date}`, { id: 'published' }),
    updated: (date: string) => msg(str`Updated ${date}`, { id: 'updated' }),
    get sourceLink() { return msg('Original source (opens outside this app)', { id: 'sourceLink' }); },
    get externalLinkNote() { return msg('Links in articles open outside this app and may be seen by whoever watches your connection.', { id: 'externalLinkNote' }); },

    // Status line
    get statusLabel() { return msg('Sync status', { id: 'statusLabel' }); },
    get syncNow() { return msg('Sync now', { id: 'syncNow' }); },
    get syncing() { return msg('Syncing…', { id: 'syncing' }); },
    get phaseTimestamp() { return msg('Checking the mirrors for news…', { id: 'phaseTimestamp' }); },
    get phaseRoot() { return msg('Updating the publisher’s keys…', { id: 'phaseRoot' }); },
    get phaseManifest() { return msg('Reading the table of contents…', { id: 'phaseManifest' }); },
    get phaseIndex() { return msg('Reading the table of contents…', { id: 'phaseIndex' }); },
    get phasePacks() { return msg('Downloading articles…', { id: 'phasePacks' }); },
    get phaseCommit() { return msg('Saving…', { id: 'phaseCommit' }); },
    progress: (done: number, total: number, bytes: string) =>
      plural(total, {
        one: () => msg(str`${done} of ${total} articles, ${bytes} received`, { id: 'progress.one' }),
        few: () => msg(str`${done} of ${total} articles, ${bytes} received`, { id: 'progress.few' }),
        many: () => msg(str`${done} of ${total} articles, ${bytes} received`, { id: 'progress.many' }),
        other: () => msg(str`${done} of ${total} articles, ${bytes} received`, { id: 'progress.other' }),
      }),
    lastUpdated: (when: string, mirror: string) => msg(str`Last updated ${when} from ${mirror}.`, { id: 'lastUpdated' }),
    lastUpdatedNoMirror: (when: string) => msg(str`Last updated ${when}.`, { id: 'lastUpdatedNoMirror' }),
    get statusPending() { return msg('Checking the stored news…', { id: 'statusPending' }); },
    get neverUpdated() { return msg('Not updated yet on this device.', { id: 'neverUpdated' }); },
    staleWarning: (since: string) => msg(str`Fresh news could not be fetched. The stored news has been out of date since ${since}.`, { id: 'staleWarning' }),
    get staleHint() { return msg('You can still read what is stored. Try again later, or on another network. If the date or time on this device is wrong, correct it first.', { id: 'staleHint' }); },
    clockBehind: (signed: string) => msg(str`The date or time on this device looks wrong: the latest news was signed on ${signed}, which is later than this device's clock says.`, { id: 'clockBehind' }),
    get withdrawnNotice() { return msg('The publisher has replaced its signing key. Articles that its current index no longer vouches for were removed from this device, and the current versions were downloaded again.', { id: 'withdrawnNotice' }); },
    get clockHint() { return msg('Until it is corrected, this app cannot tell you reliably how fresh the news is. Set the correct date, time and time zone in the device settings.', { id: 'clockHint' }); },
    failureDetails: (n: number) =>
      n === 1 ? msg('What went wrong', { id: 'failureDetails.single' }) : msg(str`What went wrong (${n} mirrors or steps)`, { id: 'failureDetails.several' }),
    lastAttemptFailed: (when: string) => msg(str`The last attempt (${when}) failed:`, { id: 'lastAttemptFailed' }),
    get offline() { return msg('You are offline. Stored articles remain readable.', { id: 'offline' }); },
    get noWorker() { return msg('This browser does not allow this app to work offline here (for example in a private window). Stored articles cannot be updated.', { id: 'noWorker' }); },
    get workerUnreachable() { return msg('The background service of this app is not answering yet.', { id: 'workerUnreachable' }); },
    publishedAt: (when: string) => msg(str`Edition of ${when}.`, { id: 'publishedAt' }),
    statusFailed: (when: string, reason: string) => msg(str`The update ${when} failed: ${reason}.`, { id: 'statusFailed' }),
    statusShowingFrom: (when: string) => msg(str`Showing the news stored ${when}.`, { id: 'statusShowingFrom' }),
    get statusNothingStored() { return msg('Nothing is stored yet.', { id: 'statusNothingStored' }); },
    get statusOffline() { return msg('Offline.', { id: 'statusOffline' }); },
    reasonMirror: (what: string) => msg(str`a mirror ${what}`, { id: 'reasonMirror' }),
    get reasonStorage() { return msg('this device’s storage is full or unavailable, and nothing stored was changed', { id: 'reasonStorage' }); },
    get feedbackStarted() { return msg('Checking the mirrors for news…', { id: 'feedbackStarted' }); },
    get feedbackElsewhere() { return msg('An update is already running in another window of this app.', { id: 'feedbackElsewhere' }); },
    get feedbackNothingNew() { return msg('Up to date: no new articles.', { id: 'feedbackNothingNew' }); },
    feedbackNew: (added: number, removed: number) => {
      const news = plural(added, {
        one: () => msg(str`${added} new article`, { id: 'feedbackNew.added.one' }),
        few: () => msg(str`${added} new articles`, { id: 'feedbackNew.added.few' }),
        many: () => msg(str`${added} new articles`, { id: 'feedbackNew.added.many' }),
        other: () => msg(str`${added} new articles`, { id: 'feedbackNew.added.other' }),
      });
      if (removed === 0) return msg(str`${news}.`, { id: 'feedbackNew' });
      const gone = plural(removed, {
        one: () => msg(str`${removed} removed`, { id: 'feedbackNew.removed.one' }),
        few: () => msg(str`${removed} removed`, { id: 'feedbackNew.removed.few' }),
        many: () => msg(str`${removed} removed`, { id: 'feedbackNew.removed.many' }),
        other: () => msg(str`${removed} removed`, { id: 'feedbackNew.removed.other' }),
      });
      return msg(str`${news}, ${gone}.`, { id: 'feedbackNew.withRemoved' });
    },
    feedbackFailed: (reason: string) => msg(str`Could not update: ${reason}.`, { id: 'feedbackFailed' }),
    get feedbackOffline() { return msg('You are offline, so nothing was tried. The app updates by itself when the connection returns.', { id: 'feedbackOffline' }); },
    articleCount: (n: number) =>
      plural(n, {
        one: () => msg(str`${n} article stored.`, { id: 'articleCount.one' }),
        few: () => msg(str`${n} articles stored.`, { id: 'articleCount.few' }),
        many: () => msg(str`${n} articles stored.`, { id: 'articleCount.many' }),
        other: () => msg(str`${n} articles stored.`, { id: 'articleCount.other' }),
      }),

    // Error codes → plain explanations
    get errTIMEOUT() { return msg('did not answer in time', { id: 'errTIMEOUT' }); },
    get errTOO_SLOW() { return msg('was too slow', { id: 'errTOO_SLOW' }); },
    get errNETWORK() { return msg('could not be reached', { id: 'errNETWORK' }); },
    get errHTTP_STATUS() { return msg('answered with an error', { id: 'errHTTP_STATUS' }); },
    get errNOT_BUNDLE() { return msg('answered with something that is not news data (a captive portal or a block page?)', { id: 'errNOT_BUNDLE' }); },
    get errBAD_SIGNATURE() { return msg('served data with an invalid signature (rejected)', { id: 'errBAD_SIGNATURE' }); },
    get errUNKNOWN_KEY() { return msg('served data signed by an unknown key (rejected)', { id: 'errUNKNOWN_KEY' }); },
    get errTHRESHOLD_NOT_MET() { return msg('served data without enough valid signatures (rejected)', { id: 'errTHRESHOLD_NOT_MET' }); },
    get errHASH_MISMATCH() { return msg('served damaged or altered data (rejected)', { id: 'errHASH_MISMATCH' }); },
    get errLENGTH_MISMATCH() { return msg('served damaged or altered data (rejected)', { id: 'errLENGTH_MISMATCH' }); },
    get errTOO_LARGE() { return msg('served more data than announced (rejected)', { id: 'errTOO_LARGE' }); },
    get errEXPIRED() { return msg('served news whose signature has expired', { id: 'errEXPIRED' }); },
    get errWITHDRAWN() { return msg('articles signed with the publisher\'s previous key were removed: its current index does not vouch for them', { id: 'errWITHDRAWN' }); },
    get errROLLBACK() { return msg('served older news than this device already has (rejected)', { id: 'errROLLBACK' }); },
    get errREVISION_ROLLBACK() { return msg('served older versions of stored articles (rejected)', { id: 'errREVISION_ROLLBACK' }); },
    get errREMOVED_WITHOUT_TOMBSTONE() { return msg('tried to remove articles without the publisher’s signature (rejected)', { id: 'errREMOVED_WITHOUT_TOMBSTONE' }); },
    get errMALFORMED() { return msg('served malformed data (rejected)', { id: 'errMALFORMED' }); },
    get errSTORAGE() { return msg('could not be saved: this device’s storage is full or unavailable', { id: 'errSTORAGE' }); },
    get errBUSY() { return msg('another sync is already running', { id: 'errBUSY' }); },
    get errALL_MIRRORS_FAILED() { return msg('no mirror could be reached', { id: 'errALL_MIRRORS_FAILED' }); },
    errOther: (code: string) => msg(str`failed (${code})`, { id: 'errOther' }),
    get errNoWorker() { return msg('the app’s background service is not available', { id: 'errNoWorker' }); },

    // Mirrors
    get mirrorsHeading() { return msg('Mirrors', { id: 'mirrorsHeading' }); },
    get mirrorsIntro() { return msg('The app downloads signed news from these addresses. Every byte is checked against the publisher’s signature, so a mirror cannot alter the news, only fail to deliver it.', { id: 'mirrorsIntro' }); },
    get mirrorOk() { return msg('working', { id: 'mirrorOk' }); },
    get mirrorFailing() { return msg('failing', { id: 'mirrorFailing' }); },
    get mirrorUnknown() { return msg('not tried', { id: 'mirrorUnknown' }); },
    get mirrorBehindBadge() { return msg('behind', { id: 'mirrorBehindBadge' }); },
    mirrorBehind: (version: number, validUntil: string) => msg(str`Behind: serves an older edition (number ${version}, valid until ${validUntil}). Nothing it served was wrong; the app uses more current mirrors first.`, { id: 'mirrorBehind' }),
    get mirrorSuspicious() { return msg('suspicious', { id: 'mirrorSuspicious' }); },
    mirrorFailingSince: (what: string, since: string) => {
      const problem = `${what.charAt(0).toUpperCase()}${what.slice(1)}`;
      return msg(str`${problem}, since ${since}.`, { id: 'mirrorFailingSince' });
    },
    get mirrorSourceSigned() { return msg('From the publisher’s signed list', { id: 'mirrorSourceSigned' }); },
    get mirrorSourceBootstrap() { return msg('Built into the app', { id: 'mirrorSourceBootstrap' }); },
    mirrorLastOk: (when: string) => msg(str`Last worked ${when}`, { id: 'mirrorLastOk' }),
    mirrorLastFail: (when: string) => msg(str`Last failed ${when}`, { id: 'mirrorLastFail' }),
    get mirrorNever() { return msg('Not contacted yet', { id: 'mirrorNever' }); },
    mirrorLatency: (ms: number) => msg(str`Response time about ${ms} ms`, { id: 'mirrorLatency' }),
    get mirrorsEmpty() { return msg('No mirror is known.', { id: 'mirrorsEmpty' }); },
    get mirrorsUnavailable() { return msg('Mirror health is not available right now.', { id: 'mirrorsUnavailable' }); },
    get refresh() { return msg('Check the list again', { id: 'refresh' }); },

    // Search
    get searchHeading() { return msg('Search', { id: 'searchHeading' }); },
    get searchLabel() { return msg('Search stored articles', { id: 'searchLabel' }); },
    get searchButton() { return msg('Search', { id: 'searchButton' }); },
    get searchHint() { return msg('Searches the articles stored on this device. Nothing leaves the device.', { id: 'searchHint' }); },
    searchNoResults: (q: string) => msg(str`No stored article matches “${q}”.`, { id: 'searchNoResults' }),
    searchResults: (n: number) =>
      plural(n, {
        one: () => msg(str`${n} article found`, { id: 'searchResults.one' }),
        few: () => msg(str`${n} articles found`, { id: 'searchResults.few' }),
        many: () => msg(str`${n} articles found`, { id: 'searchResults.many' }),
        other: () => msg(str`${n} articles found`, { id: 'searchResults.other' }),
      }),
    get searchIndexing() { return msg('Preparing the search…', { id: 'searchIndexing' }); },
    searchIndexingProgress: (done: number, total: number) => msg(str`Indexing the stored articles: ${done} of ${total} done. The results cover those so far.`, { id: 'searchIndexingProgress' }),
    get searchSectionLabel() { return msg('Section', { id: 'searchSectionLabel' }); },
    get searchLangLabel() { return msg('Language', { id: 'searchLangLabel' }); },
    get searchAllSections() { return msg('All sections', { id: 'searchAllSections' }); },
    get searchAllLanguages() { return msg('All languages', { id: 'searchAllLanguages' }); },
    searchFilterOption: (name: string, n: number) => msg(str`${name} (${n})`, { id: 'searchFilterOption' }),
    get searchOtherForms() { return msg('matches another form of the word', { id: 'searchOtherForms' }); },
    get searchShowMore() { return msg('Show more results', { id: 'searchShowMore' }); },
    searchFailed: (reason: string) => msg(str`The search failed: ${reason}. Reload the page to try again.`, { id: 'searchFailed' }),

    // Settings
    get settingsHeading() { return msg('Settings', { id: 'settingsHeading' }); },
    get languageHeading() { return msg('Language', { id: 'languageHeading' }); },
    get languageLabel() { return msg('Language of the app', { id: 'languageLabel' }); },
    get languageAuto() { return msg('Same as the browser', { id: 'languageAuto' }); },
    get storageHeading() { return msg('Storage on this device', { id: 'storageHeading' }); },
    storageUsage: (used: string, quota: string) => msg(str`Using ${used} of about ${quota} available.`, { id: 'storageUsage' }),
    get storageUnknown() { return msg('This browser does not report storage use.', { id: 'storageUnknown' }); },
    get storagePersisted() { return msg('Stored articles are kept until you erase them.', { id: 'storagePersisted' }); },
    get storageNotPersisted() { return msg('The browser may delete stored articles when space runs low.', { id: 'storageNotPersisted' }); },
    get storagePersistButton() { return msg('Keep articles on this device', { id: 'storagePersistButton' }); },
    get storagePersistDenied() { return msg('The browser declined. Installing the app or bookmarking it usually helps.', { id: 'storagePersistDenied' }); },
    get eraseHeading() { return msg('Erase everything', { id: 'eraseHeading' }); },
    get eraseIntro() { return msg('Removes every stored article, image, setting and reading position of this app from this device, then closes the app. Your browser history and an installed app icon are not touched: remove them in the browser yourself.', { id: 'eraseIntro' }); },
    get eraseButton() { return msg('Erase everything…', { id: 'eraseButton' }); },
    get eraseConfirmTitle() { return msg('Erase everything from this device?', { id: 'eraseConfirmTitle' }); },
    get eraseConfirmText() { return msg('All stored articles will be gone. This cannot be undone.', { id: 'eraseConfirmText' }); },
    get eraseConfirm() { return msg('Erase', { id: 'eraseConfirm' }); },
    get cancel() { return msg('Cancel', { id: 'cancel' }); },
    get erasing() { return msg('Erasing…', { id: 'erasing' }); },
    eraseFailed: (reason: string) => msg(str`Erasing failed: ${reason}. Some data may remain; try again.`, { id: 'eraseFailed' }),
    get erasedTitle() { return msg('Everything was erased', { id: 'erasedTitle' }); },
    get erasedText() { return msg('Close this tab. To remove the last traces, clear this site’s browsing data (history and cache) in your browser, and uninstall the app icon if you installed it.', { id: 'erasedText' }); },
    get aboutHeading() { return msg('About', { id: 'aboutHeading' }); },
    aboutSite: (name: string) => msg(str`${name}, delivered by Pigeonpost: signed news from untrusted mirrors, readable offline.`, { id: 'aboutSite' }),

    // App shell
    get updateReady() { return msg('A new version of this app is ready.', { id: 'updateReady' }); },
    get updateNow() { return msg('Update now', { id: 'updateNow' }); },
    get updateLater() { return msg('Later', { id: 'updateLater' }); },
    get notFoundHeading() { return msg('Page not found', { id: 'notFoundHeading' }); },
    get notFoundText() { return msg('This address does not exist in the app.', { id: 'notFoundText' }); },
  };
}
