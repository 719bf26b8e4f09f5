/**
 * A display preference kept in localStorage (language, text size): the default is stored as no
 * key at all. Storage may be disabled (private modes, policies): the choice then applies to this
 * session only, which is the best a page can do.
 */
export function storePreference(key: string, value: string, defaultValue: string): void {
  try {
    if (value === defaultValue) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Not persisted; still applies to this session.
  }
}
