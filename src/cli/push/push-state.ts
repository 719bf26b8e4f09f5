/**
 * Push's bookkeeping on the target itself, `.pigeonpost-push.json` below the prefix, so any
 * machine that pushes to the target prunes it correctly:
 *
 *   {"format":1,"site":"demo-news","files":["index.html","sw.js",…],
 *    "retired":{"objects/<sha256>":"2030-01-01T00:00:00Z",…}}
 *
 * `files` lists the non-object files earlier pushes uploaded (only those are ever pruned besides
 * unreferenced objects: anything else the operator keeps in the bucket is left alone); `retired`
 * records since when each prunable file has been unreferenced. Readers never fetch it (a path
 * starting with "." is outside the repository vocabulary, core/net/url.ts).
 */
import { CliError } from '../util/errors.ts';
import type { PushTarget } from './target.ts';

/** The state file's key. */
export const PUSH_STATE_KEY = '.pigeonpost-push.json';

/** Decoded state. */
export interface PushState {
  site: string;
  files: string[];
  /** key → epoch ms since which it has been unreferenced. */
  retired: Map<string, number>;
}

/** Read the state (an empty one when the target has none). */
export async function loadPushState(target: PushTarget, site: string): Promise<PushState> {
  const bytes = await target.get(PUSH_STATE_KEY);
  if (bytes === null) return { site, files: [], retired: new Map() };
  try {
    const o = JSON.parse(Buffer.from(bytes).toString('utf8')) as { format?: unknown; site?: unknown; files?: unknown; retired?: unknown };
    if (o.format !== 1 || typeof o.site !== 'string' || !Array.isArray(o.files) || typeof o.retired !== 'object' || o.retired === null) throw new Error('unknown format');
    if (o.site !== site) throw new CliError(`${target.label}: holds a mirror of site "${o.site}" (${PUSH_STATE_KEY}), not "${site}"; push each site to its own prefix`);
    const retired = new Map<string, number>();
    for (const [k, v] of Object.entries(o.retired as Record<string, unknown>)) {
      const t = typeof v === 'string' ? Date.parse(v) : NaN;
      if (Number.isFinite(t)) retired.set(k, t);
    }
    return { site, files: o.files.filter((f): f is string => typeof f === 'string'), retired };
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${target.label}: ${PUSH_STATE_KEY} is not a pigeonpost push state file (${(e as Error).message}); delete it to start pruning afresh`);
  }
}

/** Write the state (one put). */
export async function savePushState(target: PushTarget, s: PushState): Promise<void> {
  const retired = Object.fromEntries([...s.retired].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, t]) => [k, new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z')]));
  const text = JSON.stringify({ format: 1, site: s.site, files: [...new Set(s.files)].sort(), retired }, null, 1) + '\n';
  await target.put(PUSH_STATE_KEY, new TextEncoder().encode(text), { contentType: 'application/json', cacheControl: 'no-cache' });
}
