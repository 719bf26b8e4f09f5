/**
 * The rules for a mirror URL an operator configures: absolute https, or http only on this machine
 * (127.0.0.0/8, localhost, [::1]), where a demo or a test serves; no credentials, query or
 * fragment; always ending in `/`. The signed format allows any plain http(s) base URL
 * (format.md §3.3); the operator's tool is stricter, since a reader's https app cannot fetch from
 * a plain-http mirror elsewhere and such a mirror is open to every network on the way.
 */
import { CliError, UsageError } from '../util/errors.ts';

/** Most mirrors in one signed list (format.md §6). */
export const MAX_MIRRORS = 64;

/** True for a host name or address that only this machine answers. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Normalise and check one mirror URL (`where` names it in the error): returns the base URL ending
 * in `/`. Throws a UsageError for a command-line URL (`exitCode` 2) or a CliError for one read from
 * a file.
 */
export function checkMirrorUrl(url: string, where: string, fromFile = false): string {
  const fail = (why: string): never => {
    const text = `${where}: mirror "${url}" ${why}`;
    throw fromFile ? new CliError(text, 1, 'BAD_MIRROR') : new UsageError(text);
  };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return fail('is not an absolute URL (give it as https://host/path/)');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return fail(`has the scheme ${u.protocol} (mirrors are https:// URLs)`);
  if (u.protocol === 'http:' && !isLoopbackHost(u.hostname)) return fail('is plain http (readers need https; http is allowed only for 127.0.0.1 or localhost)');
  if (u.username || u.password) return fail('has credentials in it (a mirror is public; remove user:password@)');
  if (u.search || u.hash || url.includes('#')) return fail('has a query or fragment (give the base URL the tree is served at)');
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u.href;
}

