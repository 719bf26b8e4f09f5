/**
 * English strings of sharing and receiving stories (format.md §7): the Share buttons, the import
 * panel, the verdicts the reader is told after an import, opening a mirror file, and the words of
 * the standalone share file itself. Spread into `en` (messages-en.ts) with one line.
 */
import { plural } from './plural.ts';

const stories = (n: number) => plural('en', n, { one: `${n} story`, other: `${n} stories` });

export const shareEn = {
  navShare: 'Share',
  sharePageHeading: 'Share and receive stories',
  sharePickHeading: 'Share stories from your library',
  sharePickIntro: 'Choose stories, or a whole section, to put into one file. The file opens in any browser, with no internet; in this app it is checked against the publisher’s signatures.',
  sharePickEmpty: 'There are no stories on this device yet.',
  shareSectionHeading: (section: string, n: number) => `${section} (${stories(n)})`,
  // Share (sending)
  shareArticle: 'Share this story',
  shareSection: (section: string) => `Share all stories in “${section}”`,
  shareSelected: (n: number) => `Share ${stories(n)}`,
  selectToShare: 'Select stories to share',
  selectDone: 'Cancel selection',
  selectStory: (title: string) => `Select “${title}”`,
  sharePreparing: 'Preparing the share file…',
  shareDownloaded: (name: string) => `Saved the share file ${name}. Send it by any messenger, email or USB stick; it opens in any browser.`,
  shareSent: 'Shared. The file opens in any browser; the Pigeonpost app checks its signatures when importing it.',
  shareFailed: (why: string) => `Could not make the share file: ${why}`,
  shareTooLarge: 'These stories make a file too large to share in one go (over 50 MB). Share fewer at a time.',

  // Receive (import)
  importHeading: 'Import stories',
  importIntro: 'Add stories someone sent you: a Pigeonpost share file (.html), or a whole mirror file (.zip) or folder. Everything is checked against this app’s publisher keys before anything is stored.',
  importPick: 'Choose share files…',
  importDrop: 'Or drop files here, or paste a file with Ctrl+V.',
  importDropZone: 'Drop zone for share files',
  importWorking: (name: string) => `Checking ${name}…`,
  importResultHeading: (name: string) => `Result for ${name}`,
  importNothing: 'No file was given.',
  verdictAdded: (title: string, publisher: string) => `Added “${title}”, signed by ${publisher}.`,
  verdictAddedArchive: (title: string, publisher: string) =>
    `Added “${title}” as an archive copy: it is signed by ${publisher}, but with keys whose validity has ended. It is labelled as archive and any update from a mirror replaces it.`,
  verdictSame: (title: string) => `“${title}”: already in your library.`,
  verdictReplaced: (title: string, rev: number, old: number) => `“${title}”: a newer revision (${rev}) replaced the one you had (${old}).`,
  verdictOlder: (title: string, rev: number, stored: number) => `“${title}”: ignored, this is an older revision (${rev}) than yours (${stored}).`,
  verdictExpiredIgnored: (title: string) => `“${title}”: ignored, this newer copy is signed with keys whose validity has ended; you keep the copy you have.`,
  verdictRejected: (title: string, why: string) => `Rejected “${title}”: ${why}`,
  verdictRejectedUntitled: (n: number, why: string) => `Rejected story ${n}: ${why}`,
  fileRejected: (why: string) => `Nothing was added: ${why}`,
  reasonTampered: 'it was changed after it was signed (or damaged), so it cannot be trusted.',
  reasonForeign: (publisher: string, fingerprint: string) =>
    `it comes from another publisher (“${publisher}”, key fingerprint ${fingerprint}). This app only accepts stories signed by its own publisher.`,
  reasonForeignUnknown: 'it comes from another publisher. This app only accepts stories signed by its own publisher.',
  reasonRevoked: 'it is signed with a key the publisher has since withdrawn.',
  reasonNotPigeonpost: 'this is not a Pigeonpost file.',
  reasonTooLarge: 'the file is too large to be a share file.',
  reasonTruncated: 'the file is incomplete (cut off during transfer). Ask for it again.',
  archiveLabel: 'Archive copy',
  archiveExplain: 'This story came from another reader and is signed with keys whose validity has ended. It is kept as an archive copy.',
  importedLabel: 'Received from another reader',

  /** core ErrorCode TRUNCATED, explained like the other err* codes (explain.ts). */
  errTRUNCATED: 'the file is incomplete (it was cut off in transfer)',

  // Mirror file (zip or folder)
  mirrorFilePick: 'Open a mirror file (.zip)…',
  mirrorFolderPick: 'Open a mirror folder…',
  mirrorFileSyncing: (name: string) => `Syncing from ${name}…`,
  mirrorFileDone: (name: string, added: number) => `Synced from ${name}: ${stories(added)} added or updated.`,
  mirrorFileUnchanged: (name: string) => `Synced from ${name}: nothing new.`,
  mirrorFileFailed: (name: string, why: string) => `Could not sync from ${name}: ${why}`,

  // The standalone share file's own words
  fileSignedBy: (publisher: string) => `Signed stories of ${publisher}`,
  fileFingerprint: 'publisher key fingerprint',
  fileSection: 'Section',
  filePublished: 'Published',
  fileUpdated: 'Updated',
  fileBy: 'by',
  fileRevision: 'revision',
  fileContents: 'Stories in this file',
  fileAboutCopy: (publisher: string) =>
    `This page is a copy for reading, made by a reader of ${publisher}. Anyone can edit a page, so do not trust it on its own: open this file in the ${publisher} app (Import stories) and the app checks every story against the publisher’s signatures before keeping it.`,
  fileMirrorsHeading: 'Where to find the publisher (signed mirror list)',
  fileNoMirrors: 'This copy carries no mirror list.',
  fileGetApp: (publisher: string) =>
    `To get the ${publisher} app, open one of these addresses in a browser and install it (“Install app” or “Add to home screen”). Pass this file on: it reads offline in any browser.`,
};

/** The shape the Russian catalogue implements. */
export type ShareMessages = typeof shareEn;
