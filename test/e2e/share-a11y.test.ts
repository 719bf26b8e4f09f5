/**
 * Sharing, importing, nearby sync and invites by keyboard only and with a screen reader's view of
 * the page, in English and in Russian (issue 12), in headless Chromium against a real published
 * world. Only page.keyboard drives the app (Tab, Shift+Tab, Enter, Space; text typed with the
 * keyboard); the test carries the files and codes between the two readers, as people would. At
 * every step: the control is reached by Tab and is found by its role and accessible name (what a
 * screen reader announces), focus moves to the new step's heading or stays on the control that
 * acted, every outcome and progress line is in a live region with the words of the language in
 * use, and axe finds no serious or critical violation. None of these flows opens a dialog. A copy
 * the browser refuses selects the link, focuses it and says so.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileChooser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, E2E_ENABLED, storedArticles, syncFresh, waitForController, type Reader, type World } from './harness/index.ts';
import { tamperTitle } from '../helpers/share-file.ts';
import { cameraReader } from './nearby-helpers.ts';
import { focusLandsOn, hasFocus, liveRegionOf, tabTo } from './a11y-helpers.ts';
import { axeSerious } from './ui-helpers.ts';

const T = 300_000;

/** The app's words this test listens for, in both languages (written out: the test checks the catalogues). */
const WORDS = {
  en: {
    shareArticle: 'Share this story',
    shareDownloaded: (name: string) => `Saved the share file ${name}. Send it by any messenger, email or USB stick; it opens in any browser.`,
    shareSelected2: 'Share 2 stories',
    shareSectionPrefix: 'Share all stories in “',
    importPick: 'Choose share files…',
    verdictAdded: (title: string) => `Added “${title}”, signed by A11y News.`,
    reasonTampered: 'it was changed after it was signed (or damaged), so it cannot be trusted.',
    nearbyHeading: 'Share with a device nearby',
    nearbyStart: 'Start on this device',
    nearbyJoin: 'Join another device',
    nearbyOfferHeading: 'Step 1 of 2: show this code to the other device',
    nearbyCodeLabel: 'The same code as text',
    nearbyCancel: 'Cancel',
    nearbyScanOffer: 'Read the code shown on the first device',
    nearbyAnswerHeading: 'Show this answer code to the first device',
    scanPaste: 'Or paste the code',
    scanUse: 'Use this code',
    nearbyDoneHeading: 'Done',
    nearbyStoredSent: (stored: string, sent: string) => `This device stored ${stored}, and sent ${sent}.`,
    articles: (n: number) => (n === 1 ? '1 article' : `${n} articles`),
    newArticles: (n: number) => (n === 1 ? '1 new or updated article' : `${n} new or updated articles`),
    inviteHeading: 'Invite someone',
    inviteCopy: 'Copy link',
    copied: 'Copied.',
    copySelected: 'This browser did not allow copying: the text is selected, press Ctrl+C (or ⌘+C) to copy it.',
    inviteLinkLabel: 'Invite link',
    inviteAdded: (n: number) => `Added: the publisher’s signed list of ${n} mirrors is now used.`,
    inviteSame: 'Nothing changed: this device already uses this list of mirrors.',
  },
  ru: {
    shareArticle: 'Поделиться статьёй',
    shareDownloaded: (name: string) => `Файл ${name} сохранён. Отправьте его через любой мессенджер, почту или флешку; он открывается в любом браузере.`,
    shareSelected2: 'Поделиться 2 статьями',
    shareSectionPrefix: 'Поделиться всеми статьями раздела «',
    importPick: 'Выбрать файлы…',
    verdictAdded: (title: string) => `Добавлена статья «${title}», подписанная издателем A11y News.`,
    reasonTampered: 'содержимое изменено после подписи (или повреждено), поэтому ему нельзя доверять.',
    nearbyHeading: 'Обмен с устройством рядом',
    nearbyStart: 'Начать на этом устройстве',
    nearbyJoin: 'Подключиться к другому устройству',
    nearbyOfferHeading: 'Шаг 1 из 2: покажите этот код другому устройству',
    nearbyCodeLabel: 'Тот же код текстом',
    nearbyCancel: 'Отменить',
    nearbyScanOffer: 'Считайте код, показанный на первом устройстве',
    nearbyAnswerHeading: 'Покажите этот ответный код первому устройству',
    scanPaste: 'Или вставьте код',
    scanUse: 'Использовать этот код',
    nearbyDoneHeading: 'Готово',
    nearbyStoredSent: (stored: string, sent: string) => `Это устройство сохранило ${stored} и отправило ${sent}.`,
    articles: (n: number) => (n % 10 === 1 && n % 100 !== 11 ? `${n} статью` : [2, 3, 4].includes(n % 10) && ![12, 13, 14].includes(n % 100) ? `${n} статьи` : `${n} статей`),
    newArticles: (n: number) =>
      n % 10 === 1 && n % 100 !== 11 ? `${n} новую или обновлённую статью` : [2, 3, 4].includes(n % 10) && ![12, 13, 14].includes(n % 100) ? `${n} новые или обновлённые статьи` : `${n} новых или обновлённых статей`,
    inviteHeading: 'Пригласить',
    inviteCopy: 'Скопировать ссылку',
    copied: 'Скопировано.',
    copySelected: 'Браузер не разрешил копирование: текст выделен, нажмите Ctrl+C (или ⌘+C), чтобы скопировать его.',
    inviteLinkLabel: 'Ссылка-приглашение',
    inviteAdded: (n: number) => `Добавлено: теперь используется подписанный издателем список из ${n} зеркал.`,
    inviteSame: 'Ничего не изменилось: это устройство уже использует этот список зеркал.',
  },
} as const;

type Lang = keyof typeof WORDS;

describe.skipIf(!E2E_ENABLED)('share, import, nearby and invite by keyboard and screen reader, in English and Russian', () => {
  let world: World;
  let a: Reader; // synced from the mirrors
  let b: Reader; // never reaches a mirror
  let pa: Page;
  let pb: Page;
  let files: string;
  let titles: Map<string, string>;
  let ids: string[];
  const shared: Partial<Record<Lang, string>> = {};
  // B's file choosers, listened for from the start: Playwright then intercepts the picker before
  // any key is pressed (a listener added together with the key press sometimes came too late).
  const choosers: FileChooser[] = [];

  beforeAll(async () => {
    world = await createWorld({ name: 'A11y News', id: 'a11y-news' });
    files = join(world.root, 'files');
    await mkdir(files, { recursive: true });
    a = await cameraReader();
    b = await cameraReader();
    // Headless Linux has no system share sheet: the app downloads the file instead.
    await a.context!.addInitScript(() => Object.defineProperty(Navigator.prototype, 'canShare', { value: () => false }));
    await a.context!.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(world.urls.origin).origin });
    await b.context!.route(/timestamp\.json/, (r) => r.abort());
    pa = await a.page();
    pb = await b.page();
    pb.on('filechooser', (c) => choosers.push(c));
    await pa.goto(world.urls.origin);
    await waitForController(pa);
    await syncFresh(pa);
    const stored = await storedArticles(pa, world.siteId);
    ids = stored.map((s) => s.id).sort();
    titles = new Map(stored.map((s) => [s.id, s.title]));
    expect(ids.length).toBeGreaterThanOrEqual(3);
    await pb.goto(world.urls.origin);
    await waitForController(pb);
  }, T);

  afterAll(async () => {
    await a?.dispose();
    await b?.dispose();
    await world?.close();
  });

  const setLang = async (lang: Lang): Promise<void> => {
    for (const p of [pa, pb]) await p.evaluate((l) => (l === 'en' ? localStorage.removeItem('pigeonpost.locale') : localStorage.setItem('pigeonpost.locale', l)), lang);
  };

  describe.each(['en', 'ru'] as const)('in %s', (lang) => {
    const w = WORDS[lang];
    // The story shared and imported: one B lacks in each language.
    const article = (): string => (lang === 'en' ? ids[0]! : 'ru-first');

    beforeAll(async () => {
      if (lang === 'ru') {
        // After the English pass both libraries are equal: two new stories reach A only.
        await world.addArticle('ru-first', 'Новая библиотека открылась', { body: 'Библиотека открыта с девяти. The library opens at nine.' });
        await world.addArticle('ru-second', 'Трамвай идёт по новому маршруту', { body: 'Трамвай теперь идёт через мост. The tram now crosses the bridge.' });
        await world.publish();
        await syncFresh(pa);
        titles = new Map((await storedArticles(pa, world.siteId)).map((s) => [s.id, s.title]));
        expect(titles.has('ru-second')).toBe(true);
      }
      await setLang(lang);
    }, T);

    it('Share from the article view: Tab reaches the button, Enter makes the file, the outcome is announced and focus stays', async () => {
      await pa.goto(`${world.urls.origin}article/${article()}`);
      const view = pa.locator('pp-article-view');
      await view.getByRole('heading', { level: 1, name: titles.get(article())! }).waitFor({ timeout: 15_000 });
      const button = view.getByRole('button', { name: w.shareArticle, exact: true });
      await tabTo(pa, button);
      expect(await axeSerious(pa)).toEqual([]);
      const [download] = await Promise.all([pa.waitForEvent('download'), pa.keyboard.press('Enter')]);
      const path = join(files, `${lang}-${download.suggestedFilename()}`);
      await download.saveAs(path);
      shared[lang] = path;
      const status = view.locator('pp-share-button').getByRole('status');
      await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe(w.shareDownloaded(download.suggestedFilename()));
      expect(await liveRegionOf(status)).toBe('status');
      // The button that acted keeps focus (a disabled button would drop it to the page).
      expect(await hasFocus(button)).toBe(true);
      expect(await axeSerious(pa)).toEqual([]);
    }, T);

    it('Share a selection and a section from the Share page: checkboxes by Space, buttons by Enter', async () => {
      await pa.goto(`${world.urls.origin}share`);
      const picker = pa.locator('pp-share-picker');
      const first = picker.getByRole('checkbox', { name: titles.get(ids[1]!)!, exact: true });
      const second = picker.getByRole('checkbox', { name: titles.get(ids[2]!)!, exact: true });
      await tabTo(pa, first);
      await pa.keyboard.press('Space');
      expect(await first.isChecked()).toBe(true);
      await tabTo(pa, second);
      await pa.keyboard.press('Space');
      expect(await second.isChecked()).toBe(true);
      const selection = picker.getByRole('button', { name: w.shareSelected2, exact: true });
      await tabTo(pa, selection);
      const [two] = await Promise.all([pa.waitForEvent('download'), pa.keyboard.press('Enter')]);
      expect(two.suggestedFilename()).toMatch(/\.html$/);
      const selStatus = picker.locator('.selection pp-share-button').getByRole('status');
      await expect.poll(() => selStatus.textContent(), { timeout: 15_000 }).toBe(w.shareDownloaded(two.suggestedFilename()));
      expect(await hasFocus(selection)).toBe(true);
      // Back up to a section's button with Shift+Tab.
      const section = picker.getByRole('button', { name: new RegExp(`^${w.shareSectionPrefix}`) }).first();
      await tabTo(pa, section, { back: true });
      const [all] = await Promise.all([pa.waitForEvent('download'), pa.keyboard.press('Enter')]);
      expect(all.suggestedFilename()).toMatch(/\.html$/);
      expect(await hasFocus(section)).toBe(true);
      expect(await axeSerious(pa)).toEqual([]);
    }, T);

    it('Import: Tab reaches the file button, Enter opens the picker, the verdict is announced', async () => {
      await pb.goto(`${world.urls.origin}share`);
      const panel = pb.locator('pp-share-import');
      const pick = panel.getByRole('button', { name: w.importPick, exact: true });
      await tabTo(pb, pick);
      expect(await axeSerious(pb)).toEqual([]);
      const before = choosers.length;
      await pb.keyboard.press('Enter');
      await expect.poll(() => choosers.length, { timeout: 30_000 }).toBe(before + 1);
      await choosers[before]!.setFiles(shared[lang]!);
      const verdict = panel.getByText(w.verdictAdded(titles.get(article())!), { exact: true });
      await verdict.waitFor({ timeout: 60_000 });
      expect(await liveRegionOf(verdict)).toBe('status');
      expect(await hasFocus(pick)).toBe(true);
      const library = await storedArticles(pb, world.siteId);
      expect(library.map((x) => x.id)).toContain(article());
      expect(await axeSerious(pb)).toEqual([]);
      // A tampered copy, chosen the same way from the button that kept focus: refused, and said so.
      const tampered = join(files, `${lang}-tampered.html`);
      await writeFile(tampered, tamperTitle(await readFile(shared[lang]!, 'utf8'), 0));
      await pb.keyboard.press('Enter');
      await expect.poll(() => choosers.length, { timeout: 30_000 }).toBe(before + 2);
      await choosers[before + 1]!.setFiles(tampered);
      const refusal = panel.getByText(w.reasonTampered);
      await refusal.waitFor({ timeout: 60_000 });
      expect(await liveRegionOf(refusal)).toBe('status');
      expect(await storedArticles(pb, world.siteId)).toEqual(library);
    }, T);

    it('Nearby: start, cancel, start again, join with the pasted code, and both outcomes announced', async () => {
      const na = pa.locator('pp-nearby');
      const nb = pb.locator('pp-nearby');
      const before = { a: (await storedArticles(pa, world.siteId)).length, b: (await storedArticles(pb, world.siteId)).length };
      await pa.goto(`${world.urls.origin}nearby`);
      await na.getByRole('heading', { level: 1, name: w.nearbyHeading }).waitFor({ timeout: 15_000 });
      expect(await axeSerious(pa)).toEqual([]);
      const start = na.getByRole('button', { name: w.nearbyStart, exact: true });
      await tabTo(pa, start);
      await pa.keyboard.press('Enter');
      await focusLandsOn(pa, w.nearbyOfferHeading);
      expect(await axeSerious(pa)).toEqual([]);
      // Cancel by keyboard: back to the start, focus on the view's heading (not lost with the button).
      await tabTo(pa, na.getByRole('button', { name: w.nearbyCancel, exact: true }));
      await pa.keyboard.press('Enter');
      await focusLandsOn(pa, w.nearbyHeading);
      await tabTo(pa, start);
      await pa.keyboard.press('Enter');
      await focusLandsOn(pa, w.nearbyOfferHeading);
      const offer = await na.getByRole('textbox', { name: w.nearbyCodeLabel, exact: true }).inputValue();

      await pb.goto(`${world.urls.origin}nearby`);
      await tabTo(pb, nb.getByRole('button', { name: w.nearbyJoin, exact: true }));
      await pb.keyboard.press('Enter');
      await focusLandsOn(pb, w.nearbyScanOffer);
      expect(await axeSerious(pb)).toEqual([]);
      await tabTo(pb, nb.getByRole('textbox', { name: w.scanPaste, exact: true }));
      await pb.keyboard.insertText(offer);
      await tabTo(pb, nb.getByRole('button', { name: w.scanUse, exact: true }));
      await pb.keyboard.press('Enter');
      await focusLandsOn(pb, w.nearbyAnswerHeading);
      expect(await axeSerious(pb)).toEqual([]);
      const answer = await nb.getByRole('textbox', { name: w.nearbyCodeLabel, exact: true }).inputValue();

      await tabTo(pa, na.getByRole('textbox', { name: w.scanPaste, exact: true }));
      await pa.keyboard.insertText(answer);
      await tabTo(pa, na.getByRole('button', { name: w.scanUse, exact: true }));
      await pa.keyboard.press('Enter');
      await Promise.all([focusLandsOn(pa, w.nearbyDoneHeading), focusLandsOn(pb, w.nearbyDoneHeading)]);
      const after = (await storedArticles(pa, world.siteId)).length;
      expect((await storedArticles(pb, world.siteId)).length).toBe(after);
      const storedA = after - before.a;
      const storedB = after - before.b;
      for (const [page, stored, sent] of [
        [pa, storedA, storedB],
        [pb, storedB, storedA],
      ] as const) {
        const done = page.locator('pp-nearby [data-outcome="done"]');
        expect(await done.textContent()).toBe(w.nearbyStoredSent(w.newArticles(stored), w.articles(sent)));
        expect(await liveRegionOf(done)).toBe('status');
        expect(await axeSerious(page)).toEqual([]);
      }
    }, T);

    it('Invite: copy the link by keyboard (announced), open it on the other device by pasting, the outcome announced and focused', async () => {
      await pa.goto(`${world.urls.origin}invite`);
      const ia = pa.locator('pp-invite');
      await ia.getByRole('heading', { level: 1, name: w.inviteHeading }).waitFor({ timeout: 15_000 });
      const copy = ia.getByRole('button', { name: w.inviteCopy, exact: true });
      await tabTo(pa, copy);
      expect(await axeSerious(pa)).toEqual([]);
      await pa.keyboard.press('Enter');
      const note = ia.getByText(w.copied, { exact: true });
      await note.waitFor({ timeout: 10_000 });
      expect(await liveRegionOf(note)).toBe('status');
      const link = await pa.evaluate(() => navigator.clipboard.readText());
      expect(link).toMatch(/\/invite#1\./);

      await pb.goto(`${world.urls.origin}invite`);
      const ib = pb.locator('pp-invite');
      await tabTo(pb, ib.getByRole('textbox', { name: w.scanPaste, exact: true }));
      await pb.keyboard.insertText(link);
      await tabTo(pb, ib.getByRole('button', { name: w.scanUse, exact: true }));
      await pb.keyboard.press('Enter');
      const outcome = ib.locator('[data-outcome]');
      await outcome.waitFor({ timeout: 30_000 });
      // The list is new to B (in Russian: the newer list of the edition published before this pass).
      expect(await outcome.textContent()).toBe(w.inviteAdded(world.mirrorList.length));
      expect(await liveRegionOf(outcome)).toBe('status');
      expect(await hasFocus(outcome)).toBe(true);
      expect(await axeSerious(pb)).toEqual([]);
      // The same invite again: nothing changes, and it says so.
      const paste = ib.getByRole('textbox', { name: w.scanPaste, exact: true });
      await tabTo(pb, paste);
      await pb.keyboard.press('Control+A');
      await pb.keyboard.insertText(link);
      await tabTo(pb, ib.getByRole('button', { name: w.scanUse, exact: true }));
      await pb.keyboard.press('Enter');
      await expect.poll(() => outcome.textContent(), { timeout: 30_000 }).toBe(w.inviteSame);
      await expect.poll(() => hasFocus(outcome), { timeout: 10_000 }).toBe(true);
      // B now has a list to pass on. A browser that refuses to copy: the link is selected, focused and the reader told.
      await pb.evaluate(() => Object.defineProperty(navigator.clipboard, 'writeText', { value: () => Promise.reject(new DOMException('refused', 'NotAllowedError')) }));
      await tabTo(pb, ib.getByRole('button', { name: w.inviteCopy, exact: true }), { back: true });
      await pb.keyboard.press('Enter');
      const refused = ib.getByText(w.copySelected, { exact: true });
      await refused.waitFor({ timeout: 10_000 });
      expect(await liveRegionOf(refused)).toBe('status');
      const box = ib.getByRole('textbox', { name: w.inviteLinkLabel, exact: true });
      await expect.poll(() => hasFocus(box), { timeout: 10_000 }).toBe(true);
      expect(await box.evaluate((t: HTMLTextAreaElement) => t.value.slice(t.selectionStart, t.selectionEnd))).toMatch(/\/invite#1\./);
    }, T);
  });
});
