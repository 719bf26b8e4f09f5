/**
 * The standalone share file's words (core/format/share-html.ts ShareViewLabels) from a catalogue
 * (`messagesIn(lang)`, messages.ts), so the CLI and the app write the same file in English or
 * Russian.
 */
import type { ShareViewLabels } from '../../core/format/share-html.ts';
import type { ShareMessages } from './share-messages.ts';

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
