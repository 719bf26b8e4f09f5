#!/usr/bin/env node
// The `pigeonpost` command: registers tsx so the TypeScript sources run as they are, then hands
// argv to src/cli/main.ts. Exit code comes from the command (0 ok, 1 failure, 2 usage error).
// `publish` first starts itself again under V8's single-threaded collector (gc-relaunch.mjs),
// before loading anything else, so the extra process costs only Node's own start.
import { relaunchWithSingleThreadedGc, wantsSingleThreadedGc } from './gc-relaunch.mjs';

if (process.argv[2] === 'publish' && wantsSingleThreadedGc()) await relaunchWithSingleThreadedGc(import.meta.url);
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
