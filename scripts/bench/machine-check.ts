/**
 * How fast this shared machine is right now, for benchmarks to print next to their figures: its
 * speed drifts by tens of percent within minutes (docs/benchmarks.md "Publish").
 *
 *   node --import tsx scripts/bench/machine-check.ts
 */
import { fileURLToPath } from 'node:url';

/** Milliseconds for a fixed single-threaded loop: how fast this machine is right now. */
export function speedCheck(): number {
  const t = performance.now();
  let x = 0;
  for (let i = 0; i < 50_000_000; i++) x = (x + i * 7) % 1_000_003;
  if (x < 0) console.log(x); // keep the loop
  return Math.round(performance.now() - t);
}

/**
 * Nanoseconds per step of a random walk through 64 MB (one cycle over every slot, so each step is
 * a cache miss): the memory latency right now. Rendering on jsdom chases pointers all the time,
 * and the loop above tracked the publish's drift poorly on this shared machine; neither check
 * predicts a run closely (docs/benchmarks.md "Publish"), they only show which phase it ran in.
 */
export function memoryCheck(): number {
  const n = 16 * 1024 * 1024;
  const next = new Int32Array(n);
  for (let i = 0; i < n; i++) next[i] = i;
  let seed = 12345;
  for (let i = n - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const j = seed % i; // Sattolo's shuffle: a single cycle through all slots
    const t = next[i]!;
    next[i] = next[j]!;
    next[j] = t;
  }
  const steps = 2_000_000;
  const t = performance.now();
  let p = 0;
  for (let k = 0; k < steps; k++) p = next[p]!;
  if (p < 0) console.log(p); // keep the walk
  return Math.round(((performance.now() - t) / steps) * 1e6);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`machine check: ${speedCheck()} ms for a fixed loop, ${memoryCheck()} ns per random memory access`);
}
