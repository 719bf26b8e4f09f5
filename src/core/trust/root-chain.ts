/**
 * Root rotation (format.md §4.2): walking the key chain one version at a time.
 */
import { PigeonError } from '../errors.ts';
import { verifyThreshold } from '../format/envelope.ts';
import { decodeRootEnvelope, type Root } from '../format/root.ts';
import { parseUtc } from '../format/time.ts';

/** Most root versions walked in one update (TUF clients use 256). */
export const MAX_ROOT_STEPS = 256;

/** A trusted root with its exact bytes. */
export interface TrustedRoot {
  readonly root: Root;
  readonly bytes: Uint8Array;
}

/**
 * Verify a trust anchor: a root signed by its own root role (the app ships it, or the operator
 * passes it to `check`). Expiry is not judged here: an old anchor is only the start of the chain.
 */
export async function verifyAnchor(bytes: Uint8Array): Promise<TrustedRoot> {
  const { env, root } = await decodeRootEnvelope(bytes, 'trusted root');
  await verifyThreshold(env, root.keys, root.roles.root, 'trusted root');
  return { root, bytes };
}

/**
 * format.md §4.2: verify root version N+1 against the trusted version N. It must be signed by a
 * threshold of the old root role AND of its own root role, be exactly N+1, and keep the site id.
 */
export async function verifyRootStep(prev: Root, bytes: Uint8Array): Promise<TrustedRoot> {
  const what = `root version ${prev.version + 1}`;
  const { env, root } = await decodeRootEnvelope(bytes, what);
  if (root.version !== prev.version + 1) {
    throw new PigeonError('ROLLBACK', `${what}: got version ${root.version}; a root must be exactly one version above the trusted one`);
  }
  if (root.site.id !== prev.site.id) throw new PigeonError('WRONG_SITE', `${what} is for site "${root.site.id}", not "${prev.site.id}"`);
  await verifyThreshold(env, prev.keys, prev.roles.root, `${what} (signatures of the previous root keys)`);
  await verifyThreshold(env, root.keys, root.roles.root, `${what} (signatures of its own root keys)`);
  return { root, bytes };
}

/**
 * Walk the chain from `trusted`, fetching version N+1 until `fetchRoot` answers null (not there),
 * or `target` is reached. `onStep` persists each step before the next is fetched. The final root
 * must not be expired at `now` (intermediate ones may be).
 */
export async function updateRootChain(
  trusted: TrustedRoot,
  fetchRoot: (version: number) => Promise<Uint8Array | null>,
  opts: { now: number; target?: number; maxSteps?: number; onStep?: (r: TrustedRoot) => Promise<void> },
): Promise<TrustedRoot> {
  const maxSteps = opts.maxSteps ?? MAX_ROOT_STEPS;
  let current = trusted;
  for (let steps = 0; opts.target === undefined || current.root.version < opts.target; steps++) {
    const bytes = await fetchRoot(current.root.version + 1);
    if (bytes === null) {
      if (opts.target !== undefined) {
        throw new PigeonError('NOT_LISTED', `root version ${current.root.version + 1} is missing, but the timestamp names root version ${opts.target}`);
      }
      break;
    }
    // The cap counts versions walked: exactly maxSteps are fine, one more is refused.
    if (steps >= maxSteps) {
      throw new PigeonError('ROOT_CHAIN_TOO_LONG', `more than ${maxSteps} root versions in one update; stopped at version ${current.root.version}`);
    }
    current = await verifyRootStep(current.root, bytes);
    await opts.onStep?.(current);
  }
  if (parseUtc(current.root.expires, 'root.expires') < opts.now) {
    throw new PigeonError('EXPIRED', `the newest root (version ${current.root.version}) expired at ${current.root.expires}`);
  }
  return current;
}

/** True when the publish role's key set differs between two roots (format.md §4.2, fast-forward recovery). */
export function publishKeysChanged(a: Root, b: Root): boolean {
  const x = [...a.roles.publish.keyids].sort().join();
  const y = [...b.roles.publish.keyids].sort().join();
  return x !== y || a.roles.publish.threshold !== b.roles.publish.threshold;
}
