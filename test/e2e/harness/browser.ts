/**
 * Headless Chromium (the system build at /usr/bin/chromium) driven by playwright-core, with a
 * persistent profile so that an installed app can be "reopened" by a later launch, every request
 * (pages and the service worker) recorded, and helpers that talk to the worker through the same
 * typed protocol the app uses (src/shared/protocol.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { MirrorInfo, SyncStatus } from '../../../src/shared/protocol.ts';
import { existsSync } from 'node:fs';

/** Chromium flags for tests: no sandbox (containers), no GPU, no background traffic to anyone. */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export const CHROMIUM_PATH = process.env['PIGEONPOST_CHROMIUM'] ?? '/usr/bin/chromium';

/** Whether the browser suites run here: Chromium is installed and PIGEONPOST_SKIP_E2E is not 1. */
export const E2E_ENABLED = existsSync(CHROMIUM_PATH) && process.env['PIGEONPOST_SKIP_E2E'] !== '1';

/** A browser profile that survives relaunches, with a log of every request any launch made. */
export class Reader {
  readonly profileDir: string;
  /** Every request URL seen, from pages and from the service worker, across launches. */
  readonly requests: { url: string; fromWorker: boolean }[] = [];
  context: BrowserContext | undefined;

  private constructor(profileDir: string) {
    this.profileDir = profileDir;
  }

  /** A fresh profile (a first-time reader). */
  static async create(): Promise<Reader> {
    return new Reader(await mkdtemp(join(tmpdir(), 'pigeonpost-profile-')));
  }

  /** Launch (or relaunch) Chromium on this profile, with `extraArgs` after the test flags. */
  async launch(extraArgs: readonly string[] = []): Promise<BrowserContext> {
    await this.close();
    const context = await chromium.launchPersistentContext(this.profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: false, // '--headless=new' is in the args, exactly as the test plan names them
      args: [...CHROMIUM_ARGS, ...extraArgs],
      serviceWorkers: 'allow',
      viewport: { width: 1000, height: 800 },
    });
    context.on('request', (r) => this.requests.push({ url: r.url(), fromWorker: r.serviceWorker() !== null }));
    this.context = context;
    return context;
  }

  /** A page of the current launch. */
  async page(): Promise<Page> {
    const ctx = this.context ?? (await this.launch());
    return ctx.pages()[0] ?? ctx.newPage();
  }

  async close(): Promise<void> {
    const c = this.context;
    this.context = undefined;
    await c?.close().catch(() => undefined);
  }

  async dispose(): Promise<void> {
    await this.close();
    await rm(this.profileDir, { recursive: true, force: true });
  }

  /** Origins of every request URL (http/https only). */
  requestedOrigins(): Set<string> {
    const out = new Set<string>();
    for (const r of this.requests) {
      const u = new URL(r.url);
      if (u.protocol === 'http:' || u.protocol === 'https:') out.add(u.origin);
    }
    return out;
  }
}

/** Wait until the page is controlled by an active service worker. */
export async function waitForController(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: timeoutMs });
}

/**
 * Send one protocol request to the controlling worker and return the reply payload
 * (a fresh MessageChannel per request, exactly like the app).
 */
export async function request<T>(page: Page, type: string, timeoutMs = 180_000): Promise<T> {
  await waitForController(page);
  const reply = await page.evaluate(
    ({ type, timeoutMs }) =>
      new Promise<unknown>((resolve, reject) => {
        const channel = new MessageChannel();
        const timer = setTimeout(() => reject(new Error(`no reply to ${type} within ${timeoutMs} ms`)), timeoutMs);
        channel.port1.onmessage = (e) => {
          clearTimeout(timer);
          resolve(e.data);
        };
        navigator.serviceWorker.controller!.postMessage({ type, payload: {} }, [channel.port2]);
      }),
    { type, timeoutMs },
  );
  const r = reply as { ok: boolean; payload?: T; error?: { code: string; message: string } };
  if (!r.ok) throw new Error(`${type} failed: ${r.error?.code} ${r.error?.message}`);
  return r.payload as T;
}

export const getStatus = (page: Page): Promise<SyncStatus> => request<SyncStatus>(page, 'GET_STATUS', 30_000);
export const syncNow = (page: Page): Promise<SyncStatus> => request<SyncStatus>(page, 'SYNC_NOW');
export const getMirrors = (page: Page): Promise<MirrorInfo[]> => request<MirrorInfo[]>(page, 'GET_MIRRORS', 30_000);

/** Wait until no sync is running and at least one attempt finished after `since` (epoch ms). */
export async function waitForSyncAfter(page: Page, since: number, timeoutMs = 180_000): Promise<SyncStatus> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await getStatus(page);
    if (s.state === 'idle' && (s.lastAttemptAt ?? 0) >= since) return s;
    if (Date.now() > end) throw new Error(`no finished sync since ${new Date(since).toISOString()}: ${JSON.stringify(s)}`);
    await page.waitForTimeout(250);
  }
}

/** Stored article ids, read straight from IndexedDB in the page (the reader's real data). */
export async function storedArticles(page: Page, site: string): Promise<{ id: string; rev: number; title: string }[]> {
  return page.evaluate(
    async (name) => {
      // Never create the database from here (that would make an empty v1 without stores).
      if (!(await indexedDB.databases()).some((d) => d.name === name)) return [];
      return new Promise((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('articles').objectStore('articles').getAll();
          req.onsuccess = () => {
            resolve((req.result as { id: string; rev: number; title: string }[]).map((a) => ({ id: a.id, rev: a.rev, title: a.title })));
            db.close();
          };
          req.onerror = () => reject(req.error);
        };
      });
    },
    `pigeonpost-${site}`,
  );
}

/**
 * Run a sync that STARTED after this call (a run already in progress may predate the world's
 * latest change, so it does not count) and return the status after it.
 */
export async function syncFresh(page: Page, timeoutMs = 180_000): Promise<SyncStatus> {
  const since = Date.now();
  const end = since + timeoutMs;
  for (;;) {
    const s = await syncNow(page);
    if (s.state === 'idle' && (s.lastAttemptAt ?? 0) >= since) return s;
    if (Date.now() > end) throw new Error(`no sync started after ${new Date(since).toISOString()} finished: ${JSON.stringify(s)}`);
    await page.waitForTimeout(300);
  }
}
