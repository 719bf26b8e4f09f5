/**
 * Source classification and feed decoding.
 */
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/cli/ingest/sources/detect.ts';
import { MalformedFeedError, NotAFeedError } from '../../src/cli/ingest/errors.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const loaded = (bytes: Uint8Array, contentType = '') => ({ bytes, contentType, url: 'https://outlet.example/x' });

describe('classify', () => {
  it('recognises HTML, XHTML, feeds and JSON Feed', () => {
    expect(classify(loaded(enc('<!DOCTYPE html><html><body>x</body></html>'))).kind).toBe('page');
    expect(classify(loaded(enc('<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x"><html xmlns="http://www.w3.org/1999/xhtml"><body>x</body></html>'))).kind).toBe('page');
    expect(classify(loaded(enc('\uFEFF<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'))).kind).toBe('feed');
    expect(classify(loaded(enc('<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>'))).kind).toBe('feed');
    expect(classify(loaded(enc('{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[]}'))).kind).toBe('feed');
    expect(classify(loaded(enc('just words'), 'text/html')).kind).toBe('page');
  });

  it('decodes a windows-1251 RSS feed from its XML declaration', () => {
    const head = enc('<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>');
    // "Новости" in windows-1251
    const title = new Uint8Array([0xcd, 0xee, 0xe2, 0xee, 0xf1, 0xf2, 0xe8]);
    const tail = enc('</title><item><title>x</title></item></channel></rss>');
    const bytes = new Uint8Array([...head, ...title, ...tail]);
    const opened = classify(loaded(bytes));
    expect(opened.kind).toBe('feed');
    if (opened.kind === 'feed') expect(opened.feed.feed.title).toBe('Новости');
  });

  it('gives typed errors for non-feeds and broken feeds', () => {
    expect(() => classify(loaded(enc('{"hello":1}')))).toThrow(NotAFeedError);
    expect(() => classify(loaded(enc('{not json')))).toThrow(/invalid JSON/);
    expect(() => classify(loaded(enc('<rss version="2.0"><channel><item><title>x</item></channel>')))).toThrow(MalformedFeedError);
  });
});
