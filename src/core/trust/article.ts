/**
 * Verify a single article envelope on its own (sharing, `pigeonpost check`): signed by the publish
 * role of the trusted root, for the right site.
 */
import { PigeonError } from '../errors.ts';
import { decodeArticle, type Article } from '../format/article.ts';
import { decodeEnvelope, verifyThreshold } from '../format/envelope.ts';
import type { Root } from '../format/root.ts';

/** Verify and decode an article envelope. */
export async function verifyArticleEnvelope(root: Root, bytes: Uint8Array, what = 'article'): Promise<Article> {
  const env = decodeEnvelope(bytes, what);
  await verifyThreshold(env, root.keys, root.roles.publish, what);
  const article = decodeArticle(env.payload, what);
  if (article.site !== root.site.id) throw new PigeonError('WRONG_SITE', `${what} is for site "${article.site}", not "${root.site.id}"`);
  return article;
}
