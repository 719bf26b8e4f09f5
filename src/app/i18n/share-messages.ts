/**
 * Strings of sharing and receiving stories (format.md §7): the Share buttons, the import panel,
 * the verdicts the reader is told after an import, opening a mirror file, and the words of the
 * standalone share file itself (share-view-labels.ts). English source text, one lit `msg` id per
 * entry (see messages.ts and docs/translating.md).
 */
import { str, type MsgFn } from '@lit/localize';
import type { Plural } from './plural.ts';

export function shareMessages(msg: MsgFn, plural: Plural) {
  return {
    get navShare() { return msg('Share', { id: 'navShare' }); },
    get sharePageHeading() { return msg('Share and receive stories', { id: 'sharePageHeading' }); },
    get sharePickHeading() { return msg('Share stories from your library', { id: 'sharePickHeading' }); },
    get sharePickIntro() { return msg('Choose stories, or a whole section, to put into one file. The file opens in any browser, with no internet; in this app it is checked against the publisher’s signatures.', { id: 'sharePickIntro' }); },
    get sharePickEmpty() { return msg('There are no stories on this device yet.', { id: 'sharePickEmpty' }); },
    shareSectionHeading: (section: string, n: number) => {
      const count = plural(n, {
        one: () => msg(str`${n} story`, { id: 'shareSectionHeading.count.one' }),
        few: () => msg(str`${n} stories`, { id: 'shareSectionHeading.count.few' }),
        many: () => msg(str`${n} stories`, { id: 'shareSectionHeading.count.many' }),
        other: () => msg(str`${n} stories`, { id: 'shareSectionHeading.count.other' }),
      });
      return msg(str`${section} (${count})`, { id: 'shareSectionHeading' });
    },
    // Share (sending)
    get shareArticle() { return msg('Share this story', { id: 'shareArticle' }); },
    shareSection: (section: string) => msg(str`Share all stories in “${section}”`, { id: 'shareSection' }),
    shareSelected: (n: number) =>
      plural(n, {
        one: () => msg(str`Share ${n} story`, { id: 'shareSelected.one' }),
        few: () => msg(str`Share ${n} stories`, { id: 'shareSelected.few' }),
        many: () => msg(str`Share ${n} stories`, { id: 'shareSelected.many' }),
        other: () => msg(str`Share ${n} stories`, { id: 'shareSelected.other' }),
      }),
    get selectToShare() { return msg('Select stories to share', { id: 'selectToShare' }); },
    get selectDone() { return msg('Cancel selection', { id: 'selectDone' }); },
    selectStory: (title: string) => msg(str`Select “${title}”`, { id: 'selectStory' }),
    get sharePreparing() { return msg('Preparing the share file…', { id: 'sharePreparing' }); },
    shareDownloaded: (name: string) => msg(str`Saved the share file ${name}. Send it by any messenger, email or USB stick; it opens in any browser.`, { id: 'shareDownloaded' }),
    get shareSent() { return msg('Shared. The file opens in any browser; the Pigeonpost app checks its signatures when importing it.', { id: 'shareSent' }); },
    shareFailed: (why: string) => msg(str`Could not make the share file: ${why}`, { id: 'shareFailed' }),
    get shareTooLarge() { return msg('These stories make a file too large to share in one go (over 50 MB). Share fewer at a time.', { id: 'shareTooLarge' }); },

    // Receive (import)
    get importHeading() { return msg('Import stories', { id: 'importHeading' }); },
    get importIntro() { return msg('Add stories someone sent you: a Pigeonpost share file (.html), or a whole mirror file (.zip) or folder. Everything is checked against this app’s publisher keys before anything is stored.', { id: 'importIntro' }); },
    get importPick() { return msg('Choose share files…', { id: 'importPick' }); },
    get importDrop() { return msg('Or drop files here, or paste a file with Ctrl+V.', { id: 'importDrop' }); },
    get importDropZone() { return msg('Drop zone for share files', { id: 'importDropZone' }); },
    importWorking: (name: string) => msg(str`Checking ${name}…`, { id: 'importWorking' }),
    importResultHeading: (name: string) => msg(str`Result for ${name}`, { id: 'importResultHeading' }),
    get importNothing() { return msg('No file was given.', { id: 'importNothing' }); },
    verdictAdded: (title: string, publisher: string) => msg(str`Added “${title}”, signed by ${publisher}.`, { id: 'verdictAdded' }),
    verdictAddedArchive: (title: string, publisher: string) => msg(str`Added “${title}” as an archive copy: it is signed by ${publisher}, but with keys whose validity has ended. It is labelled as archive and any update from a mirror replaces it.`, { id: 'verdictAddedArchive' }),
    verdictSame: (title: string) => msg(str`“${title}”: already in your library.`, { id: 'verdictSame' }),
    verdictReplaced: (title: string, rev: number, old: number) => msg(str`“${title}”: a newer revision (${rev}) replaced the one you had (${old}).`, { id: 'verdictReplaced' }),
    verdictOlder: (title: string, rev: number, stored: number) => msg(str`“${title}”: ignored, this is an older revision (${rev}) than yours (${stored}).`, { id: 'verdictOlder' }),
    verdictExpiredIgnored: (title: string) => msg(str`“${title}”: ignored, this newer copy is signed with keys whose validity has ended; you keep the copy you have.`, { id: 'verdictExpiredIgnored' }),
    verdictRejected: (title: string, why: string) => msg(str`Rejected “${title}”: ${why}`, { id: 'verdictRejected' }),
    verdictRejectedUntitled: (n: number, why: string) => msg(str`Rejected story ${n}: ${why}`, { id: 'verdictRejectedUntitled' }),
    fileRejected: (why: string) => msg(str`Nothing was added: ${why}`, { id: 'fileRejected' }),
    get reasonTampered() { return msg('it was changed after it was signed (or damaged), so it cannot be trusted.', { id: 'reasonTampered' }); },
    reasonForeign: (publisher: string, fingerprint: string) => msg(str`it comes from another publisher (“${publisher}”, key fingerprint ${fingerprint}). This app only accepts stories signed by its own publisher.`, { id: 'reasonForeign' }),
    get reasonForeignUnknown() { return msg('it comes from another publisher. This app only accepts stories signed by its own publisher.', { id: 'reasonForeignUnknown' }); },
    get reasonRevoked() { return msg('it is signed with a key the publisher has since withdrawn.', { id: 'reasonRevoked' }); },
    get reasonNotPigeonpost() { return msg('this is not a Pigeonpost file.', { id: 'reasonNotPigeonpost' }); },
    get reasonTooLarge() { return msg('the file is too large to be a share file.', { id: 'reasonTooLarge' }); },
    get reasonTruncated() { return msg('the file is incomplete (cut off during transfer). Ask for it again.', { id: 'reasonTruncated' }); },
    get archiveLabel() { return msg('Archive copy', { id: 'archiveLabel' }); },
    get archiveExplain() { return msg('This story came from another reader and is signed with keys whose validity has ended. It is kept as an archive copy.', { id: 'archiveExplain' }); },
    get importedLabel() { return msg('Received from another reader', { id: 'importedLabel' }); },

    /** core ErrorCode TRUNCATED, explained like the other err* codes (explain.ts). */
    get errTRUNCATED() { return msg('the file is incomplete (it was cut off in transfer)', { id: 'errTRUNCATED' }); },

    // Mirror file (zip or folder)
    get mirrorFilePick() { return msg('Open a mirror file (.zip)…', { id: 'mirrorFilePick' }); },
    get mirrorFolderPick() { return msg('Open a mirror folder…', { id: 'mirrorFolderPick' }); },
    mirrorFileSyncing: (name: string) => msg(str`Syncing from ${name}…`, { id: 'mirrorFileSyncing' }),
    mirrorFileDone: (name: string, added: number) =>
      plural(added, {
        one: () => msg(str`Synced from ${name}: ${added} story added or updated.`, { id: 'mirrorFileDone.one' }),
        few: () => msg(str`Synced from ${name}: ${added} stories added or updated.`, { id: 'mirrorFileDone.few' }),
        many: () => msg(str`Synced from ${name}: ${added} stories added or updated.`, { id: 'mirrorFileDone.many' }),
        other: () => msg(str`Synced from ${name}: ${added} stories added or updated.`, { id: 'mirrorFileDone.other' }),
      }),
    mirrorFileUnchanged: (name: string) => msg(str`Synced from ${name}: nothing new.`, { id: 'mirrorFileUnchanged' }),
    mirrorFileFailed: (name: string, why: string) => msg(str`Could not sync from ${name}: ${why}`, { id: 'mirrorFileFailed' }),

    // The standalone share file's own words
    fileSignedBy: (publisher: string) => msg(str`Signed stories of ${publisher}`, { id: 'fileSignedBy' }),
    get fileFingerprint() { return msg('publisher key fingerprint', { id: 'fileFingerprint' }); },
    get fileSection() { return msg('Section', { id: 'fileSection' }); },
    get filePublished() { return msg('Published', { id: 'filePublished' }); },
    get fileUpdated() { return msg('Updated', { id: 'fileUpdated' }); },
    get fileBy() { return msg('by', { id: 'fileBy' }); },
    get fileRevision() { return msg('revision', { id: 'fileRevision' }); },
    get fileContents() { return msg('Stories in this file', { id: 'fileContents' }); },
    fileAboutCopy: (publisher: string) => msg(str`This page is a copy for reading, made by a reader of ${publisher}. Anyone can edit a page, so do not trust it on its own: open this file in the ${publisher} app (Import stories) and the app checks every story against the publisher’s signatures before keeping it.`, { id: 'fileAboutCopy' }),
    get fileMirrorsHeading() { return msg('Where to find the publisher (signed mirror list)', { id: 'fileMirrorsHeading' }); },
    get fileNoMirrors() { return msg('This copy carries no mirror list.', { id: 'fileNoMirrors' }); },
    fileGetApp: (publisher: string) => msg(str`To get the ${publisher} app, open one of these addresses in a browser and install it (“Install app” or “Add to home screen”). Pass this file on: it reads offline in any browser.`, { id: 'fileGetApp' }),
  };
}

/** The sharing strings' shape (share-verdicts.ts, share-view-labels.ts). */
export type ShareMessages = ReturnType<typeof shareMessages>;
