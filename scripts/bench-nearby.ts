/**
 * `npm run bench:nearby`: nearby-sync throughput for 100 and 1,000 stories over the loopback data
 * channel in headless Chromium (scripts/bench/nearby.ts; also the `nearby` part of bench:share).
 *
 *   npm run bench:nearby -- [--sizes 100,1000] [--runs 1]
 */
import { benchNearby } from './bench/nearby.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

await benchNearby((arg('sizes') ?? '100,1000').split(',').map(Number), Number(arg('runs') ?? '1'));
