/**
 * Network and input errors: each failed source gets one clear line, the others continue, and
 * the exit code says what happened (1 failed sources, 2 usage).
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/cli/ingest/ingest.ts';
import { FIXTURES, closedPort, makeSite, removeDir, runIngest, startOutlet, type OutletServer } from './helpers.ts';

let site: string;
let outlet: OutletServer;
beforeAll(async () => {
  outlet = await startOutlet();
  outlet.set('/plain', { type: 'text/plain', body: 'hello, this is not a feed' });
  outlet.set('/data.json', { type: 'application/json', body: '{"hello": "world"}' });
  outlet.set('/broken.xml', { type: 'application/rss+xml', body: '<rss version="2.0"><channel><title>x</title><item><title>y</item></channel>' });
  outlet.set('/empty-page', { type: 'text/html', body: '<!doctype html><html><body><nav><a href="/">Home</a></nav><footer>© Outlet</footer></body></html>' });
  outlet.set('/gone', { status: 410, type: 'text/html', body: 'gone' });
});
afterAll(async () => {
  await outlet.close();
});
afterEach(async () => {
  if (site) await removeDir(site);
});

describe('URL errors', () => {
  it('HTTP 404', async () => {
    site = await makeSite();
    const r = await runIngest([`${outlet.base}/no/such/feed.xml`, '--into', site]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${outlet.base}/no/such/feed.xml: HTTP 404 Not Found for ${outlet.base}/no/such/feed.xml\n`);
  });

  it('other HTTP errors', async () => {
    site = await makeSite();
    const r = await runIngest([`${outlet.base}/gone`, '--into', site]);
    expect(r.stderr).toContain('HTTP 410 Gone');
  });

  it('connection refused', async () => {
    site = await makeSite();
    const url = `http://127.0.0.1:${await closedPort()}/feed.xml`;
    const r = await runIngest([url, '--into', site]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`cannot reach ${url.replace(/[.]/g, '\\.')} \\(connection refused, ECONNREFUSED\\)`));
  });

  it('a text response and a JSON document that are not feeds', async () => {
    site = await makeSite();
    const r = await runIngest([`${outlet.base}/plain`, `${outlet.base}/data.json`, '--into', site]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(/not a feed \(RSS, Atom, JSON Feed\) or an HTML page$/);
  });

  it('malformed XML over HTTP', async () => {
    site = await makeSite();
    const r = await runIngest([`${outlet.base}/broken.xml`, '--into', site]);
    expect(r.stderr).toMatch(/broken\.xml: malformed feed: the XML is not well-formed/);
  });

  it('a page with no article', async () => {
    site = await makeSite();
    const r = await runIngest([`${outlet.base}/empty-page`, '--into', site]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/empty-page: no article text found on the page/);
  });

  it('times out a server that never answers', async () => {
    site = await makeSite();
    const t0 = Date.now();
    const r = await runIngest([`${outlet.base}/hang`, '--into', site, '--timeout', '0.5']);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/timed out after 1 s fetching .*\/hang|timed out after 0 s fetching .*\/hang/);
  });

  it('stops reading a body past the byte cap', async () => {
    site = await makeSite();
    const s = await ingest({ siteDir: site, sources: [{ location: `${outlet.base}/huge` }], limits: { pageMaxBytes: 200_000 } });
    expect(s.failedSources).toEqual([{ source: `${outlet.base}/huge`, code: 'TOO_LARGE', message: `${outlet.base}/huge is larger than the 200 kB limit` }]);
  });

  it('a failed source does not stop the others', async () => {
    site = await makeSite();
    const r = await runIngest([`${outlet.base}/nope`, join(FIXTURES, 'feeds/rss.xml'), '--into', site, '--json']);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout) as { added: number; failed: number; failedSources: Array<{ code: string }> };
    expect(s.added).toBe(3);
    expect(s.failed).toBe(1);
    expect(s.failedSources[0]!.code).toBe('HTTP_STATUS');
  });

  it('a missing local file', async () => {
    site = await makeSite();
    const r = await runIngest([join(FIXTURES, 'feeds/does-not-exist.xml'), '--into', site]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no such file or folder: .*does-not-exist\.xml/);
  });
});
