// Worker-thread entry for parallel rendering (see render-pool.ts). Loads the TypeScript module
// directly when a TypeScript loader is already active (node --import tsx), and registers tsx
// otherwise (the pigeonpost binary registers it only on the main thread).
import { parentPort, workerData } from 'node:worker_threads';

let mod;
try {
  mod = await import('./render-worker-main.ts');
} catch (e) {
  if (e?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
  const { register } = await import('tsx/esm/api');
  register();
  // A failed import is cached per URL: ask again under a different one.
  mod = await import('./render-worker-main.ts?tsx');
}
mod.serve(parentPort, workerData);
