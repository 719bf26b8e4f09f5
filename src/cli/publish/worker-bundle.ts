/**
 * The render workers' code as one prebuilt ES module, so a worker starts without a TypeScript
 * loader: with tsx each worker ran its own module hooks and transpiled every source file on start,
 * which cost about 0.6 s of wall time and 1.3 s of CPU for two workers before the first article
 * was rendered (docs/benchmarks.md "Publish").
 *
 * The bundle is built by esbuild from the current sources each time a pool starts (about 10 ms),
 * so it can never be stale, and written under `node_modules/.cache/pigeonpost/` by content hash:
 * packages stay external imports and resolve from the project's own node_modules from there.
 * When that is not possible (no esbuild, a read-only folder), workers fall back to
 * render-worker.mjs, which loads the TypeScript through tsx.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** How to start a render worker. */
export interface WorkerScript {
  readonly url: URL;
  /** Node options for the worker; the parent's minus its module loaders when prebuilt. */
  readonly execArgv?: string[];
  readonly prebuilt: boolean;
}

const HERE = dirname(fileURLToPath(import.meta.url));
/** The package root (this file is src/cli/publish/worker-bundle.ts). */
const PACKAGE_ROOT = join(HERE, '..', '..', '..');

/** The tsx route: always works where the sources run at all. */
export const FALLBACK: WorkerScript = { url: new URL('./render-worker.mjs', import.meta.url), prebuilt: false };

let cached: Promise<WorkerScript> | undefined;

/**
 * The script for render workers (built once per process). Never rejects.
 * PIGEONPOST_WORKER_TSX=1 forces the tsx route (for comparing both in tests).
 */
export function renderWorkerScript(): Promise<WorkerScript> {
  if (process.env['PIGEONPOST_WORKER_TSX'] === '1') return Promise.resolve(FALLBACK);
  cached ??= build().catch(() => FALLBACK);
  return cached;
}

/** The parent's Node options without module loaders (`--import`, `--loader`, `--require` and their values). */
export function withoutLoaders(argv: readonly string[]): string[] {
  const out: string[] = [];
  const LOADERS = new Set(['--import', '--loader', '--experimental-loader', '--require', '-r']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (LOADERS.has(a)) {
      i++; // and its value
      continue;
    }
    if ([...LOADERS].some((l) => l.startsWith('--') && a.startsWith(`${l}=`))) continue;
    out.push(a);
  }
  return out;
}

async function build(): Promise<WorkerScript> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    stdin: {
      contents: "import { parentPort, workerData } from 'node:worker_threads';\nimport { serve } from './render-worker-main.ts';\nserve(parentPort, workerData);\n",
      resolveDir: HERE,
      sourcefile: 'render-worker-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const code = result.outputFiles[0]!.contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const dir = join(PACKAGE_ROOT, 'node_modules', '.cache', 'pigeonpost');
  const file = join(dir, `render-worker-${hash}.mjs`);
  const exists = await stat(file).then(
    (s) => s.size === code.length,
    () => false,
  );
  if (!exists) {
    await mkdir(dir, { recursive: true });
    // Another publish may write the same file at the same time: each writes its own temporary
    // file and renames it into place, so the file is always whole.
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, code);
    await rename(tmp, file);
  }
  return { url: pathToFileURL(file), execArgv: withoutLoaders(process.execArgv), prebuilt: true };
}
