/**
 * Optional integration with the reader app: when `src/cli/app-shell/build-app-shell.ts` exists
 * (written with the reader PWA), publish builds the app shell into the mirror tree with this
 * site's trust anchor and bootstrap mirror list (format.md §8). Until then publish writes only
 * the repository files.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What buildAppShell receives. */
export interface AppShellOptions {
  siteDir: string;
  out: string;
  rootBytes: Uint8Array;
  mirrors: string[];
  site: { id: string; name: string; lang: string; description?: string };
  log?: (line: string) => void;
}

const MODULE_URL = new URL('../app-shell/build-app-shell.ts', import.meta.url);

/** True when the app-shell builder is present in this checkout. */
export function appShellAvailable(): boolean {
  return existsSync(fileURLToPath(MODULE_URL));
}

/** Build the app shell into `opts.out`; returns false when the builder is not available. */
export async function buildAppShellIfAvailable(opts: AppShellOptions): Promise<boolean> {
  if (!appShellAvailable()) return false;
  const mod = (await import(MODULE_URL.href)) as { buildAppShell?: (o: AppShellOptions) => Promise<void> };
  if (typeof mod.buildAppShell !== 'function') return false;
  await mod.buildAppShell(opts);
  return true;
}
