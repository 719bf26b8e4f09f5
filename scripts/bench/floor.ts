/**
 * The floor the sync is measured against: the same articles as plain JSON, 100 per gzip file,
 * fetched over 6 parallel connections, decompressed and written to IndexedDB with no verification.
 * `writeFloorFiles` runs in Node; `runFloorInPage` is evaluated in the page (same loopback host).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchArticle } from './generate.ts';

/** Write `<out>/floor/<k>.json.gz` (100 articles each); returns their paths relative to `out`. */
export async function writeFloorFiles(out: string, articles: readonly BenchArticle[]): Promise<{ files: string[]; bytes: number }> {
  await mkdir(join(out, 'floor'), { recursive: true });
  const files: string[] = [];
  let bytes = 0;
  for (let i = 0; i < articles.length; i += 100) {
    const gz = gzipSync(JSON.stringify(articles.slice(i, i + 100)));
    const name = `floor/${i / 100}.json.gz`;
    await writeFile(join(out, name), gz);
    files.push(name);
    bytes += gz.length;
  }
  return { files, bytes };
}

/**
 * Source of the in-page floor run (plain JavaScript, evaluated as a string so that no transpiler
 * helper leaks into the page). Resolves with the wall time in ms.
 */
export const FLOOR_IN_PAGE = `async ({ base, files, connections }) => {
  const name = 'floor-bench-' + Date.now();
  const db = await new Promise((resolve, reject) => {
    const r = indexedDB.open(name, 1);
    r.onupgradeneeded = () => r.result.createObjectStore('articles', { keyPath: 'id' });
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const f = files[next++];
      const resp = await fetch(base + f, { cache: 'no-store' });
      const text = await new Response(resp.body.pipeThrough(new DecompressionStream('gzip'))).text();
      const list = JSON.parse(text);
      await new Promise((resolve, reject) => {
        const tx = db.transaction('articles', 'readwrite');
        const store = tx.objectStore('articles');
        for (const a of list) store.put(a);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const ms = performance.now() - t0;
  db.close();
  indexedDB.deleteDatabase(name);
  return ms;
}`;
