/**
 * Stored trust state for `check --state <file>`: what a reader would have persisted after the last
 * successful sync, so a replayed older timestamp (or manifest, or article revision) is caught.
 *
 *   {"format":1,"site":"…","root":"<base64url of the trusted root envelope>","timestamp":{"version":…,"bytes":"<base64url>"},
 *    "manifest":{"version":…},"articles":{"<id>":<rev>}}
 */
import { fromBase64url, toBase64url } from '../../core/encoding/bytes.ts';
import { CliError } from '../util/errors.ts';
import { readOptional, writeFileAtomic } from '../util/fs.ts';

/** Trust state as check stores it. */
export interface CheckState {
  site: string;
  root?: Uint8Array;
  timestamp?: { version: number; bytes?: Uint8Array };
  manifest?: { version: number };
  articles: Map<string, number>;
}

/** Load the state file; undefined when it does not exist yet. */
export async function loadCheckState(path: string): Promise<CheckState | undefined> {
  const bytes = await readOptional(path);
  if (bytes === undefined) return undefined;
  try {
    const o = JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;
    if (o['format'] !== 1 || typeof o['site'] !== 'string') throw new Error('unknown format');
    const ts = o['timestamp'] as { version?: unknown; bytes?: unknown } | undefined;
    const m = o['manifest'] as { version?: unknown } | undefined;
    const arts = (o['articles'] ?? {}) as Record<string, unknown>;
    return {
      site: o['site'],
      ...(typeof o['root'] === 'string' ? { root: fromBase64url(o['root'], 'state root') } : {}),
      ...(ts && typeof ts.version === 'number'
        ? { timestamp: { version: ts.version, ...(typeof ts.bytes === 'string' ? { bytes: fromBase64url(ts.bytes, 'state timestamp') } : {}) } }
        : {}),
      ...(m && typeof m.version === 'number' ? { manifest: { version: m.version } } : {}),
      articles: new Map(Object.entries(arts).filter((e): e is [string, number] => typeof e[1] === 'number')),
    };
  } catch (e) {
    throw new CliError(`--state ${path} is not a pigeonpost check state file (${(e as Error).message})`);
  }
}

/** Save the state atomically. */
export async function saveCheckState(path: string, s: CheckState): Promise<void> {
  const o = {
    format: 1,
    site: s.site,
    ...(s.root ? { root: toBase64url(s.root) } : {}),
    ...(s.timestamp ? { timestamp: { version: s.timestamp.version, ...(s.timestamp.bytes ? { bytes: toBase64url(s.timestamp.bytes) } : {}) } } : {}),
    ...(s.manifest ? { manifest: s.manifest } : {}),
    articles: Object.fromEntries([...s.articles].sort(([a], [b]) => (a < b ? -1 : 1))),
  };
  await writeFileAtomic(path, JSON.stringify(o, null, 2) + '\n');
}
