/**
 * format.md §5 step 1: the freshest valid timestamp from several mirrors, walking the root chain
 * first when the timestamps need a newer root. A mirror that withholds updates (serves an older,
 * still valid timestamp) loses to one that has the newer version.
 */
import { PigeonError, isPigeonError } from '../errors.ts';
import { peekTimestamp, verifyTimestamp, type TimestampCheck } from '../trust/timestamp.ts';
import { updateRootChain, type TrustedRoot } from '../trust/root-chain.ts';
import type { MirrorResult } from '../net/hedged.ts';
import type { SyncSession } from './session.ts';

/** What the timestamp step found. */
export interface FreshTimestamp {
  readonly root: TrustedRoot;
  readonly best: MirrorResult<TimestampCheck & { bytes: Uint8Array }>;
  readonly anomalies: string[];
}

/**
 * Ask at least two mirrors (when two answer) for `timestamp.json`, verify each against the trusted
 * root (updating the root chain once if a timestamp names a newer root or is signed by keys the
 * current root does not know), and return the highest valid version.
 */
export async function freshestTimestamp(
  session: SyncSession,
  trusted: TrustedRoot,
  stored: { version: number; bytes?: Uint8Array } | undefined,
  onRootStep: (r: TrustedRoot) => Promise<void>,
): Promise<FreshTimestamp> {
  let root = trusted;
  let rootUpdate: Promise<TrustedRoot> | undefined;
  const walk = (): Promise<TrustedRoot> => {
    rootUpdate ??= updateRootChain(
      trusted,
      async (version) => {
        try {
          const r = await session.fromAny(`root/${version}.json`, { maxBytes: session.limits.rootMaxBytes }, async (b) => b);
          return r.value;
        } catch (e) {
          // Every mirror said "not there" (or failed): the chain ends here for this run.
          if (isPigeonError(e, 'ALL_MIRRORS_FAILED')) return null;
          throw e;
        }
      },
      { now: session.now, onStep: onRootStep },
    ).then((r) => (root = r));
    return rootUpdate;
  };

  const verify = async (bytes: Uint8Array): Promise<TimestampCheck & { bytes: Uint8Array }> => {
    const hint = peekTimestamp(bytes).rootVersion;
    if (hint !== undefined && hint > root.root.version) await walk();
    try {
      return { ...(await verifyTimestamp(root.root, bytes, { now: session.now, ...(stored ? { stored } : {}) })), bytes };
    } catch (e) {
      // Signed by keys we don't know yet: perhaps the publish key was rotated. Walk once and retry.
      if (!rootUpdate && (isPigeonError(e, 'UNKNOWN_KEY') || isPigeonError(e, 'THRESHOLD_NOT_MET'))) {
        await walk();
        return { ...(await verifyTimestamp(root.root, bytes, { now: session.now, ...(stored ? { stored } : {}) })), bytes };
      }
      throw e;
    }
  };

  const results = await session.fromSeveral('timestamp.json', 2, { maxBytes: session.limits.timestampMaxBytes }, verify);
  if (rootUpdate) await rootUpdate;
  let best = results[0];
  for (const r of results) if (best && r.value.timestamp.version > best.value.timestamp.version) best = r;
  if (!best) throw new PigeonError('ALL_MIRRORS_FAILED', 'no mirror served a valid timestamp');
  const anomalies = results.flatMap((r) => (r.value.anomaly ? [`${r.mirror}: ${r.value.anomaly}`] : []));
  return { root, best, anomalies };
}
