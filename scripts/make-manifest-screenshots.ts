/**
 * The web app manifest's screenshots (pwa-platform.md B.2, Chromium's richer install UI): the
 * reader app as it is, photographed in headless Chromium on the UI test world (our own sample
 * site), into public/screenshots/. Run `npx tsx scripts/make-manifest-screenshots.ts`; the PNGs are
 * committed, rerun when the design changes. Sizes follow the install UI's rules: each side 320 to
 * 3840 px, the longer at most 2.3 times the shorter, one aspect ratio per form factor.
 *   narrow: the article list on a 390 x 844 phone;
 *   wide:   an article on a 1280 x 800 desktop.
 * Viewport shots (not full pages) so the files have exactly the sizes the manifest declares; then
 * quantised to a 256-colour palette by sharp to keep them small (they are not precached).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { closeUiWorld, createUiWorld, type UiWorld } from '../test/e2e/ui-world.ts';
import { MANIFEST_SCREENSHOTS } from '../src/cli/app-shell/screenshots.ts';

const OUT = join(import.meta.dirname, '..', 'public');

let ui: UiWorld | undefined;
try {
  ui = await createUiWorld();
  const { page, world } = ui;
  await page.emulateMedia({ colorScheme: 'light' });
  // A phone shows no classic scrollbar; neither do the screenshots.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setScrollbarsHidden', { hidden: true });
  for (const shot of MANIFEST_SCREENSHOTS) {
    await page.setViewportSize({ width: shot.width, height: shot.height });
    await page.goto(world.urls.origin + shot.path);
    await page.locator(shot.tag).getByRole('heading', { level: 1 }).first().waitFor({ timeout: 30_000 });
    // Pictures decoded and the list settled.
    await page.waitForFunction(() => [...document.images].every((i) => i.complete), undefined, { timeout: 15_000 }).catch(() => undefined);
    await page.waitForTimeout(500);
    const png = await page.screenshot({ fullPage: false });
    const file = join(OUT, shot.src);
    await mkdir(join(file, '..'), { recursive: true });
    const info = await sharp(png).png({ palette: true, quality: 90, compressionLevel: 9 }).toFile(file);
    console.log(`${file}: ${info.width}x${info.height}, ${info.size} bytes`);
  }
} finally {
  await closeUiWorld(ui);
}
