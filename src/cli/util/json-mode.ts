/** Whether a command line asks for machine-readable output (so failures print JSON too). */

/** True when `--json` appears among the options (before a `--`). */
export function wantsJson(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--json') return true;
  }
  return false;
}
