/**
 * Ingest benchmark: 1,000 generated feed items with images, served by a local HTTP server on
 * 127.0.0.1, ingested into a fresh temporary site folder; then the same feed again (all
 * unchanged). Prints wall time, bytes written and counts. Run: npm run bench:ingest
 *
 * Items: each has three paragraphs and one ~30 kB JPEG (20 distinct pictures, distinct URLs);
 * every 50th item also carries a ~1 MB photo that must be downscaled into the 300 kB budget.
 */
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ingest } from '../src/cli/ingest/ingest.ts';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);

async function photo(width: number, height: number, seed: number, quality: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let s = seed;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      const i = (y * width + x) * 3;
      raw[i] = (x + seed * 13) & 255;
      raw[i + 1] = (y * 2 + ((s >> 16) & 63)) & 255;
      raw[i + 2] = ((x ^ y) + seed) & 255;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality }).toBuffer();
}

function feed(base: string): string {
  const items: string[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const big = i % 50 === 0 ? `<figure><img src="${base}/big/${i}.jpg" alt="Large photo ${i}"><figcaption>Large photo.</figcaption></figure>` : '';
    const day = String(1 + (i % 28)).padStart(2, '0');
    items.push(`<item><title>Benchmark story number ${i}</title><link>${base}/story/${i}</link><guid isPermaLink="false">bench-${i}</guid>
<pubDate>Mon, ${day} Feb 2026 10:${String(i % 60).padStart(2, '0')}:00 +0300</pubDate><category>Bench</category>
<description><![CDATA[<p>Paragraph one of story ${i}: the council met again to discuss the harbour, the ferry and the budget for the coming year.</p>
<figure><img src="${base}/img/${i}.jpg" alt="Picture ${i}"><figcaption>Picture ${i}.</figcaption></figure>
<p>Paragraph two of story ${i}, with a <a href="${base}/more/${i}">link to the outlet</a> and a little more text so the body is not trivially short.</p>${big}
<p>Paragraph three of story ${i}.</p>]]></description></item>`);
  }
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title><link>${base}/</link><description>Generated</description><language>en</language>${items.join('\n')}</channel></rss>`;
}

async function main(): Promise<void> {
  const small = await Promise.all(Array.from({ length: 20 }, (_, k) => photo(360, 240, k + 1, 85)));
  const large = await photo(1800, 1200, 77, 95);
  let served = 0;
  let servedBytes = 0;
  let base = '';
  let feedXml = '';
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    served++;
    let body: Buffer | string;
    let type = 'image/jpeg';
    const m = /^\/img\/(\d+)\.jpg$/.exec(url);
    if (url === '/feed.xml') {
      body = feedXml;
      type = 'application/rss+xml; charset=utf-8';
    } else if (m) body = small[Number(m[1]) % small.length]!;
    else if (url.startsWith('/big/')) body = large;
    else {
      res.writeHead(404).end();
      return;
    }
    servedBytes += Buffer.byteLength(body);
    res.writeHead(200, { 'content-type': type }).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  feedXml = feed(base);
  const site = await mkdtemp(join(tmpdir(), 'pp-bench-ingest-'));
  try {
    const t0 = performance.now();
    const first = await ingest({ siteDir: site, sources: [{ location: `${base}/feed.xml` }] });
    const t1 = performance.now();
    const requestsFirst = served;
    const bytesServedFirst = servedBytes;
    const second = await ingest({ siteDir: site, sources: [{ location: `${base}/feed.xml` }] });
    const t2 = performance.now();
    const report = {
      items: ITEMS,
      cores: availableParallelism(),
      node: process.version,
      first: {
        ms: Math.round(t1 - t0),
        msPerItem: +((t1 - t0) / ITEMS).toFixed(2),
        added: first.added,
        failed: first.failed + first.failedSources.length,
        bytesWritten: first.bytesWritten,
        requests: requestsFirst,
        bytesFetched: bytesServedFirst,
        warnings: first.warnings.length,
      },
      second: {
        ms: Math.round(t2 - t1),
        unchanged: second.unchanged,
        bytesWritten: second.bytesWritten,
        requests: served - requestsFirst,
      },
    };
    console.log(JSON.stringify(report, null, 2));
    console.log(`ingest ${ITEMS} items: first run ${report.first.ms} ms (${report.first.msPerItem} ms/item), ${report.first.bytesWritten} bytes written; second run ${report.second.ms} ms, ${report.second.unchanged} unchanged, ${report.second.bytesWritten} bytes written; ${report.cores} cores`);
  } finally {
    server.close();
    await rm(site, { recursive: true, force: true });
  }
}

await main();
