/**
 * Asking the browser to keep this app's data (`navigator.storage.persist()`, pwa-platform.md
 * B.6) at the first moment the reader shows the stories matter to them: the first time they save
 * an article or bring one in (a share file, a nearby reader, a mirror file). Never on load, and
 * only once by itself (the Storage panel in Settings keeps a button for asking again).
 */
import { STORAGE_PREFIX } from './erase.ts';

/** localStorage key set once the app has asked by itself (erased with everything else). */
const ASKED_KEY = `${STORAGE_PREFIX}persist-asked`;

/**
 * Ask for persistent storage unless it is granted already or was asked for before. Resolves with
 * whether storage is persistent afterwards (undefined where the browser cannot tell). Never throws.
 */
export async function askPersistenceOnce(): Promise<boolean | undefined> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage?.persist || !storage.persisted) return undefined;
  try {
    if (await storage.persisted()) return true;
    if (localStorage.getItem(ASKED_KEY) !== null) return false;
    localStorage.setItem(ASKED_KEY, String(Date.now()));
    return await storage.persist();
  } catch {
    return undefined; // storage disabled (a private mode): nothing to keep anyway
  }
}
