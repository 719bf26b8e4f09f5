/**
 * Opens a command-line source and decides what it is: a Markdown folder, a feed (RSS, Atom,
 * RDF, JSON Feed, parsed with feedsmith) or an HTML article page.
 */
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DetectError, MalformedError, parseFeed, type AnyFeed } from 'feedsmith';
import type { IngestLimits } from '../config.ts';
import { decodeFeedText } from '../decode.ts';
import { MalformedFeedError, NotAFeedError, oneLine } from '../errors.ts';
import { isHttpUrl, loadUrl, sourceToUrl, type Loaded } from '../resource.ts';

/** What a source turned out to be. */
export type OpenedSource =
  | { kind: 'folder'; path: string }
  | { kind: 'feed'; loaded: Loaded; feed: AnyFeed }
  | { kind: 'page'; loaded: Loaded };

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5';

/**
 * Loads and classifies one source.
 * @throws {IngestError} unreachable, HTTP error, too large, not a feed, malformed feed.
 */
export async function openSource(source: string, limits: IngestLimits): Promise<OpenedSource> {
  if (!isHttpUrl(source) && !/^file:/i.test(source)) {
    const path = source;
    const st = await stat(path).catch(() => undefined);
    if (st?.isDirectory()) return { kind: 'folder', path };
  } else if (/^file:/i.test(source)) {
    const path = fileURLToPath(source);
    const st = await stat(path).catch(() => undefined);
    if (st?.isDirectory()) return { kind: 'folder', path };
  }
  const loaded = await loadUrl(sourceToUrl(source), limits.pageMaxBytes, limits.timeoutMs, ACCEPT);
  return classify(loaded);
}

/** Classifies loaded bytes by sniffing the content first and the Content-Type second. */
export function classify(loaded: Loaded): OpenedSource {
  const head = new TextDecoder('latin1').decode(loaded.bytes.subarray(0, 4096)).replace(/^\uFEFF|^ï»¿/, '');
  const start = head.trimStart().slice(0, 1024).toLowerCase();
  const looksHtml = /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype html|html|head|body)\b/.test(start);
  const looksFeed = /<(?:rss|feed|rdf:rdf)[\s>]/.test(start) || start.startsWith('{');
  if (looksHtml && !looksFeed) return { kind: 'page', loaded };
  if (!looksFeed && /text\/html|application\/xhtml/.test(loaded.contentType)) return { kind: 'page', loaded };
  const text = decodeFeedText(loaded.bytes, loaded.contentType);
  let value: unknown = text;
  if (text.trimStart().startsWith('{')) {
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new NotAFeedError(`invalid JSON (${oneLine(err)})`);
    }
  }
  try {
    return { kind: 'feed', loaded, feed: parseFeed(value) };
  } catch (err) {
    if (err instanceof MalformedError) throw new MalformedFeedError(`the XML is not well-formed (${oneLine(err)})`, { cause: err });
    if (err instanceof DetectError) {
      if (/^\s*</.test(text) && /<(?:rss|feed|rdf:rdf)[\s>]/i.test(text.slice(0, 4096))) {
        throw new MalformedFeedError('the XML could not be read as RSS or Atom', { cause: err });
      }
      throw new NotAFeedError();
    }
    throw new MalformedFeedError(oneLine(err), { cause: err });
  }
}
