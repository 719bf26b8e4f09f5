/**
 * Operator-facing progress: one updating line on a terminal (`\r`), plain lines otherwise,
 * nothing at all in `--json` mode. Warnings and errors always get a line of their own.
 */
import type { OutStream } from '../util/command.ts';

/** Minimal writable stream shape (process.stdout / stderr or a test double). */
export type { OutStream };

/** Progress reporter for one ingest run. */
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
