/**
 * Joining a mirror base URL and a repository-relative path, safely.
 *
 * Mirror bases come from the signed mirror list, paths from a fixed vocabulary (`timestamp.json`,
 * `root/3.json`, `objects/<64 hex>`). Anything outside that shape is refused rather than
 * normalised, so a hostile identifier can never walk out of the mirror's tree or to another host
 * (python-tuf CVE-2021-41131; adversarial checklist item 39).
 */
import { PigeonError } from '../errors.ts';

/** Longest repository path accepted (characters). */
const MAX_PATH_LENGTH = 256;

/** Segments of letters, digits, `_`, `-` and `.`, never starting with `.`, joined by single `/`. */
const PATH_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/**
 * Check a mirror base URL and return it normalised to end in `/`.
 * Refuses non-http(s) schemes, embedded credentials, query strings and fragments (MALFORMED).
 */
export function mirrorBase(base: string): string {
  let u: URL;
  try {
    u = new URL(base);
  } catch {
    throw new PigeonError('MALFORMED', 'mirror base is not an absolute URL', { base: base.slice(0, 200) });
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new PigeonError('MALFORMED', `mirror base must be http(s), got ${u.protocol}`, { base: base.slice(0, 200) });
  }
  if (u.username !== '' || u.password !== '' || u.search !== '' || u.hash !== '' || base.includes('?') || base.includes('#')) {
    throw new PigeonError('MALFORMED', 'mirror base must not carry credentials, a query or a fragment', { base: base.slice(0, 200) });
  }
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u.href;
}

/** Throw MALFORMED unless `path` is a plain repository-relative path (see PATH_PATTERN). */
export function checkRepoPath(path: string): void {
  if (path.length === 0 || path.length > MAX_PATH_LENGTH || path.includes('..') || !PATH_PATTERN.test(path)) {
    throw new PigeonError('MALFORMED', 'invalid repository path', { path: path.slice(0, 100) });
  }
}

/**
 * The absolute URL of `path` on the mirror at `base`.
 * Throws MALFORMED for a bad base or a path containing `..`, `%`, `\`, `:`, `?`, `#`, a leading
 * `/`, empty segments or anything else outside the repository path vocabulary.
 */
export function joinMirrorUrl(base: string, path: string): string {
  const root = mirrorBase(base);
  checkRepoPath(path);
  const joined = new URL(path, root);
  // Belt and braces: the pattern already guarantees this.
  if (!joined.href.startsWith(root)) {
    throw new PigeonError('MALFORMED', 'repository path escapes the mirror base', { path });
  }
  return joined.href;
}
