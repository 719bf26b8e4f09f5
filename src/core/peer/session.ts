/**
 * One nearby-sync session (format.md §10.3), the same on both sides: each sends a hello and its
 * inventory, asks for what the other has and it lacks, sends what the other asked for, and ends
 * with done. Transport-agnostic: the caller hands in every frame the peer sent (`receive`) and a
 * `send` that resolves once the frame is buffered; storage and verification are the `PeerLocal`
 * callbacks (the app runs them off the page's main thread).
 *
 * A peer is a hostile mirror that cannot be named (architecture.md invariant 8). Everything it
 * sends passes the frame assembler's caps, budget and deadlines, then the message guards; a bundle
 * must carry only articles this side asked for, at the announced revision and hash, and is
 * verified before anything is stored (the importer's job). The first breach ends the session: the
 * peer is told why, and nothing of the offending message is kept.
 */
import { isPigeonError, PigeonError } from '../errors.ts';
import { FrameAssembler, toFrames, type PeerMessage } from './frame.ts';
import { chunks, diffInventory, InventoryCollector, type LocalEntry } from './inventory.ts';
import { DEFAULT_PEER_LIMITS, type PeerLimits } from './limits.ts';
import {
  ackMessage,
  doneMessage,
  errorMessage,
  helloMessage,
  inventoryMessage,
  readAck,
  readDone,
  readError,
  readHello,
  readInventory,
  readWant,
  wantMessage,
  type Ack,
  type InventoryEntry,
} from './messages.ts';

/** What an imported bundle did. */
export interface ImportOutcome {
  /** Ids the bundle carried (all verified and stored, or already stored at that revision). */
  readonly carried: readonly string[];
  /** Articles newly stored or replacing a lower revision. */
  readonly stored: number;
}

/** This side of the session: its site, its articles, and how it bundles and imports. */
export interface PeerLocal {
  readonly site: string;
  readonly rootVersion: number;
  /** Every stored article (id, revision, envelope hash). */
  inventory(): Promise<readonly InventoryEntry[]>;
  /** Share containers (format.md §7) carrying these stored articles, each within the bundle caps. */
  bundle(entries: readonly InventoryEntry[]): Promise<readonly Uint8Array[]>;
  /**
   * Verify a bundle and store it in one transaction. It must carry only articles in `expected`
   * (same id, revision and envelope hash); anything else rejects the whole bundle (throw).
   */
  importBundle(bytes: Uint8Array, expected: ReadonlyMap<string, InventoryEntry>): Promise<ImportOutcome>;
}

/** Progress of a session, reported after every step. */
export interface PeerProgress {
  readonly phase: 'hello' | 'inventory' | 'transfer' | 'finished';
  /** Articles this side asked for, and how many of them have arrived. */
  readonly wanted: number;
  readonly received: number;
  /** Articles the peer asked for, and how many this side has sent. */
  readonly requested: number;
  readonly sent: number;
  /** Bytes received and sent (frames). */
  readonly bytesIn: number;
  readonly bytesOut: number;
}

/** How a session ended. */
export interface PeerResult {
  readonly wanted: number;
  readonly received: number;
  readonly stored: number;
  readonly sent: number;
  /** Of what this side sent, how many articles the peer newly stored (its ack). */
  readonly peerStored: number;
  /** Asked for and never sent by the peer. */
  readonly missing: number;
  /** Same id and revision with another hash on the peer (not taken). */
  readonly conflicts: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
}

/** Options of a session. */
export interface PeerSessionOptions {
  readonly local: PeerLocal;
  /** Buffer one frame towards the peer; resolves when the caller may send the next. */
  readonly send: (frame: Uint8Array) => Promise<void>;
  readonly limits?: PeerLimits;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: PeerProgress) => void;
  /** Monotonic clock (ms); defaults to performance.now. */
  readonly now?: () => number;
  /** How often deadlines are checked (ms). */
  readonly tickMs?: number;
}

/** An error the peer reported about us (its code is its own). */
export class PeerReportedError extends PigeonError {
  constructor(code: string, message: string) {
    super('ABORTED', `the other device ended the session (${code}): ${message}`, { peerCode: code });
  }
}

/** A running session. Create it, pass every frame to `receive`, call `closed` when the channel closes. */
export class PeerSession {
  private readonly o: PeerSessionOptions;
  private readonly limits: PeerLimits;
  private readonly now: () => number;
  private readonly assembler: FrameAssembler;
  private readonly queue: PeerMessage[] = [];
  private wake: (() => void) | undefined;
  private failure: PigeonError | undefined;
  private channelClosed = false;
  private lastFrameAt: number;
  private bytesOut = 0;
  private phase: PeerProgress['phase'] = 'hello';
  private wanted = 0;
  private received = 0;
  private requested = 0;
  private sent = 0;
  private peerDone = false;
  private peerAcked = false;
  private sending: Promise<void> = Promise.resolve();

  constructor(options: PeerSessionOptions) {
    this.o = options;
    this.limits = options.limits ?? DEFAULT_PEER_LIMITS;
    this.now = options.now ?? (() => performance.now());
    this.assembler = new FrameAssembler(this.limits);
    this.lastFrameAt = this.now();
  }

  /** A frame from the peer. Never throws: a breach fails the session. */
  receive(frame: Uint8Array): void {
    if (this.failure) return;
    try {
      const at = this.now();
      this.lastFrameAt = at;
      const m = this.assembler.push(frame, at);
      if (m) {
        if (m.kind === 'done') this.peerDone = true;
        if (m.kind === 'ack') this.peerAcked = true;
        this.queue.push(m);
        this.poke();
      }
    } catch (e) {
      this.fail(e);
    }
  }

  /** The channel closed (by the peer, the network or us). */
  closed(): void {
    this.channelClosed = true;
    this.poke();
  }

  /** Run the session to its end. Rejects with the reason it was cut short. */
  async run(): Promise<PeerResult> {
    const { local, signal } = this.o;
    const onAbort = (): void => void this.fail(new PigeonError('ABORTED', 'cancelled'));
    signal?.addEventListener('abort', onAbort);
    if (signal?.aborted) onAbort();
    const tick = setInterval(() => this.checkDeadlines(), this.o.tickMs ?? 1000);
    try {
      const mine = await local.inventory();
      this.throwIfFailed();
      const localMap = new Map<string, LocalEntry & InventoryEntry>(mine.map((e) => [e.id, e]));
      await this.sendMessage(helloMessage({ site: local.site, rootVersion: local.rootVersion, entries: mine.length }));
      // The peer's hello, before our inventory goes out: a peer of another site learns nothing.
      const hello = readHello(await this.next(), this.limits);
      if (hello.site !== local.site) throw new PigeonError('WRONG_SITE', `the other device holds news of another publisher ("${hello.site}")`);
      this.phase = 'inventory';
      this.report();
      const sending = (async () => {
        for (const [i, part] of chunks(mine, this.limits.maxEntriesPerMessage).entries()) {
          await this.sendMessage(inventoryMessage({ entries: part, more: (i + 1) * this.limits.maxEntriesPerMessage < mine.length }));
        }
      })();
      const collector = new InventoryCollector(hello.entries);
      for (;;) {
        const part = readInventory(await this.next(), this.limits);
        collector.add(part.entries);
        if (!part.more) break;
      }
      const remote = collector.finish();
      await sending;
      const diff = diffInventory(remote.values(), localMap);
      const outstanding = new Map(diff.want.map((e) => [e.id, e]));
      this.wanted = diff.want.length;
      const wantIds = diff.want.map((e) => e.id);
      for (const [i, part] of chunks(wantIds, this.limits.maxEntriesPerMessage).entries()) {
        await this.sendMessage(wantMessage({ ids: part, more: (i + 1) * this.limits.maxEntriesPerMessage < wantIds.length }));
      }
      const theirWants: InventoryEntry[] = [];
      const asked = new Set<string>();
      for (;;) {
        const part = readWant(await this.next(), this.limits);
        for (const id of part.ids) {
          const e = localMap.get(id);
          if (!e) throw new PigeonError('NOT_LISTED', `the other device asked for ${id}, which this device did not offer`);
          if (asked.has(id)) throw new PigeonError('MALFORMED', `the other device asked for ${id} twice`);
          asked.add(id);
          theirWants.push(e);
        }
        if (!part.more) break;
      }
      this.requested = theirWants.length;
      this.phase = 'transfer';
      this.report();
      // Both directions at once: our bundles go out while theirs are verified and stored.
      const [, got] = await Promise.all([this.sendBundles(theirWants), this.receiveBundles(outstanding)]);
      // The peer's ack: it took what we sent (a peer that refused it says so with an error instead).
      const ack = got.ack ?? readAck(await this.next());
      this.phase = 'finished';
      this.report();
      return {
        wanted: this.wanted,
        received: this.received,
        stored: got.stored,
        sent: this.sent,
        peerStored: ack.stored,
        missing: outstanding.size,
        conflicts: diff.conflicts.length,
        bytesIn: this.assembler.received,
        bytesOut: this.bytesOut,
      };
    } catch (e) {
      const err = this.fail(e);
      throw err;
    } finally {
      clearInterval(tick);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private async sendBundles(entries: readonly InventoryEntry[]): Promise<void> {
    for (const batch of entries.length === 0 ? [] : chunks(entries, this.limits.bundleMaxArticles)) {
      this.throwIfFailed();
      for (const bytes of await this.o.local.bundle(batch)) await this.sendMessage({ kind: 'bundle', body: bytes });
      this.sent += batch.length;
      this.report();
    }
    await this.sendMessage(doneMessage({ sent: this.sent }));
  }

  private async receiveBundles(outstanding: Map<string, InventoryEntry>): Promise<{ stored: number; ack: Ack | undefined }> {
    let stored = 0;
    let ack: Ack | undefined;
    for (;;) {
      const m = await this.next();
      if (m.kind === 'ack') {
        // The peer may finish taking our bundles before it has sent all of its own.
        if (ack) throw new PigeonError('MALFORMED', 'the other device acknowledged twice');
        ack = readAck(m);
        continue;
      }
      if (m.kind === 'done') {
        readDone(m);
        await this.sendMessage(ackMessage({ received: this.received, stored }));
        return { stored, ack };
      }
      if (m.kind !== 'bundle') throw new PigeonError('MALFORMED', `a ${m.kind} message during the transfer`);
      if (outstanding.size === 0) throw new PigeonError('NOT_LISTED', 'the other device sent a bundle this device did not ask for');
      const outcome = await this.o.local.importBundle(m.body, outstanding);
      this.throwIfFailed();
      for (const id of outcome.carried) {
        if (!outstanding.delete(id)) throw new PigeonError('NOT_LISTED', `the other device sent ${id}, which this device did not ask for`);
        this.received++;
      }
      stored += outcome.stored;
      this.report();
    }
  }

  /** Send one message; messages go out one after another, never with their frames interleaved. */
  private sendMessage(m: PeerMessage): Promise<void> {
    const run = this.sending.then(async () => {
      for (const f of toFrames(m, this.limits)) {
        this.throwIfFailed();
        await this.o.send(f);
        this.bytesOut += f.length;
      }
    });
    this.sending = run.catch(() => undefined);
    return run;
  }

  /** The next whole message from the peer (an error message from it fails the session). */
  private async next(): Promise<PeerMessage> {
    for (;;) {
      this.throwIfFailed();
      const m = this.queue.shift();
      if (m) {
        if (m.kind === 'error') {
          const e = readError(m);
          throw new PeerReportedError(e.code, e.message);
        }
        return m;
      }
      if (this.channelClosed) throw new PigeonError('NETWORK', 'the connection to the other device closed');
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private checkDeadlines(): void {
    if (this.failure) return;
    const at = this.now();
    try {
      this.assembler.check(at);
      // Waiting on the peer: nothing at all for too long while it still owes us its done or ack.
      if (!(this.peerDone && this.peerAcked) && this.queue.length === 0 && at - this.lastFrameAt > this.limits.idleDeadlineMs) {
        throw new PigeonError('TIMEOUT', `the other device sent nothing for ${Math.round(this.limits.idleDeadlineMs / 1000)} s`);
      }
    } catch (e) {
      this.fail(e);
    }
  }

  private report(): void {
    this.o.onProgress?.({
      phase: this.phase,
      wanted: this.wanted,
      received: this.received,
      requested: this.requested,
      sent: this.sent,
      bytesIn: this.assembler.received,
      bytesOut: this.bytesOut,
    });
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  /** Record the first failure, tell the peer (best effort) and wake the run loop. */
  private fail(e: unknown): PigeonError {
    if (this.failure) return this.failure;
    const err = isPigeonError(e) ? e : new PigeonError('MALFORMED', e instanceof Error ? e.message : String(e));
    this.failure = err;
    if (!(err instanceof PeerReportedError) && !this.channelClosed) {
      // After the message under way (its remaining frames are not sent: throwIfFailed).
      const frames = toFrames(errorMessage({ code: err.code, message: err.message }), this.limits);
      this.sending = this.sending.then(async () => {
        for (const f of frames) await this.o.send(f);
      }).catch(() => undefined);
    }
    this.poke();
    return err;
  }

  private poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
}
