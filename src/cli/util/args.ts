/**
 * Command-line parsing on top of `node:util` parseArgs, with every parse failure turned into a
 * UsageError (exit 2) that names the offending flag, and a shared `--help`.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './errors.ts';

/** Option spec: the subset of parseArgs options we use. */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

/** Parsed flags: strings, string arrays and booleans, keyed by long name. */
export type Flags = Record<string, string | boolean | string[] | undefined>;

/** Result of {@link parseCommand}. */
export interface Parsed {
  readonly flags: Flags;
  readonly positionals: string[];
  /** True when --help / -h was given (the caller prints help and exits 0). */
  readonly help: boolean;
}

/** The positional arguments a command takes: a count range and their names for messages (`site-dir`). */
export interface PositionalSpec {
  readonly min: number;
  readonly max: number;
  /** One name per position (the last one names every further position of a repeatable argument). */
  readonly names: readonly string[];
}

/**
 * Parse `argv` for one command. Unknown flags, missing values and wrong positional counts are
 * UsageErrors naming the flag or the argument (`publish: missing argument <site-dir>`).
 */
export function parseCommand(command: string, argv: readonly string[], options: OptionSpec, positionals: PositionalSpec): Parsed {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError(`${command}: ${cleanParseError(e)} (see pigeonpost ${command} --help)`);
  }
  const flags = parsed.values as Flags;
  const help = flags['help'] === true;
  if (!help) {
    const n = parsed.positionals.length;
    if (n < positionals.min) {
      const name = positionals.names[Math.min(n, positionals.names.length - 1)] ?? 'argument';
      throw new UsageError(`${command}: missing argument <${name}> (see pigeonpost ${command} --help)`);
    }
    if (n > positionals.max) throw new UsageError(`${command}: unexpected argument "${parsed.positionals[positionals.max]}" (see pigeonpost ${command} --help)`);
  }
  return { flags, positionals: parsed.positionals, help };
}

function cleanParseError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  // Node's messages are long and mention "To specify a positional argument..."; keep the first sentence.
  const first = msg.split(/\.\s/)[0] ?? msg;
  return first.replace(/\s+/g, ' ').replace(/\.$/, '').replace(/^Unknown option/, 'unknown option').replace(/^Option/, 'option');
}

/** A string flag or undefined. */
export function stringFlag(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}

/** A repeatable string flag (empty array when absent). */
export function listFlag(flags: Flags, name: string): string[] {
  const v = flags[name];
  if (Array.isArray(v)) return v;
  return typeof v === 'string' ? [v] : [];
}

/** A required string flag. */
export function requiredFlag(command: string, flags: Flags, name: string): string {
  const v = stringFlag(flags, name);
  if (v === undefined || v === '') throw new UsageError(`${command}: --${name} is required (see pigeonpost ${command} --help)`);
  return v;
}

/** A TCP port flag (0–65535), or the default. */
export function portFlag(command: string, flags: Flags, name: string, fallback: number): number {
  const v = stringFlag(flags, name);
  if (v === undefined) return fallback;
  if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw new UsageError(`${command}: --${name} must be a port number from 0 to 65535`);
  return Number(v);
}

/** A number flag above zero (e.g. seconds), or undefined when absent. */
export function positiveNumberFlag(command: string, flags: Flags, name: string): number | undefined {
  const v = stringFlag(flags, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`${command}: --${name} must be a positive number, got "${v}" (see pigeonpost ${command} --help)`);
  return n;
}

/** A whole number flag (0 or more), or undefined when absent. */
export function wholeNumberFlag(command: string, flags: Flags, name: string): number | undefined {
  const v = stringFlag(flags, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isSafeInteger(n) || n < 0) throw new UsageError(`${command}: --${name} must be a whole number, got "${v}" (see pigeonpost ${command} --help)`);
  return n;
}
