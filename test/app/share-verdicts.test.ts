/**
 * The import report in plain words (src/app/share-verdicts.ts), in English and Russian: one
 * sentence per story verdict, the other publisher's fingerprint named, a whole-file refusal said once.
 */
import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../../src/core/share/import.ts';
import { messagesIn } from '../../src/app/i18n/messages.ts';

const shareEn = messagesIn('en');
const shareRu = messagesIn('ru');
import { reportLines } from '../../src/app/share-verdicts.ts';

const publisher = { name: 'Demo News', site: 'demo-news', fingerprint: 'AAAA BBBB CCCC DDDD EEEE' };
const report: ImportReport = {
  ok: true,
  publisher,
  stories: [
    { index: 0, status: 'added', id: 'a', rev: 1, title: 'Bridge reopens', archived: false },
    { index: 1, status: 'added', id: 'b', rev: 1, title: 'Old notes', archived: true },
    { index: 2, status: 'same', id: 'c', rev: 2, title: 'Rain', storedRev: 2, archived: false },
    { index: 3, status: 'replaced', id: 'd', rev: 3, title: 'Market', storedRev: 1, archived: false },
    { index: 4, status: 'older', id: 'e', rev: 1, title: 'School', storedRev: 4, archived: false },
    { index: 5, status: 'rejected', id: 'f', title: 'Fake', rejection: { reason: 'revoked', code: 'UNKNOWN_KEY', message: '' } },
    { index: 6, status: 'rejected', rejection: { reason: 'tampered', code: 'BAD_SIGNATURE', message: '' } },
  ],
};

describe('import verdicts in plain words', () => {
  it('English: one sentence per story', () => {
    expect(reportLines(report, shareEn).map((l) => [l.kind, l.text])).toEqual([
      ['ok', 'Added “Bridge reopens”, signed by Demo News.'],
      ['ok', expect.stringMatching(/^Added “Old notes” as an archive copy: it is signed by Demo News, but with keys whose validity has ended/)],
      ['info', '“Rain”: already in your library.'],
      ['ok', '“Market”: a newer revision (3) replaced the one you had (1).'],
      ['info', '“School”: ignored, this is an older revision (1) than yours (4).'],
      ['rejected', 'Rejected “Fake”: it is signed with a key the publisher has since withdrawn.'],
      ['rejected', 'Rejected story 7: it was changed after it was signed (or damaged), so it cannot be trusted.'],
    ]);
  });

  it('Russian, and a foreign file refused as a whole with its fingerprint', () => {
    const foreign: ImportReport = { ok: false, publisher, rejection: { reason: 'foreign', code: 'UNKNOWN_KEY', message: '', publisher: 'Другая газета', fingerprint: '1234 5678 9ABC DEF0 1234' }, stories: [] };
    expect(reportLines(foreign, shareRu)).toEqual([
      { kind: 'rejected', text: 'Ничего не добавлено: это материал другого издателя («Другая газета», отпечаток ключа 1234 5678 9ABC DEF0 1234). Это приложение принимает только статьи, подписанные его собственным издателем.' },
    ]);
    expect(reportLines(report, shareRu)[0]!.text).toBe('Добавлена статья «Bridge reopens», подписанная издателем Demo News.');
    expect(reportLines({ ...foreign, rejection: { reason: 'truncated', code: 'TRUNCATED', message: '' } }, shareEn)[0]!.text).toBe('Nothing was added: the file is incomplete (cut off during transfer). Ask for it again.');
  });
});
