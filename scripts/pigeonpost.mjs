#!/usr/bin/env node
// The `pigeonpost` command: registers tsx so the TypeScript sources run as they are, then hands
// argv to src/cli/main.ts. Exit code comes from the command (0 ok, 1 failure, 2 usage error).
// `publish` first starts itself again with V8 options for a large batch job (gc-relaunch.mjs),
// before loading anything else, so the extra process costs only Node's own start.
import { missingV8Options, relaunchWithV8Options } from './gc-relaunch.mjs';

if (process.argv[2] === 'publish') {
  const options = missingV8Options();
  if (options.length > 0) await relaunchWithV8Options(import.meta.url, options);
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
