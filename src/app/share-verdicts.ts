/**
 * The plain-words report of an import (format.md §7.4): one sentence per story, and one for a
 * file refused as a whole, in the reader's language. Pure: the import panel renders the lines.
 */
import type { ImportReport, Rejection, StoryVerdict } from '../core/share/import.ts';
import type { ShareMessages } from './i18n/share-messages.ts';

/** Why, in words. */
export function reasonText(r: Rejection, m: ShareMessages): string {
  switch (r.reason) {
    case 'tampered':
      return m.reasonTampered;
    case 'foreign':
      return r.fingerprint ? m.reasonForeign(r.publisher ?? '?', r.fingerprint) : m.reasonForeignUnknown;
    case 'revoked':
      return m.reasonRevoked;
    case 'not-pigeonpost':
      return m.reasonNotPigeonpost;
    case 'too-large':
      return m.reasonTooLarge;
    case 'truncated':
      return m.reasonTruncated;
  }
}

/** One story's sentence; `kind` lets the panel mark refusals. */
export function storyLine(s: StoryVerdict, publisher: string, m: ShareMessages): { kind: 'ok' | 'info' | 'rejected'; text: string } {
  switch (s.status) {
    case 'added':
      return { kind: 'ok', text: s.archived ? m.verdictAddedArchive(s.title, publisher) : m.verdictAdded(s.title, publisher) };
    case 'same':
      return { kind: 'info', text: m.verdictSame(s.title) };
    case 'replaced':
      return { kind: 'ok', text: m.verdictReplaced(s.title, s.rev, s.storedRev ?? 0) };
    case 'older':
      return { kind: 'info', text: m.verdictOlder(s.title, s.rev, s.storedRev ?? 0) };
    case 'expired-ignored':
      return { kind: 'info', text: m.verdictExpiredIgnored(s.title) };
    case 'rejected':
      return { kind: 'rejected', text: s.title ? m.verdictRejected(s.title, reasonText(s.rejection, m)) : m.verdictRejectedUntitled(s.index + 1, reasonText(s.rejection, m)) };
  }
}

/** Every line of a report: the file's refusal first when there is one, then each story. */
export function reportLines(r: ImportReport, m: ShareMessages): { kind: 'ok' | 'info' | 'rejected'; text: string }[] {
  const lines = r.stories.map((s) => storyLine(s, r.publisher.name, m));
  if (!r.ok && r.rejection) {
    // A file refused as a whole: one sentence says it (the stories' lines would repeat it).
    return [{ kind: 'rejected', text: m.fileRejected(reasonText(r.rejection, m)) }];
  }
  return lines;
}
