/**
 * The translation files stay in step with the source catalogue (docs/translating.md): a forgotten
 * `npm run i18n:extract` or `npm run i18n:build` fails here, as does a Russian message left
 * untranslated or a stale id. The tools run on copies in a temporary folder; nothing in the repo
 * is written.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pseudoXliff } from '../../scripts/i18n/pseudo-locale.ts';
import { messagesIn } from '../../src/app/i18n/messages.ts';
import { shareViewLabels } from '../../src/app/i18n/share-view-labels.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'node_modules/@lit/localize-tools/bin/lit-localize.js');
const CONFIG = JSON.parse(readFileSync(join(ROOT, 'lit-localize.json'), 'utf8')) as {
  targetLocales: string[];
  inputFiles: string[];
  output: { outputDir: string };
  interchange: { xliffDir: string };
};

let tmp = '';
/** The extracted XLIFF (from the source, keeping the committed translations) and the built modules. */
const extracted = new Map<string, string>();
const built = new Map<string, string>();

function units(xliff: string): Map<string, { source: string; target: string | undefined }> {
  const out = new Map<string, { source: string; target: string | undefined }>();
  for (const m of xliff.matchAll(/<trans-unit id="([^"]+)">\s*<source>(.*?)<\/source>(?:\s*<target>(.*?)<\/target>)?\s*<\/trans-unit>/gs)) {
    out.set(m[1]!, { source: m[2]!, target: m[3] });
  }
  return out;
}

function runTool(command: 'extract' | 'build', xliffDir: string, outputDir: string): void {
  const config = { ...CONFIG, inputFiles: CONFIG.inputFiles.map((g) => join(ROOT, g)), output: { ...CONFIG.output, outputDir }, interchange: { ...CONFIG.interchange, xliffDir } };
  const path = join(tmp, `${command}.json`);
  writeFileSync(path, JSON.stringify(config));
  execFileSync(process.execPath, [CLI, `--config=${path}`, command], { cwd: ROOT, stdio: 'pipe' });
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'pp-i18n-'));
  cpSync(join(ROOT, CONFIG.interchange.xliffDir), join(tmp, 'extracted'), { recursive: true });
  runTool('extract', join(tmp, 'extracted'), join(tmp, 'unused'));
  for (const l of CONFIG.targetLocales) extracted.set(l, readFileSync(join(tmp, 'extracted', `${l}.xlf`), 'utf8'));
  cpSync(join(ROOT, CONFIG.interchange.xliffDir), join(tmp, 'committed'), { recursive: true });
  runTool('build', join(tmp, 'committed'), join(tmp, 'generated'));
  for (const f of readdirSync(join(tmp, 'generated'))) built.set(f, readFileSync(join(tmp, 'generated', f), 'utf8'));
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const committed = (l: string): string => readFileSync(join(ROOT, CONFIG.interchange.xliffDir, `${l}.xlf`), 'utf8');

describe('translation files', () => {
  it('ru.xlf has every message id of the source, no stale one, and translates each', () => {
    const source = units(extracted.get('ru')!);
    const ru = units(committed('ru'));
    expect(source.size).toBeGreaterThan(300);
    expect([...source.keys()].filter((id) => !ru.has(id)), 'ids missing from xliff/ru.xlf (run npm run i18n:extract)').toEqual([]);
    expect([...ru.keys()].filter((id) => !source.has(id)), 'stale ids in xliff/ru.xlf (run npm run i18n:extract)').toEqual([]);
    expect([...ru].filter(([, u]) => !u.target?.trim()).map(([id]) => id), 'untranslated in xliff/ru.xlf').toEqual([]);
    expect([...ru].filter(([id, u]) => u.source !== source.get(id)!.source).map(([id]) => id), 'source text changed since the last extract').toEqual([]);
    expect(committed('ru')).toBe(extracted.get('ru'));
  });

  it('ar-XB.xlf is the pseudo-translation of the current source', () => {
    expect(committed('ar-XB'), 'run npm run i18n:extract (it regenerates the pseudo-locale)').toBe(pseudoXliff(extracted.get('ar-XB')!));
  });

  it('the generated locale modules are built from the committed XLIFF', () => {
    expect([...built.keys()].sort()).toEqual(CONFIG.targetLocales.map((l) => `${l}.ts`).sort());
    for (const [file, text] of built) {
      expect(readFileSync(join(ROOT, CONFIG.output.outputDir, file), 'utf8'), `${CONFIG.output.outputDir}/${file} is out of date: run npm run i18n:build`).toBe(text);
    }
  });
});

describe('the catalogue type', () => {
  it('rejects a missing key or wrong parameters at compile time (npm run typecheck fails if an expected error goes away)', () => {
    const m = messagesIn('en');
    // @ts-expect-error: there is no such message
    expect(m.noSuchMessage).toBeUndefined();
    // @ts-expect-error: the count is a number
    expect(m.listSectionCount('3')).toBe('3 articles');
    // @ts-expect-error: the author is missing
    expect(m.byAuthor()).toBe('by undefined');
    expect(messagesIn('ru').byAuthor('Анна')).toBe('Автор: Анна');
  });
});

describe('messagesIn', () => {
  it('gives one language whatever the UI language is (CLI manifests and share files)', () => {
    expect(shareViewLabels(messagesIn('ru-RU')).signedBy('Demo News')).toBe('Подписанные статьи издателя Demo News');
    expect(shareViewLabels(messagesIn('en')).signedBy('Demo News')).toBe('Signed stories of Demo News');
    expect(messagesIn('de').languageName).toBe('English');
    expect([1, 2, 5].map((n) => messagesIn('ru').shareSelected(n))).toEqual(['Поделиться 1 статьёй', 'Поделиться 2 статьями', 'Поделиться 5 статьями']);
  });
});
