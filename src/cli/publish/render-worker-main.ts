/**
 * The work a render worker does (see render-pool.ts), also used on the main thread for small runs:
 * parse and render article files, hash the rendered payload, and, when the previous publish state
 * says the article will get a new revision, sign it right away; build (encode + gzip) packs.
 * Errors travel as one-line messages.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { canonicalMembers, joinMembers } from '../../core/encoding/canonical-json.ts';
import type { SigningKey } from '../../core/crypto/ed25519.ts';
import { signEnvelopeText } from '../../core/format/envelope.ts';
import { parseArticleFile } from '../site/front-matter.ts';
import { ImageResolver } from '../site/images.ts';
import { ArticleRenderer, type RenderedArticle } from '../site/render.ts';
import { CliError } from '../util/errors.ts';
import { signEd25519Node } from '../util/node-signer.ts';
import { sha256Node } from './objects.ts';
import { buildPack, type BuiltPack, type PackItem } from './packs.ts';

/** What every renderer needs to know about the site. */
export interface RenderSite {
  siteDir: string;
  siteId: string;
  siteLang: string;
  textOnly: boolean;
  /** The publish keyids, sorted and joined with `,` (part of the content hash). */
  keyids: string;
}

/**
 * What a worker needs to sign an article as soon as it is rendered: the signers, and for every
 * article of the previous publish its revision and content hash, plus the tombstones. The worker
 * signs `{...payload, rev}` with the revision the publisher will give it (previous revision or
 * tombstone + 1, when the content hash changed); the publisher uses that envelope only when its
 * own decision is the same revision, so this only saves time and never decides anything.
 */
export interface SignSetup {
  signers: { keyid: string; key: SigningKey }[];
  known: Record<string, { rev: number; content: string }>;
  tombstones: Record<string, number>;
}

/** Set up once per worker. */
export interface WorkerSetup {
  site: RenderSite;
  sign?: SignSetup;
}

/** One rendered article file. */
export interface RenderedFile {
  id: string;
  /**
   * The rendered article. When `signed` is set, its payload has no `html`: the envelope holds it,
   * and carrying it back from a worker and keeping it until the packs are built cost a large
   * publish time in copying and garbage collection (docs/benchmarks.md "Publish"). A caller that
   * needs the HTML after all renders the file again with `early` off.
   */
  rendered: RenderedArticle;
  /** sha256 of the canonical payload (without `rev`) and the publish keyids. */
  content: string;
  /** The signed envelope for revision `rev` (see {@link SignSetup}) and its sha256. */
  signed?: { rev: number; envelope: Uint8Array; sha256: string };
}

/** A request to a worker. */
export type WorkerRequest =
  | { seq: number; kind: 'render'; file: string; bytes?: Uint8Array }
  | { seq: number; kind: 'pack'; items: PackItem[] };

/** A reply: the result, or a one-line error. */
export type WorkerReply =
  | { seq: number; ok: true; result: RenderedFile | BuiltPack }
  | { seq: number; ok: false; message: string; expected: boolean };

/**
 * The content hash of a rendered payload (unchanged content keeps its revision), from the
 * payload's canonical JSON text (without `rev`) and the publish keyids.
 */
function contentHash(payloadText: string, keyids: string): string {
  return sha256Node(Buffer.from(`${payloadText}\n${keyids}`));
}

/** Renders files of one site with one renderer (one jsdom window). */
export class FileRenderer {
  private renderer: ArticleRenderer | undefined;

  constructor(
    private readonly site: RenderSite,
    private readonly sign?: SignSetup,
  ) {}

  /** Create the renderer now (a worker does this while it waits for its first request). */
  warm(): void {
    this.renderer ??= new ArticleRenderer(this.site.siteId, new ImageResolver(this.site.siteDir), this.site.textOnly);
  }

  /**
   * Render one file; `bytes` when the caller has read it already. With `early` off, the article is
   * never signed here and its payload keeps its HTML.
   */
  async render(file: string, bytes?: Uint8Array, early = true): Promise<RenderedFile> {
    const text = Buffer.from(bytes ?? (await readFile(join(this.site.siteDir, file)))).toString('utf8');
    const fallbackId = file.slice('articles/'.length, -'.md'.length);
    const src = parseArticleFile(text, file, fallbackId, this.site.siteLang);
    this.warm();
    const rendered = this.renderer!.render(src);
    const id = src.front.id;
    // One serialisation for both the content hash (no revision) and the signed payload (with one).
    const members = canonicalMembers(rendered.payload);
    const content = contentHash(joinMembers(members), this.site.keyids);
    if (!this.sign || !early) return { id, rendered, content };
    const prev = this.sign.known[id];
    if (prev?.content === content) return { id, rendered, content };
    const rev = Math.max(prev?.rev ?? 0, this.sign.tombstones[id] ?? 0) + 1;
    const envelope = await signEnvelopeText(joinMembers(members, { key: 'rev', value: rev }), this.sign.signers, signEd25519Node);
    const { html: _html, ...meta } = rendered.payload;
    const slim: RenderedArticle = rendered.removed === undefined ? { payload: meta, images: rendered.images } : { payload: meta, images: rendered.images, removed: rendered.removed };
    return { id, rendered: slim, content, signed: { rev, envelope, sha256: sha256Node(envelope) } };
  }
}

/** Serve requests on `port` (the worker side of render-pool.ts). */
export function serve(port: MessagePort | null, setup: WorkerSetup): void {
  if (!port) return;
  const renderer = new FileRenderer(setup.site, setup.sign);
  port.on('message', (req: WorkerRequest) => {
    const work: Promise<RenderedFile | BuiltPack> = req.kind === 'render' ? renderer.render(req.file, req.bytes) : Promise.resolve().then(() => buildPack(req.items, setup.site.siteDir));
    work.then(
      (result) => {
        // A pack's gzip bytes own their buffer (buildObject copies them): hand it over, do not copy.
        const gz = 'object' in result ? result.object.gz : undefined;
        const transfer = gz && gz.byteOffset === 0 && gz.byteLength === gz.buffer.byteLength ? [gz.buffer as ArrayBuffer] : [];
        port.postMessage({ seq: req.seq, ok: true, result } satisfies WorkerReply, transfer);
      },
      (e: unknown) => port.postMessage({ seq: req.seq, ok: false, message: e instanceof Error ? e.message : String(e), expected: e instanceof CliError } satisfies WorkerReply),
    );
  });
  renderer.warm();
}
