/// <reference types="vite/client" />
/**
 * The page's side of the search worker (src/search/worker.ts): starts it on first use, keeps its
 * index in step with the stored articles (an `update` after every articles change while it runs),
 * and turns requests into promises. Everything about a search happens in the worker; the page only
 * renders the hits it gets back, a page at a time.
 *
 * Under `require-trusted-types-for 'script'` the Worker constructor is a script sink: the
 * `pigeonpost-search` policy vouches for exactly the built worker's URL.
 */
import { siteConfig } from 'virtual:pigeonpost-site';
import workerUrl from '../search/worker.ts?worker&url';
import { isSearchMessage, SEARCH_POLICY_NAME, type IndexingProgress, type QueryOptions, type QueryResult, type SearchRequest, type UpdateResult } from '../search/protocol.ts';
import { appState } from './state.ts';

interface ScriptUrlPolicyFactory {
  createPolicy(name: string, rules: { createScriptURL: (s: string) => string }): { createScriptURL(s: string): unknown };
}

let policy: { createScriptURL(s: string): unknown } | null | undefined;

function trustedWorkerUrl(): string | URL {
  if (policy === undefined) {
    const tt = (globalThis as { trustedTypes?: ScriptUrlPolicyFactory }).trustedTypes;
    policy = tt
      ? tt.createPolicy(SEARCH_POLICY_NAME, {
          createScriptURL: (s) => {
            if (s !== workerUrl) throw new TypeError(`refusing script URL ${s.slice(0, 100)}`);
            return s;
          },
        })
      : null;
  }
  return (policy ? policy.createScriptURL(workerUrl) : workerUrl) as string;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();
let syncedVersion = -1;
const progressListeners = new Set<(p: IndexingProgress) => void>();

/** A request without its id (distributed over the union). */
type RequestBody = SearchRequest extends infer R ? (R extends SearchRequest ? Omit<R, 'id'> : never) : never;

function request<T>(r: RequestBody): Promise<T> {
  const w = start();
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    w.postMessage({ ...r, id });
  });
}

function failAll(message: string): void {
  for (const p of pending.values()) p.reject(new Error(message));
  pending.clear();
}

function start(): Worker {
  if (worker) return worker;
  const w = new Worker(trustedWorkerUrl(), { type: 'module', name: 'pigeonpost-search' });
  w.addEventListener('message', (e: MessageEvent<unknown>) => {
    const m = e.data;
    if (!isSearchMessage(m)) return;
    if ('type' in m) {
      for (const l of progressListeners) l({ done: m.done, total: m.total });
      return;
    }
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else p.reject(new Error(m.error));
  });
  w.addEventListener('error', (e) => {
    e.preventDefault();
    failAll(e.message || 'the search worker failed');
    worker = undefined;
    syncedVersion = -1;
  });
  worker = w;
  w.postMessage({ id: nextId++, type: 'init', site: siteConfig.id } satisfies SearchRequest);
  return w;
}

/** Bring the worker's index up to date when the stored articles changed since it last did. */
function follow(): void {
  if (syncedVersion === appState.articlesVersion) return;
  syncedVersion = appState.articlesVersion;
  const t0 = performance.now();
  void request<UpdateResult>({ type: 'update' })
    .then((r) => measure('pigeonpost-search-update', t0, r))
    .catch(() => undefined);
}

/**
 * A User Timing entry (DevTools' performance panel shows them; `npm run bench:search` reads them):
 * `pigeonpost-search-update` per index update, `pigeonpost-search-query` per query, from the
 * request to the reply on the page, with what the worker reported as `detail`.
 */
function measure(name: string, start: number, detail: unknown): void {
  try {
    performance.measure(name, { start, end: performance.now(), detail });
  } catch {
    // User Timing with detail is missing in old browsers: nothing to record.
  }
}

appState.addEventListener('change', () => {
  if (worker) follow();
});

/** Search the stored articles (starts the worker and its index on first use). */
export async function searchStored(options: QueryOptions): Promise<QueryResult> {
  start();
  follow();
  const t0 = performance.now();
  try {
    const result = await request<QueryResult>({ type: 'query', options });
    measure('pigeonpost-search-query', t0, { q: options.q, total: result.total, workerMs: result.ms, rankMs: result.rankMs, partial: result.indexing !== undefined });
    return result;
  } catch (e) {
    measure('pigeonpost-search-query', t0, { q: options.q, error: e instanceof Error ? e.message : String(e) });
    throw e;
  }
}

/** Hear indexing progress (returns the unsubscribe function). */
export function onIndexingProgress(listener: (p: IndexingProgress) => void): () => void {
  progressListeners.add(listener);
  return () => progressListeners.delete(listener);
}

/** Stop the worker (before ERASE_ALL: it holds a database connection and the index). */
export function dropSearchIndex(): void {
  worker?.terminate();
  worker = undefined;
  failAll('search stopped');
  syncedVersion = -1;
}
