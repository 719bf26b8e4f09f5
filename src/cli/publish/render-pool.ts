/**
 * Rendering many articles in parallel: Markdown + DOMPurify on jsdom costs a few milliseconds per
 * article, so a first publish of a large archive spreads it over worker threads (one jsdom per
 * thread) and the main thread, which takes jobs from the same queue between its own tasks. The
 * same threads then sign the new revisions (render-worker-main.ts) and, after the main thread has
 * planned the packs, build and gzip them, so no phase of a large publish runs on one core while
 * the other waits. Small publishes stay in-process: starting a worker (loading jsdom, and with tsx
 * transpiling) costs more than it saves.
 *
 * Why the main thread renders too: it has loaded the renderer already, and every extra thread
 * loads jsdom again and compiles the same hot code in its own isolate (about 2 s of CPU per worker,
 * measured in docs/benchmarks.md "Publish"), while the main thread's own work (reading, hashing,
 * dispatch) leaves it idle most of a large publish.
 *
 * Workers run a prebuilt bundle of render-worker-main.ts (worker-bundle.ts), not the TypeScript.
 * PIGEONPOST_WORKERS overrides the worker count (0 renders on the main thread only).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CliError } from '../util/errors.ts';
import type { BuiltPack, PackItem } from './packs.ts';
import type { RenderedFile, WorkerReply, WorkerRequest, WorkerSetup } from './render-worker-main.ts';
import { renderWorkerScript, type WorkerScript } from './worker-bundle.ts';

/** Below this many articles to render, stay on the main thread. */
export const PARALLEL_MIN = 200;

/**
 * Requests outstanding per worker: a worker starts on its next job while the main thread is still
 * taking the last reply, or is busy with an article of its own (a few milliseconds), instead of
 * waiting for it. Articles take ~3 ms each: with 4 outstanding, a worker waited for the main thread
 * 10-14 % of the time; with 16, 1-5 %. Packs take about 40 ms each (112 in 2.5 s on two threads),
 * so a worker holds only a few, and the last ones are shared out evenly.
 */
const IN_FLIGHT = { render: 16, pack: 2 } as const;

/**
 * Worker threads to start when there is enough work: one per CPU besides the main thread's (at
 * most 3), or PIGEONPOST_WORKERS (0: none). More threads than cores only add start-up and compile
 * work (3 workers on 2 cores measured slower than 2).
 */
export function workerCount(): number {
  const raw = process.env['PIGEONPOST_WORKERS'];
  const env = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isSafeInteger(env) && env >= 0 ? env : Math.min(availableParallelism(), 4) - 1;
}

/** The main thread's share of the work: the same two jobs a worker does, run in this thread. */
export interface LocalRenderer {
  render(file: string, bytes?: Uint8Array): Promise<RenderedFile>;
  pack(items: PackItem[]): BuiltPack;
}

type Job = { req: WorkerRequest; resolve: (v: never) => void; reject: (e: unknown) => void };

/**
 * A fixed set of render workers and the main thread ({@link LocalRenderer}) with a shared queue.
 * Call {@link close} when done.
 */
export class RenderPool {
  private readonly workers: { w: Worker; busy: Map<number, Job> }[] = [];
  private queue: Job[] = [];
  private head = 0;
  private seq = 0;
  private failed: unknown;
  private script: WorkerScript | undefined;
  /** Whether the main thread has a job (or is about to take one). */
  private localBusy = false;

  constructor(
    setup: WorkerSetup,
    /** Number of workers. */
    readonly size: number,
    /** The main thread's renderer, which takes jobs too; none: workers only. */
    private readonly local?: LocalRenderer,
  ) {
    // Requests queue until the workers exist (the worker script is bundled first; worker-bundle.ts).
    renderWorkerScript().then(
      (script) => {
        this.script = script;
        if (this.failed === undefined) for (let i = 0; i < size; i++) this.spawn(setup, script);
        this.pump();
      },
      (e: unknown) => this.fail(e),
    );
  }

  private spawn(setup: WorkerSetup, script: WorkerScript): void {
    const w = startWorker(script.url, setup, script.execArgv);
    const slot = { w, busy: new Map<number, Job>() };
    w.on('message', (r: WorkerReply) => {
      const job = slot.busy.get(r.seq);
      if (!job) return;
      slot.busy.delete(r.seq);
      if (r.ok) job.resolve(r.result as never);
      else job.reject(r.expected ? new CliError(r.message) : new Error(r.message));
      this.pump();
    });
    w.on('error', (e) => this.fail(e));
    w.on('exit', (code) => {
      if (slot.busy.size > 0 || this.head < this.queue.length) this.fail(new Error(`render worker stopped (exit ${code})`));
    });
    this.workers.push(slot);
  }

  /** Whether the workers run the prebuilt bundle (undefined until they are started). */
  get prebuilt(): boolean | undefined {
    return this.script?.prebuilt;
  }

  /** Render one article file (`bytes` when already read). */
  render(file: string, bytes?: Uint8Array): Promise<RenderedFile> {
    return this.submit({ seq: this.seq++, kind: 'render', file, ...(bytes === undefined ? {} : { bytes }) });
  }

  /** Build (encode and gzip) one planned pack. */
  pack(items: PackItem[]): Promise<BuiltPack> {
    return this.submit({ seq: this.seq++, kind: 'pack', items });
  }

  /** Stop the workers. */
  async close(): Promise<void> {
    this.fail(new Error('render pool closed'));
    await renderWorkerScript(); // workers being spawned right now are in the list after this
    await Promise.all(this.workers.map((s) => s.w.terminate()));
  }

  private submit<T>(req: WorkerRequest): Promise<T> {
    const p =
      this.failed !== undefined
        ? Promise.reject(this.failed)
        : new Promise<T>((resolve, reject) => {
            this.queue.push({ req, resolve: resolve as (v: never) => void, reject });
            this.pump();
          });
    // A caller that stopped waiting (another job failed first) must not leave an unhandled rejection.
    p.catch(() => {});
    return p;
  }

  /** Hand queued jobs to the least busy workers, up to IN_FLIGHT each, and one to this thread. */
  private pump(): void {
    while (this.head < this.queue.length && this.failed === undefined && this.workers.length > 0) {
      let best = this.workers[0]!;
      for (const s of this.workers) if (s.busy.size < best.busy.size) best = s;
      if (best.busy.size >= IN_FLIGHT[this.queue[this.head]!.req.kind]) break;
      const job = this.take()!;
      best.busy.set(job.req.seq, job);
      best.w.postMessage(job.req);
      // The worker has its own copy of the file; the job waits for the reply without it.
      if (job.req.kind === 'render') delete job.req.bytes;
    }
    this.pumpLocal();
  }

  /**
   * Give this thread the next job, one at a time, each in its own turn of the event loop
   * (setImmediate), so the scan's file reads and the workers' replies are handled between two
   * articles and the workers never wait for their next job.
   */
  private pumpLocal(): void {
    const local = this.local;
    if (!local || this.localBusy || this.failed !== undefined || this.head >= this.queue.length) return;
    this.localBusy = true;
    setImmediate(() => {
      const job = this.failed === undefined ? this.take() : undefined;
      if (!job) {
        this.localBusy = false;
        return;
      }
      const req = job.req;
      const work: Promise<RenderedFile | BuiltPack> = req.kind === 'render' ? local.render(req.file, req.bytes) : Promise.resolve().then(() => local.pack(req.items));
      work.then(job.resolve as (v: unknown) => void, job.reject).finally(() => {
        this.localBusy = false;
        this.pump();
      });
    });
  }

  /** The next queued job, if any. */
  private take(): Job | undefined {
    if (this.head >= this.queue.length) return undefined;
    const job = this.queue[this.head++]!;
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    }
    return job;
  }

  /** Reject everything outstanding; later requests fail at once. */
  private fail(e: unknown): void {
    if (this.failed !== undefined) return;
    this.failed = e;
    for (const job of this.queue.slice(this.head)) job.reject(e);
    this.queue = [];
    this.head = 0;
    for (const s of this.workers) {
      for (const job of s.busy.values()) job.reject(e);
      s.busy.clear();
    }
  }
}

/**
 * Start a worker with `execArgv`, minus the options Node refuses in workers. Process-wide options
 * (V8 flags such as `--max-semi-space-size` or `--trace-gc` on the parent's command line) make the
 * Worker constructor throw; they already apply to every thread, so they are dropped (the names come
 * from Node's error message; if it cannot be read, every option is dropped) and the start retried.
 */
export function startWorker(url: URL, workerData: unknown, execArgv: readonly string[] | undefined): Worker {
  try {
    return new Worker(url, { workerData, ...(execArgv === undefined ? {} : { execArgv: [...execArgv] }) });
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw e;
    const refused = new Set(String((e as Error).message).split(': ').slice(1).join(': ').split(', ').map((f) => f.trim()));
    const base = execArgv ?? process.execArgv;
    const kept = base.filter((a) => !refused.has(a));
    const retry = kept.length < base.length ? kept : [];
    return new Worker(url, { workerData, execArgv: retry });
  }
}
