/**
 * Operator-facing progress (ingest, update, publish): one updating line on a terminal (`\r`),
 * plain lines otherwise, nothing at all in `--json` mode. Warnings and errors always get a line of
 * their own.
 */
import type { OutStream } from './command.ts';

/** Minimal writable stream shape (process.stdout / stderr or a test double). */
export type { OutStream };

/** Progress reporter for one run of a command. */
export class Progress {
  private lineShown = false;
  private readonly out: OutStream;
  private readonly err: OutStream;
  private readonly quiet: boolean;

  /**
   * @param out where progress goes (a TTY gets the updating line)
   * @param err where warnings and errors go
   * @param quiet print nothing (used by `--json`)
   */
  constructor(out: OutStream, err: OutStream, quiet = false) {
    this.out = out;
    this.err = err;
    this.quiet = quiet;
  }

  /** Reports one finished step, e.g. `[3/40] added vybory-v-moskve`. */
  step(done: number, total: number, text: string): void {
    if (this.quiet) return;
    const line = `[${done}/${total}] ${text}`;
    if (this.out.isTTY) {
      const width = Math.max(20, (this.out.columns ?? 80) - 1);
      const shown = line.length > width ? `${line.slice(0, width - 1)}…` : line;
      this.out.write(`\r${shown}\x1b[K`);
      this.lineShown = true;
    } else {
      this.out.write(`${line}\n`);
    }
  }

  /** A line that must stay visible (source heading, result). */
  info(line: string): void {
    if (this.quiet) return;
    this.clearLine();
    this.out.write(`${line}\n`);
  }

  /** A warning line on the error stream. */
  warn(line: string): void {
    if (this.quiet) return;
    this.clearLine();
    this.err.write(`warning: ${line}\n`);
  }

  /** An error line on the error stream. */
  error(line: string): void {
    if (this.quiet) return;
    this.clearLine();
    this.err.write(`error: ${line}\n`);
  }

  /** Ends the updating line so following output starts on a fresh line. */
  finish(): void {
    if (this.lineShown && this.out.isTTY) this.out.write('\n');
    this.lineShown = false;
  }

  private clearLine(): void {
    if (this.lineShown && this.out.isTTY) {
      this.out.write('\r\x1b[K');
      this.lineShown = false;
    }
  }
}

/** Least time between two updates of a publish progress line. */
const PUBLISH_PROGRESS_EVERY_MS = 100;

/**
 * A `publishSite` progress callback that shows its counts on `progress`'s updating line
 * (`[4200/10000] articles rendered`, then `[112/112] packs built`), at most every 100 ms and
 * always the last count, and ends the line when the last pack is built. For a terminal only: on
 * other output every update would be a line of its own.
 */
export function publishProgress(progress: Progress): (stage: 'render' | 'pack', done: number, total: number) => void {
  let shownAt = -Infinity;
  return (stage, done, total) => {
    const t = performance.now();
    if (done < total && t - shownAt < PUBLISH_PROGRESS_EVERY_MS) return;
    shownAt = t;
    progress.step(done, total, stage === 'render' ? 'articles rendered' : 'packs built');
    if (stage === 'pack' && done === total) progress.finish(); // the last count stays on screen
  };
}
