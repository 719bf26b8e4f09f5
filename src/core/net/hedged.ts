/**
 * Asking several untrusted mirrors for the same file: hedged requests with bounded concurrency.
 *
 * Mirrors are tried in the given order (best first, see rankMirrors). The next one starts when the
 * running ones have not finished after `hedgeDelayMs`, or at once when one fails, so one slow or
 * hostile mirror cannot hold up a sync (TUF "malicious mirrors preventing updates"; adversarial
 * checklist items 32–34). The caller's `attempt` downloads AND verifies: a mirror serving bad bytes
 * is just a failed attempt, and the fallback path gets exactly the same verification as the first.
 */
import { PigeonError, type ErrorCode } from '../errors.ts';
import { joinMirrorUrl } from './url.ts';

/** How one attempt on one mirror ended. `cancelled`: stopped because the others already sufficed. */
export type AttemptOutcome =
  | { readonly kind: 'success'; readonly ms: number }
  | { readonly kind: 'failure'; readonly ms: number; readonly error: PigeonError }
  | { readonly kind: 'cancelled'; readonly ms: number };

/** Downloads and verifies `url`; must honour `signal` and reject (ideally with a PigeonError) on any fault. */
export type Attempt<T> = (url: string, signal: AbortSignal) => Promise<T>;

/** Options shared by {@link fetchFromAny} and {@link fetchFromSeveral}. */
export interface HedgeOptions {
  /** Start the next mirror when none has finished after this long (ms). */
  readonly hedgeDelayMs: number;
  /** Attempts in flight at once (count, at least 1). */
  readonly maxConcurrent: number;
  /** Caller cancellation: aborts every attempt and rejects with ABORTED. */
  readonly signal?: AbortSignal;
  /** Told how each attempt ended (for mirror health). Must not throw; exceptions are ignored. */
  readonly onAttempt?: (mirror: string, outcome: AttemptOutcome) => void;
  /**
   * The URL of `path` on `mirror`; default {@link joinMirrorUrl}. (IPFS gateways name objects by
   * CID instead.) May throw MALFORMED, which fails that mirror's attempt only.
   */
  readonly urlFor?: (mirror: string, path: string) => string;
}

/** A verified answer and the mirror that gave it. */
export interface MirrorResult<T> {
  readonly mirror: string;
  readonly url: string;
  readonly value: T;
  /** Duration of the winning attempt (ms). */
  readonly ms: number;
}

/** One mirror's failure, as listed in `detail.errors` of an ALL_MIRRORS_FAILED error. */
export interface MirrorFailure {
  readonly mirror: string;
  readonly code: ErrorCode;
  readonly message: string;
}

function asPigeonError(e: unknown): PigeonError {
  if (e instanceof PigeonError) return e;
  // Verifiers throw only PigeonError; anything else is a bug, but must not stop the other mirrors.
  const message = e instanceof Error ? e.message : String(e);
  return new PigeonError('MALFORMED', `unexpected error: ${message}`.slice(0, 300), { unexpected: true });
}

function allFailed(path: string, failures: MirrorFailure[]): PigeonError {
  const list = failures.map((f) => `${f.mirror}: ${f.code} (${f.message})`).join('; ');
  const message = failures.length === 0 ? `no mirror to fetch ${path} from` : `all ${failures.length} mirrors failed for ${path}: ${list}`;
  return new PigeonError('ALL_MIRRORS_FAILED', message.slice(0, 2000), { path, errors: failures });
}

function check(name: string, v: number, min: number): void {
  if (!(Number.isFinite(v) && v >= min)) throw new RangeError(`${name} must be a number >= ${min}`);
}

/**
 * The engine behind both exports: run attempts until `want` succeeded or every mirror was tried.
 * Resolves with the successes (at least one), or rejects with ALL_MIRRORS_FAILED / ABORTED.
 */
function race<T>(mirrors: readonly string[], path: string, attempt: Attempt<T>, opts: HedgeOptions, want: number): Promise<MirrorResult<T>[]> {
  const queue = [...new Set(mirrors)];
  const { signal, onAttempt } = opts;

  return new Promise((resolve, reject) => {
    // Thrown here, a bad option rejects the promise like every other failure.
    check('hedgeDelayMs', opts.hedgeDelayMs, 0);
    check('maxConcurrent', opts.maxConcurrent, 1);
    check('want', want, 1);
    const results: MirrorResult<T>[] = [];
    const failures: MirrorFailure[] = [];
    const active = new Map<string, { controller: AbortController; started: number }>();
    let next = 0;
    let settled = false;
    let hedgeTimer: ReturnType<typeof setTimeout> | undefined;

    const report = (mirror: string, outcome: AttemptOutcome): void => {
      try {
        onAttempt?.(mirror, outcome);
      } catch {
        // A faulty observer must not break the state machine.
      }
    };

    const finish = (error?: PigeonError): void => {
      settled = true;
      clearTimeout(hedgeTimer);
      signal?.removeEventListener('abort', onAbort);
      const cancel = error ?? new PigeonError('ABORTED', 'another mirror answered first');
      for (const [mirror, a] of active) {
        a.controller.abort(cancel);
        report(mirror, { kind: 'cancelled', ms: performance.now() - a.started });
      }
      active.clear();
      if (error) reject(error);
      else resolve(results);
    };

    function onAbort(): void {
      if (!settled) finish(new PigeonError('ABORTED', `fetch of ${path} cancelled`, { path }));
    }

    const settle = (mirror: string, started: number, ok: { value: T; url: string } | null, err?: unknown): void => {
      if (settled || !active.has(mirror)) return;
      active.delete(mirror);
      const ms = performance.now() - started;
      if (ok) {
        results.push({ mirror, url: ok.url, value: ok.value, ms });
        report(mirror, { kind: 'success', ms });
      } else {
        const error = asPigeonError(err);
        failures.push({ mirror, code: error.code, message: error.message });
        report(mirror, { kind: 'failure', ms, error });
      }
      if (results.length >= want) return finish();
      if (next >= queue.length && active.size === 0) return results.length > 0 ? finish() : finish(allFailed(path, failures));
      launch(); // a slot is free: use it at once rather than waiting for the hedge timer
    };

    const launch = (): void => {
      if (settled || next >= queue.length || active.size >= opts.maxConcurrent) return;
      const mirror = queue[next++]!;
      const controller = new AbortController();
      const started = performance.now();
      active.set(mirror, { controller, started });
      // Hedge: if nothing has finished after hedgeDelayMs, bring in the next mirror too.
      clearTimeout(hedgeTimer);
      if (next < queue.length) hedgeTimer = setTimeout(launch, opts.hedgeDelayMs);
      let url = '';
      Promise.resolve()
        .then(() => {
          url = (opts.urlFor ?? joinMirrorUrl)(mirror, path);
          return attempt(url, controller.signal);
        })
        .then(
          (value) => settle(mirror, started, { value, url }),
          (e: unknown) => settle(mirror, started, null, e),
        );
    };

    if (signal?.aborted) return reject(new PigeonError('ABORTED', `fetch of ${path} cancelled`, { path }));
    if (queue.length === 0) return reject(allFailed(path, failures));
    signal?.addEventListener('abort', onAbort, { once: true });
    for (let i = 0; i < Math.min(want, opts.maxConcurrent); i++) launch();
  });
}

/**
 * Fetch `path` from the first mirror that answers with verified data.
 * Resolves with the first success (the others are aborted and reported as `cancelled`); rejects
 * with ALL_MIRRORS_FAILED (`detail.errors`: one MirrorFailure per mirror) or ABORTED.
 */
export function fetchFromAny<T>(mirrors: readonly string[], path: string, attempt: Attempt<T>, opts: HedgeOptions): Promise<MirrorResult<T>> {
  return race(mirrors, path, attempt, opts, 1).then((r) => r[0]!);
}

/**
 * Fetch `path` from several mirrors: keep asking until `want` of them answered with verified data
 * or every mirror was tried, and return every success with its mirror. For the timestamp: the
 * caller takes the highest valid version, so one mirror withholding updates cannot freeze the
 * reader (adversarial checklist item 33). The first `want` attempts start together.
 * Resolves with 1..want results; rejects with ALL_MIRRORS_FAILED when none succeeded, or ABORTED.
 */
export function fetchFromSeveral<T>(
  mirrors: readonly string[],
  path: string,
  attempt: Attempt<T>,
  opts: HedgeOptions & { readonly want: number },
): Promise<MirrorResult<T>[]> {
  return race(mirrors, path, attempt, opts, opts.want);
}
