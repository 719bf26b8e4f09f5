/** The network layer of the sync engine: capped fetches, mirror health, hedged multi-mirror reads. */
export { DEFAULT_LIMITS, type NetLimits } from './limits.ts';
export { fetchCapped, type FetchCappedOptions, type FetchCappedResult } from './fetch-capped.ts';
export {
  newHealth, recordSuccess, recordFailure, recordBadBytes, rankMirrors, describeHealth, backoffMs,
  type MirrorHealth, type MirrorError,
} from './mirror-health.ts';
export { fetchFromAny, fetchFromSeveral, type Attempt, type AttemptOutcome, type HedgeOptions, type MirrorResult, type MirrorFailure } from './hedged.ts';
export { joinMirrorUrl, mirrorBase, checkRepoPath } from './url.ts';
