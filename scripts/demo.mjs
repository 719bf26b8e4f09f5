#!/usr/bin/env node
// `npm start`: build the demo site from the sample articles, publish it and serve it on three
// local ports (one origin, two mirrors). See scripts/demo/run.ts.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const { runDemo } = await import('./demo/run.ts');
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
try {
  const demo = await runDemo(repoRoot);
  const stop = () => {
    demo.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (e) {
  const { describeError } = await import('../src/cli/util/errors.ts');
  const d = describeError(e);
  process.stderr.write(`demo: error: ${d.message}\n`);
  process.exit(d.exitCode);
}
