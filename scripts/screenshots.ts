/**
 * `npm run screenshots -- <folder> [--only <view>[,<view>…]]`: PNGs of every reader view at
 * phone (360x740, 390x844) and desktop (1280x800) size, in English and Russian, light and dark
 * (the matrix of test/e2e/view-matrix.ts, the same the layout test checks for overflow), written
 * as `<view>.<lang>.<viewport>.<scheme>.png` into <folder>. One world (a published test site and
 * a synced reader), one browser, one page for the whole run. Full-page shots; each file name is
 * printed with any horizontal overflow found at that point.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { closeUiWorld, createUiWorld, type UiWorld } from '../test/e2e/ui-world.ts';
import { measureOverflow, pointLabel, VIEWS, walkMatrix } from '../test/e2e/view-matrix.ts';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { only: { type: 'string' } } });
const dir = positionals[0];
if (!dir) {
  console.error('usage: npm run screenshots -- <folder> [--only list,article,…]');
  process.exit(2);
}
const only = values.only?.split(',').filter(Boolean);
const unknown = only?.filter((v) => !VIEWS.some((w) => w.name === v)) ?? [];
if (unknown.length) {
  console.error(`unknown view(s): ${unknown.join(', ')}; views are ${VIEWS.map((v) => v.name).join(', ')}`);
  process.exit(2);
}
const out = resolve(dir);
await mkdir(out, { recursive: true });

const started = Date.now();
let ui: UiWorld | undefined;
let shots = 0;
try {
  console.log('Building the world (publish, serve, first sync)…');
  ui = await createUiWorld();
  const page = ui.page;
  await walkMatrix(
    page,
    ui.world.urls.origin,
    async (p) => {
      const file = join(out, `${pointLabel(p)}.png`);
      await page.screenshot({ path: file, fullPage: true });
      shots++;
      const o = await measureOverflow(page);
      const note = o.scrollWidth > o.layoutWidth || o.elements.length ? `  OVERFLOW: ${o.elements.slice(0, 3).join('; ')}` : '';
      console.log(`${file}${note}`);
    },
    only ? VIEWS.filter((v) => only.includes(v.name)) : VIEWS,
  );
  if (ui.violations.length) console.log(`CSP / Trusted Types violations: ${ui.violations.join(' | ')}`);
  console.log(`${shots} screenshots in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await closeUiWorld(ui);
}
