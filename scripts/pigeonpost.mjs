#!/usr/bin/env node
// The `pigeonpost` command: registers tsx so the TypeScript sources run as they are, then hands
// argv to src/cli/main.ts. Exit code comes from the command (0 ok, 1 failure, 2 usage error).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
