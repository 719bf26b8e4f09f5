/**
 * Strings of storage the reader controls: the storage panel in Settings (space, whether the
 * browser keeps the data, what is stored), the retention setting, saving an article, the "saved"
 * mark and filter of the list, and a full disk. English source text, one lit `msg` id per
 * entry (see messages.ts and docs/translating.md).
 */
import { str, type MsgFn } from '@lit/localize';
import type { Plural } from './plural.ts';

export function storageMessages(msg: MsgFn, plural: Plural) {
  return {
    // A full disk, wherever it happens (sync, share file, nearby, mirror file)
    get errSTORAGE_FULL() { return msg('this device’s storage is full, so nothing new was stored and everything stored before is intact. Free some space, or keep fewer articles in Settings, then try again', { id: 'errSTORAGE_FULL' }); },
    get reasonStorageFull() { return msg('this device’s storage is full: nothing stored was changed. Free some space, or keep fewer articles (Settings, Storage), then sync again', { id: 'reasonStorageFull' }); },

    // Storage panel
    storageCounts: (n: number, saved: number, images: number) => {
      const stored = plural(n, {
        one: () => msg(str`${n} article`, { id: 'storageCounts.articles.one' }),
        few: () => msg(str`${n} articles`, { id: 'storageCounts.articles.few' }),
        many: () => msg(str`${n} articles`, { id: 'storageCounts.articles.many' }),
        other: () => msg(str`${n} articles`, { id: 'storageCounts.articles.other' }),
      });
      const pictures = plural(images, {
        one: () => msg(str`${images} image`, { id: 'storageCounts.images.one' }),
        few: () => msg(str`${images} images`, { id: 'storageCounts.images.few' }),
        many: () => msg(str`${images} images`, { id: 'storageCounts.images.many' }),
        other: () => msg(str`${images} images`, { id: 'storageCounts.images.other' }),
      });
      return msg(str`${stored} stored, ${saved} saved by you, ${pictures}.`, { id: 'storageCounts' });
    },
    get storageCountsFailed() { return msg('The number of stored articles could not be read.', { id: 'storageCountsFailed' }); },
    get storageRefresh() { return msg('Check storage again', { id: 'storageRefresh' }); },

    // Retention
    get retentionHeading() { return msg('Which articles to keep', { id: 'retentionHeading' }); },
    get retentionIntro() { return msg('Older articles are removed from this device after each sync to save space. Articles you saved, and stories you received from other readers, are always kept.', { id: 'retentionIntro' }); },
    get retentionAll() { return msg('Keep everything', { id: 'retentionAll' }); },
    get retentionDays() { return msg('Keep the articles of the last days', { id: 'retentionDays' }); },
    get retentionDaysCount() { return msg('Number of days', { id: 'retentionDaysCount' }); },
    get retentionSize() { return msg('Keep at most this much', { id: 'retentionSize' }); },
    get retentionSizeCount() { return msg('Megabytes', { id: 'retentionSizeCount' }); },
    get retentionApply() { return msg('Apply storage setting', { id: 'retentionApply' }); },
    get retentionApplying() { return msg('Applying…', { id: 'retentionApplying' }); },
    retentionApplied: (dropped: number) =>
      dropped === 0
        ? msg('Setting saved. Nothing had to be removed.', { id: 'retentionApplied.none' })
        : plural(dropped, {
            one: () => msg(str`Setting saved. ${dropped} article removed from this device.`, { id: 'retentionApplied.one' }),
            few: () => msg(str`Setting saved. ${dropped} articles removed from this device.`, { id: 'retentionApplied.few' }),
            many: () => msg(str`Setting saved. ${dropped} articles removed from this device.`, { id: 'retentionApplied.many' }),
            other: () => msg(str`Setting saved. ${dropped} articles removed from this device.`, { id: 'retentionApplied.other' }),
          }),
    retentionInvalid: (min: number, max: number) => msg(str`Enter a whole number from ${min} to ${max}.`, { id: 'retentionInvalid' }),
    retentionFailed: (why: string) => msg(str`The setting could not be applied: ${why}.`, { id: 'retentionFailed' }),

    // Saving articles
    get saveToggle() { return msg('Save this article', { id: 'saveToggle' }); },
    get savedNote() { return msg('Saved: kept on this device whatever the storage setting.', { id: 'savedNote' }); },
    saveFailed: (why: string) => msg(str`Could not save the article: ${why}.`, { id: 'saveFailed' }),
    get savedMark() { return msg('Saved', { id: 'savedMark' }); },
    get listFilterLabel() { return msg('Show', { id: 'listFilterLabel' }); },
    get listFilterAll() { return msg('All articles', { id: 'listFilterAll' }); },
    get listFilterSaved() { return msg('Saved articles', { id: 'listFilterSaved' }); },
    get listSavedEmpty() { return msg('You have not saved any article yet. Use “Save this article” under an article to keep it.', { id: 'listSavedEmpty' }); },
  };
}
