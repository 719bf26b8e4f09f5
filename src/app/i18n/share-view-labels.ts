/**
 * The standalone share file's words (core/format/share-html.ts ShareViewLabels) from a share
 * catalogue, so the CLI and the app write the same file in English or Russian.
 */
import type { ShareViewLabels } from '../../core/format/share-html.ts';
import { shareEn, type ShareMessages } from './share-messages-en.ts';
import { shareRu } from './share-messages-ru.ts';

/** The catalogue for a language tag (Russian for ru*, else English). */
export function shareMessagesFor(lang: string): ShareMessages {
  return lang.toLowerCase().split('-')[0] === 'ru' ? shareRu : shareEn;
}

/** The file's labels from `m`. */
export function shareViewLabels(m: ShareMessages): ShareViewLabels {
  return {
    signedBy: m.fileSignedBy,
    fingerprint: m.fileFingerprint,
    section: m.fileSection,
    published: m.filePublished,
    updated: m.fileUpdated,
    by: m.fileBy,
    revision: m.fileRevision,
    aboutCopy: m.fileAboutCopy,
    mirrorsHeading: m.fileMirrorsHeading,
    noMirrors: m.fileNoMirrors,
    getApp: m.fileGetApp,
    contents: m.fileContents,
  };
}
