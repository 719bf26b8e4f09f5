/**
 * format.md §5 step 1: the freshest valid timestamp from several mirrors, walking the root chain
 * first when the timestamps need a newer root. A mirror that withholds updates (serves an older,
 * still valid timestamp) loses to one that has the newer version.
 */
import { PigeonError, isPigeonError } from '../errors.ts';
import { peekTimestamp, verifyTimestamp, type TimestampCheck } from '../trust/timestamp.ts';
import { publishKeysChanged, updateRootChain, verifyRootStep, type TrustedRoot } from '../trust/root-chain.ts';
import type { MirrorResult } from '../net/hedged.ts';
import type { SyncSession } from './session.ts';

/** A verified timestamp, its bytes, and the root it was verified against. */
type Checked = TimestampCheck & { bytes: Uint8Array; against: TrustedRoot };

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
  // The newest root the walk has verified so far, and whether a step changed the publish keys:
  // then the stored floor is forgotten (format.md §4.2, fast-forward recovery) for this run too.
  let walked = trusted.root;
  let floorsReset = false;
  const opts = (): { now: number; stored?: { version: number; bytes?: Uint8Array } } =>
    stored && !floorsReset ? { now: session.now, stored } : { now: session.now };
  const walk = (): Promise<TrustedRoot> => {
    rootUpdate ??= updateRootChain(
      trusted,
      async (version) => {
        const prev = walked;
        try {
          // Verified inside the attempt: a mirror serving a bad root is a failed attempt and the
          // next mirror is asked, so one hostile mirror cannot block a key rotation.
          const r = await session.fromAny(`root/${version}.json`, { maxBytes: session.limits.rootMaxBytes }, async (b) => {
            await verifyRootStep(prev, b);
            return b;
          });
          return r.value;
        } catch (e) {
          // No mirror served a valid next version (absent, failed or bad): the chain ends here for this run.
          if (isPigeonError(e, 'ALL_MIRRORS_FAILED')) return null;
          throw e;
        }
      },
      {
        now: session.now,
        onStep: async (r) => {
          if (publishKeysChanged(walked, r.root)) floorsReset = true;
          walked = r.root;
          await onRootStep(r);
        },
      },
    ).then((r) => (root = r));
    return rootUpdate;
  };

  const verify = async (bytes: Uint8Array): Promise<Checked> => {
    const hint = peekTimestamp(bytes).rootVersion;
    if (hint !== undefined && hint > root.root.version) await walk();
    try {
      const against = root;
      return { ...(await verifyTimestamp(against.root, bytes, opts())), bytes, against };
    } catch (e) {
      // Signed by keys we don't know yet: perhaps the publish key was rotated. Walk once and retry.
      if (!rootUpdate && (isPigeonError(e, 'UNKNOWN_KEY') || isPigeonError(e, 'THRESHOLD_NOT_MET'))) {
        await walk();
        const against = root;
        return { ...(await verifyTimestamp(against.root, bytes, opts())), bytes, against };
      }
      throw e;
    }
  };

  let results = await session.fromSeveral('timestamp.json', 2, { maxBytes: session.limits.timestampMaxBytes }, verify);
  if (rootUpdate) {
    await rootUpdate;
    // A timestamp checked against an older root while the chain was being walked (e.g. signed by
    // a publish key the new root revokes), or against a floor the new root makes void, is checked
    // again against the final root: only what the newest root vouches for may win.
    const failures: { mirror: string; code: string; message: string }[] = [];
    const again: MirrorResult<Checked>[] = [];
    for (const r of results) {
      if (r.value.against === root && !floorsReset) {
        again.push(r);
        continue;
      }
      try {
        again.push({ ...r, value: { ...(await verifyTimestamp(root.root, r.value.bytes, opts())), bytes: r.value.bytes, against: root } });
      } catch (e) {
        if (!(e instanceof PigeonError)) throw e;
        failures.push({ mirror: r.mirror, code: e.code, message: e.message });
      }
    }
    if (again.length === 0) throw new PigeonError('ALL_MIRRORS_FAILED', 'no mirror served a timestamp valid under the newest root', { errors: failures });
    results = again;
  }
  let best = results[0];
  for (const r of results) if (best && r.value.timestamp.version > best.value.timestamp.version) best = r;
  if (!best) throw new PigeonError('ALL_MIRRORS_FAILED', 'no mirror served a valid timestamp');
  // A mirror behind another one is withholding updates (or just slow to copy): rank it lower next time.
  for (const r of results) {
    if (r.value.timestamp.version < best.value.timestamp.version) {
      session.recordStale(r.mirror, r.value.timestamp);
    }
  }
  const anomalies = results.flatMap((r) => (r.value.anomaly ? [`${r.mirror}: ${r.value.anomaly}`] : []));
  return { root, best, anomalies };
}
