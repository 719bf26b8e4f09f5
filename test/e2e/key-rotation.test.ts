/**
 * A compromised publish key, end to end (format.md §4.2; adversarial checklist A.4, B.20): in
 * headless Chromium against real `pigeonpost serve` mirrors, an attacker holding the publish key
 * publishes a forged revision of a real story and a made-up story; the reader takes them (they are
 * validly signed). The operator then rotates the publish key with `pigeonpost keys rotate` and
 * publishes its own next revision of the story. The reader's next sync must withdraw both forged
 * articles, fetch the real revision, and say what happened, with nothing but the CLI and the app.
 */
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTree, createWorld, pigeonpost, Reader, storedArticles, syncFresh, waitForController, E2E_ENABLED, type World } from './harness/index.ts';

const T = 240_000;

describe.skipIf(!E2E_ENABLED)('reader end to end: recovery from a compromised publish key', () => {
  let world: World;
  let reader: Reader;
  let page: Page;
  let story: string;
  const stored = async () => storedArticles(page, world.siteId);

  beforeAll(async () => {
    world = await createWorld();
    reader = await Reader.create();
    await reader.launch();
    page = await reader.page();
    await page.goto(world.urls.origin);
    await waitForController(page);
    const s = await syncFresh(page);
    expect(s.lastOutcome === 'updated' || s.lastOutcome === 'unchanged', JSON.stringify(s)).toBe(true);
    story = (await readdir(join(world.siteDir, 'articles'))).filter((f) => f.endsWith('.md')).sort()[0]!.replace(/\.md$/, '');
  }, T);

  afterAll(async () => {
    await reader?.dispose();
    await world?.close();
  });

  it('takes what the attacker signed with the stolen key, then withdraws it after the rotation', async () => {
    // The attacker: a copy of the site folder (keys and publish state included).
    const attacker = join(world.root, 'attacker-site');
    const attackerOut = join(world.root, 'attacker-out');
    await cp(world.siteDir, attacker, { recursive: true });
    const file = join(attacker, 'articles', `${story}.md`);
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^title:.*$/m, 'title: "Forged headline"'));
    await writeFile(join(attacker, 'articles', 'made-up.md'), '---\ntitle: "A story that never happened"\ndate: 2026-11-27T10:00:00+00:00\n---\n\nInvented text.\n');
    await pigeonpost(['publish', attacker, '--out', attackerOut, '--no-app', ...world.mirrorList.flatMap((m) => ['--mirror', m])]);
    for (const h of ['origin', 'm1', 'm2', 'hostile'] as const) await copyTree(attackerOut, world.dirOf(h));
    let s = await syncFresh(page);
    expect(s.lastOutcome, JSON.stringify(s)).toBe('updated');
    let now = await stored();
    expect(now.find((a) => a.id === story)?.title).toBe('Forged headline');
    expect(now.map((a) => a.id)).toContain('made-up');
    const forgedRev = now.find((a) => a.id === story)!.rev;

    // The operator rotates the publish key and publishes its own next revision of the story (the
    // same revision number the attacker used, other content); it never had the made-up story.
    await pigeonpost(['keys', 'rotate', world.siteDir, '--role', 'publish']);
    const real = join(world.siteDir, 'articles', `${story}.md`);
    await writeFile(real, (await readFile(real, 'utf8')).replace(/^title:.*$/m, 'title: "Corrected real headline"'));
    await world.publish();

    s = await syncFresh(page);
    expect(s.lastOutcome, JSON.stringify(s)).toBe('updated');
    expect((s.lastErrors ?? []).map((e) => e.code)).toContain('WITHDRAWN');
    now = await stored();
    expect(now.map((a) => a.id)).not.toContain('made-up');
    const fixed = now.find((a) => a.id === story)!;
    expect(fixed.title).toBe('Corrected real headline');
    expect(fixed.rev).toBe(forgedRev);
    await page.getByText('The publisher has replaced its signing key.', { exact: false }).first().waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByText('A story that never happened').count(), { timeout: 15_000 }).toBe(0);

    // And the next run is an ordinary one.
    s = await syncFresh(page);
    expect(s.lastOutcome === 'unchanged' || s.lastOutcome === 'updated', JSON.stringify(s)).toBe(true);
    expect((s.lastErrors ?? []).map((e) => e.code)).not.toContain('WITHDRAWN');
  }, T);
});
