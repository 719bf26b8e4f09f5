/**
 * An in-memory Pigeonpost repository and fake mirrors for tests, in the style of tuf-js `repo-mock`
 * and python-tuf's `repository_simulator.py`.
 *
 * Everything is built with src/core functions (signEnvelope, canonicalJson, encodePack, gzip,
 * sha256Hex) and real Ed25519 keys, exactly as docs/format.md describes; only the network is fake.
 *
 *   const repo = await TestRepo.create();               // root v1: 1-of-1 root key, 1-of-1 publish key
 *   repo.addArticle(sampleArticle(1));
 *   await repo.publish();                               // pack + segment + manifest v1 + timestamp v1
 *   const a = repo.mirror('https://a.example/');        // serves repo.files live
 *   const b = repo.mirror('https://b.example/').freeze(); // keeps what it has now (a stale mirror)
 *   a.set(`objects/${sha}`, tamper());                  // per-mirror misbehaviour
 *   await runSync(store, repo.config([a.base, b.base]), repo.syncOptions());
 *
 * `repo.fetch` dispatches on the URL prefix to every registered mirror and records each URL in
 * `repo.requests`; a URL that belongs to no mirror fails like an unreachable host.
 * Times are explicit: documents expire relative to `repo.now`, which tests move by hand.
 */
import { canonicalJson, type Json } from '../../src/core/encoding/canonical-json.ts';
import { toBase64url, utf8 } from '../../src/core/encoding/bytes.ts';
import { gzip } from '../../src/core/encoding/gzip.ts';
import { generateSigningKey, type SigningKey } from '../../src/core/crypto/ed25519.ts';
import { sha256Hex } from '../../src/core/crypto/sha256.ts';
import { signEnvelope } from '../../src/core/format/envelope.ts';
import { encodePack, type PackRecord } from '../../src/core/format/pack.ts';
import { formatUtc } from '../../src/core/format/time.ts';
import type { ImageType } from '../../src/core/format/article.ts';
import type { NetLimits } from '../../src/core/net/limits.ts';
import type { SyncConfig, SyncOptions } from '../../src/core/sync/run-sync.ts';
import type { MemoryStore } from '../../src/core/sync/memory-store.ts';

// ---------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------

/** A fixed reference time for tests: 2026-11-27T20:00:00Z. */
export const T0 = Date.parse('2026-11-27T20:00:00Z');
export const SECOND = 1000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Network limits small enough for tests to stay fast (every other limit keeps its default). */
export const FAST_LIMITS: Partial<NetLimits> = {
  requestDeadlineMs: 1_500,
  headerDeadlineMs: 300,
  minBytesPerSec: 1024,
  throughputGraceMs: 150,
  throughputWindowMs: 150,
  hedgeDelayMs: 100,
};

// ---------------------------------------------------------------------------------------------
// Keys and signing
// ---------------------------------------------------------------------------------------------

/** A real Ed25519 key pair with its keyid (SHA-256 of the raw public key). */
export interface TestKey {
  readonly keyid: string;
  readonly key: SigningKey;
  readonly publicKey: Uint8Array;
}

/** A fresh Ed25519 key. */
export async function newKey(): Promise<TestKey> {
  const { key } = await generateSigningKey();
  return { keyid: await sha256Hex(key.publicKey), key, publicKey: key.publicKey };
}

/** `n` fresh keys. */
export async function newKeys(n: number): Promise<TestKey[]> {
  return Promise.all(Array.from({ length: n }, () => newKey()));
}

/** Sign `payload` (canonical JSON) with each key, in order: the envelope bytes of format.md §2.2. */
export function signWith(payload: unknown, signers: readonly TestKey[]): Promise<Uint8Array> {
  return signEnvelope(payload, signers.map((s) => ({ keyid: s.keyid, key: s.key })));
}

/** The UTF-8 bytes of canonical JSON. */
export function jsonBytes(value: unknown): Uint8Array {
  return utf8(canonicalJson(value));
}

/** gzip `raw` and return the stored object with its pin (format.md §2.3). */
export async function makeObject(raw: Uint8Array): Promise<{ gz: Uint8Array; pin: { sha256: string; length: number; size: number } }> {
  const gz = await gzip(raw);
  return { gz, pin: { sha256: await sha256Hex(gz), length: gz.length, size: raw.length } };
}

// ---------------------------------------------------------------------------------------------
// Root documents
// ---------------------------------------------------------------------------------------------

/** Site identity as roots carry it. */
export interface SiteInfo {
  readonly id: string;
  readonly name: string;
  readonly lang: string;
}

/** Everything a root payload says. */
export interface RootSpec {
  readonly version: number;
  readonly expires: number;
  readonly site: SiteInfo;
  readonly rootKeys: readonly TestKey[];
  readonly rootThreshold: number;
  readonly publishKeys: readonly TestKey[];
  readonly publishThreshold: number;
  /** Keys listed under `keys` but in no role (e.g. a revoked key kept around). */
  readonly extraKeys?: readonly TestKey[];
}

/** The root payload of format.md §3.1 for `spec`. */
export function rootPayload(spec: RootSpec): Record<string, Json> {
  const keys: Record<string, Json> = {};
  for (const k of [...spec.rootKeys, ...spec.publishKeys, ...(spec.extraKeys ?? [])]) {
    keys[k.keyid] = { type: 'ed25519', public: toBase64url(k.publicKey) };
  }
  return {
    _type: 'pigeonpost.root',
    spec_version: 1,
    version: spec.version,
    expires: formatUtc(spec.expires),
    site: { ...spec.site },
    keys,
    roles: {
      root: { keyids: spec.rootKeys.map((k) => k.keyid), threshold: spec.rootThreshold },
      publish: { keyids: spec.publishKeys.map((k) => k.keyid), threshold: spec.publishThreshold },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Sample content
// ---------------------------------------------------------------------------------------------

/** Sample paragraphs in English (written for these tests). */
export const SAMPLE_EN = [
  'The harbour council voted late on Tuesday to keep the old ferry line running through the winter, after fishermen filled the hall and the vote was delayed twice.',
  'Water levels on the river rose by almost a metre overnight. Volunteers stacked sandbags along the embankment while the bridge stayed closed to lorries.',
  'The city library reopened its reading room with a new collection of regional newspapers, some of them more than a century old, scanned page by page.',
];

/** Sample paragraphs in Russian (written for these tests). */
export const SAMPLE_RU = [
  'Городской совет во вторник поздно вечером проголосовал за сохранение зимнего паромного сообщения: зал был полон рыбаков, и голосование дважды откладывали.',
  'За ночь уровень воды в реке поднялся почти на метр. Добровольцы укладывали мешки с песком вдоль набережной, а мост оставался закрытым для грузовиков.',
  'Городская библиотека снова открыла читальный зал: в коллекции появились региональные газеты, некоторым из них больше ста лет, отсканированные постранично.',
];

const MAGIC: Record<ImageType, number[]> = {
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff, 0xe0],
  'image/gif': [0x47, 0x49, 0x46, 0x38, 0x39, 0x61],
  'image/webp': [0x52, 0x49, 0x46, 0x46, 0x20, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50],
  'image/avif': [0x00, 0x00, 0x00, 0x1c, 0x66, 0x74, 0x79, 0x70, 0x61, 0x76, 0x69, 0x66],
};

/** A tiny byte array that starts with the file signature of `type`; `seed` makes it unique. */
export function tinyImage(type: ImageType, seed: number, size = 48): Uint8Array {
  const out = new Uint8Array(Math.max(size, MAGIC[type].length + 4));
  out.set(MAGIC[type]);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = MAGIC[type].length; i < out.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** An image an article carries. */
export interface ImageInput {
  readonly bytes: Uint8Array;
  readonly type: ImageType;
  readonly alt?: string;
}

/** What a test says about an article; everything but `id` and `title` has a default. */
export interface ArticleInput {
  readonly id: string;
  readonly title: string;
  readonly lang?: string;
  readonly dir?: 'ltr' | 'rtl';
  readonly section?: string;
  readonly author?: string;
  readonly published?: string;
  readonly updated?: string;
  readonly summary?: string;
  /** Body paragraphs (HTML-escaped into `<p>` elements). */
  readonly paragraphs?: readonly string[];
  /** Raw HTML instead of `paragraphs`. Image tags are appended either way. */
  readonly html?: string;
  readonly images?: readonly ImageInput[];
  /** Make the first image the lead image. */
  readonly lead?: boolean;
  readonly source?: string;
  /** Force a revision (default: 1 for a new article, previous + 1 for a change). */
  readonly rev?: number;
}

/** Everything a reader could see in `store`, as a plain value: for "stored data intact" checks. */
export function storeSnapshot(store: MemoryStore) {
  return structuredClone({
    trust: store.trust,
    articles: [...store.articles.entries()].sort(([a], [b]) => a.localeCompare(b)),
    images: [...store.images.keys()].sort(),
    segments: [...store.segments.keys()].sort(),
  });
}

/** Sample article `n`: English for even `n`, Russian for odd, one image every third article. */
export function sampleArticle(n: number, over: Partial<ArticleInput> = {}): ArticleInput {
  const ru = n % 2 === 1;
  const text = ru ? SAMPLE_RU : SAMPLE_EN;
  const types: ImageType[] = ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/avif'];
  return {
    id: `story-${n}`,
    title: ru ? `Новости дня №${n}` : `News of the day, number ${n}`,
    lang: ru ? 'ru' : 'en',
    section: ru ? 'Город' : 'City',
    author: ru ? 'Анна Петрова' : 'Jane Doe',
    published: ru ? '2026-11-20T21:30:00+03:00' : '2026-11-20T18:30:00Z',
    summary: (text[n % text.length] ?? '').slice(0, 80),
    paragraphs: [text[n % text.length]!, text[(n + 1) % text.length]!],
    images: n % 3 === 0 ? [{ bytes: tinyImage(types[n % types.length]!, n), type: types[n % types.length]!, alt: ru ? 'Набережная' : 'The embankment' }] : [],
    lead: n % 3 === 0,
    source: `https://outlet.example/${n}`,
    ...over,
  };
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// ---------------------------------------------------------------------------------------------
// The repository
// ---------------------------------------------------------------------------------------------

/** An object pin with the extra `count` of segments and packs. */
export interface CountedPin {
  readonly sha256: string;
  readonly length: number;
  readonly size: number;
  readonly count: number;
}

/** The state of one article in the repository. */
interface ArticleState {
  input: ArticleInput;
  rev: number;
  /** Set once published: its index entry and the pin of its pack. */
  entry?: Record<string, Json>;
  envelope?: Uint8Array;
  pack?: CountedPin;
}

/** What one `publish()` produced. */
export interface PublishResult {
  readonly manifestVersion: number;
  readonly manifest: { sha256: string; length: number; size: number; version: number };
  readonly manifestBytes: Uint8Array;
  readonly timestamp: Uint8Array;
  readonly segment?: CountedPin;
  readonly packs: readonly CountedPin[];
  /** Article envelopes signed in this publish, by id. */
  readonly envelopes: ReadonlyMap<string, Uint8Array>;
}

/** Options of `TestRepo.create`. */
export interface RepoOptions {
  readonly site?: Partial<SiteInfo>;
  readonly now?: number;
  readonly rootKeys?: number;
  readonly rootThreshold?: number;
  readonly publishKeys?: number;
  readonly publishThreshold?: number;
  /** Use these keys instead of fresh ones (the same key may serve both roles). */
  readonly keys?: { readonly root?: readonly TestKey[]; readonly publish?: readonly TestKey[] };
  /** The signed mirror list of every manifest (default: none, so clients keep their bootstrap list). */
  readonly mirrors?: readonly { url: string; name?: string }[];
}

/** Options of `TestRepo.addRoot`. */
export interface NewRootOptions {
  readonly rootKeys?: readonly TestKey[];
  readonly rootThreshold?: number;
  readonly publishKeys?: readonly TestKey[];
  readonly publishThreshold?: number;
  readonly extraKeys?: readonly TestKey[];
  readonly version?: number;
  readonly expires?: number;
  readonly site?: SiteInfo;
  /** Who signs it (default: every old root key and every new root key). */
  readonly signers?: readonly TestKey[];
  /** Store it as `root/<version>.json` and `root.json` and make it current (default true). */
  readonly store?: boolean;
}

/** Options of `TestRepo.resignTimestamp`. */
export interface TimestampOptions {
  readonly version?: number;
  readonly expires?: number;
  readonly rootVersion?: number;
  readonly manifest?: { sha256: string; length: number; size: number; version: number };
  readonly site?: string;
  readonly signers?: readonly TestKey[];
  /** Write it to `timestamp.json` (default true). */
  readonly store?: boolean;
}

/** An in-memory repository: roots, timestamps, manifests, index segments and packs. */
export class TestRepo {
  now: number;
  site: SiteInfo;
  rootKeys: TestKey[];
  rootThreshold: number;
  publishKeys: TestKey[];
  publishThreshold: number;
  /** Every root version: `roots[v - 1]`. */
  readonly roots: { version: number; spec: RootSpec; bytes: Uint8Array }[] = [];
  /** The repository tree: `timestamp.json`, `root.json`, `root/<n>.json`, `objects/<sha256>`. */
  readonly files = new Map<string, Uint8Array>();
  /** The signed mirror list the next manifest carries. */
  mirrorList: { url: string; name?: string }[];
  /** Lifetimes (ms) of signed documents, counted from `now`. */
  ttl = { root: 365 * DAY, manifest: 14 * DAY, timestamp: DAY };
  manifestVersion = 0;
  timestampVersion = 0;
  /** Every timestamp ever signed, oldest first. */
  readonly timestamps: Uint8Array[] = [];
  /** Every publish, oldest first. */
  readonly history: PublishResult[] = [];
  /** Segments of the current manifest, oldest first. */
  segments: { pin: CountedPin; entries: string[] }[] = [];
  private readonly articles = new Map<string, ArticleState>();
  private readonly tombstones = new Map<string, { rev: number; published: boolean }>();
  private readonly mirrors: FakeMirror[] = [];
  /** Every URL fetched through `fetch`, in order (also URLs of no known mirror). */
  readonly requests: string[] = [];

  private constructor(opts: RepoOptions, rootKeys: TestKey[], publishKeys: TestKey[]) {
    this.now = opts.now ?? T0;
    this.site = { id: 'demo-news', name: 'Demo News', lang: 'en', ...opts.site };
    this.rootKeys = rootKeys;
    this.rootThreshold = opts.rootThreshold ?? 1;
    this.publishKeys = publishKeys;
    this.publishThreshold = opts.publishThreshold ?? 1;
    this.mirrorList = [...(opts.mirrors ?? [])];
  }

  /** A repository with root version 1 (self-signed by its root keys) and nothing published. */
  static async create(opts: RepoOptions = {}): Promise<TestRepo> {
    const rootKeys = opts.keys?.root ? [...opts.keys.root] : await newKeys(opts.rootKeys ?? 1);
    const publishKeys = opts.keys?.publish ? [...opts.keys.publish] : await newKeys(opts.publishKeys ?? 1);
    const repo = new TestRepo(opts, rootKeys, publishKeys);
    await repo.addRoot({ version: 1, signers: repo.rootKeys });
    return repo;
  }

  // --- roots ------------------------------------------------------------------------------------

  /** The newest root version. */
  get rootVersion(): number {
    return this.roots.length;
  }

  /** Root version 1: the trust anchor an app would ship. */
  get anchor(): Uint8Array {
    return this.roots[0]!.bytes;
  }

  /** Envelope bytes of root `version`. */
  root(version: number): Uint8Array {
    const r = this.roots[version - 1];
    if (!r) throw new Error(`no root version ${version}`);
    return r.bytes;
  }

  /**
   * Sign a new root (default: the next version with the current keys, signed by every old and new
   * root key). With `store: false` it is only returned, for negative tests.
   */
  async addRoot(o: NewRootOptions = {}): Promise<Uint8Array> {
    const spec: RootSpec = {
      version: o.version ?? this.rootVersion + 1,
      expires: o.expires ?? this.now + this.ttl.root,
      site: o.site ?? this.site,
      rootKeys: o.rootKeys ?? this.rootKeys,
      rootThreshold: o.rootThreshold ?? this.rootThreshold,
      publishKeys: o.publishKeys ?? this.publishKeys,
      publishThreshold: o.publishThreshold ?? this.publishThreshold,
      ...(o.extraKeys ? { extraKeys: o.extraKeys } : {}),
    };
    const signers = o.signers ?? uniqueKeys([...this.rootKeys, ...spec.rootKeys]);
    const bytes = await signWith(rootPayload(spec), signers);
    if (o.store ?? true) {
      this.roots.push({ version: spec.version, spec, bytes });
      this.files.set(`root/${spec.version}.json`, bytes);
      this.files.set('root.json', bytes);
      this.rootKeys = [...spec.rootKeys];
      this.rootThreshold = spec.rootThreshold;
      this.publishKeys = [...spec.publishKeys];
      this.publishThreshold = spec.publishThreshold;
    }
    return bytes;
  }

  /**
   * Rotate the publish keys or the root keys (same count and threshold, fresh keys) in a new root
   * version, signed by the old and the new root keys. Returns the new root's bytes.
   */
  async rotate(role: 'publish' | 'root', o: Omit<NewRootOptions, 'rootKeys' | 'publishKeys'> = {}): Promise<Uint8Array> {
    if (role === 'publish') return this.addRoot({ ...o, publishKeys: await newKeys(this.publishKeys.length) });
    return this.addRoot({ ...o, rootKeys: await newKeys(this.rootKeys.length) });
  }

  // --- articles ---------------------------------------------------------------------------------

  /** Add a new article, or change an existing one (next revision). Returns its revision. */
  addArticle(input: ArticleInput): number {
    const old = this.articles.get(input.id);
    const tomb = this.tombstones.get(input.id)?.rev ?? 0;
    const rev = input.rev ?? Math.max(old ? old.rev + 1 : 1, tomb + 1);
    this.articles.set(input.id, { input, rev });
    return rev;
  }

  /** Withdraw an article with a signed tombstone at its current revision. */
  removeArticle(id: string): void {
    const a = this.articles.get(id);
    if (!a) throw new Error(`no article ${id}`);
    this.articles.delete(id);
    this.tombstones.set(id, { rev: a.rev, published: false });
  }

  /** Ids of the live articles. */
  articleIds(): string[] {
    return [...this.articles.keys()];
  }

  /** The published envelope and pack of article `id`. */
  published(id: string): { rev: number; envelope: Uint8Array; pack: CountedPin; entry: Record<string, Json> } {
    const a = this.articles.get(id);
    if (!a?.envelope || !a.pack || !a.entry) throw new Error(`article ${id} is not published`);
    return { rev: a.rev, envelope: a.envelope, pack: a.pack, entry: a.entry };
  }

  /** The signed article payload of format.md §3.5. */
  async articlePayload(a: { input: ArticleInput; rev: number }, site = this.site.id): Promise<{ payload: Record<string, Json>; images: { sha256: string; type: ImageType; bytes: Uint8Array; alt?: string }[] }> {
    const i = a.input;
    const images = [];
    for (const img of i.images ?? []) images.push({ sha256: await sha256Hex(img.bytes), type: img.type, bytes: img.bytes, ...(img.alt === undefined ? {} : { alt: img.alt }) });
    const body = i.html ?? (i.paragraphs ?? [i.title]).map((p) => `<p>${escapeHtml(p)}</p>`).join('');
    const tags = images.map((img) => `<img src="media/${img.sha256}" alt="${escapeHtml(img.alt ?? '')}">`).join('');
    const payload: Record<string, Json> = {
      _type: 'pigeonpost.article',
      spec_version: 1,
      site,
      ...this.meta(a),
      html: body + (tags ? `<figure>${tags}</figure>` : ''),
      images: images.map((img) => ({ sha256: img.sha256, length: img.bytes.length, type: img.type, ...(img.alt === undefined ? {} : { alt: img.alt }) })),
    };
    if (i.lead && images[0]) payload['lead'] = images[0].sha256;
    if (i.source !== undefined) payload['source'] = i.source;
    return { payload, images };
  }

  private meta(a: { input: ArticleInput; rev: number }): Record<string, Json> {
    const i = a.input;
    return {
      id: i.id,
      rev: a.rev,
      title: i.title,
      lang: i.lang ?? 'en',
      dir: i.dir ?? 'ltr',
      section: i.section ?? 'News',
      ...(i.author === undefined ? {} : { author: i.author }),
      published: i.published ?? '2026-11-20T21:30:00+03:00',
      ...(i.updated === undefined ? {} : { updated: i.updated }),
      summary: i.summary ?? '',
    };
  }

  // --- publishing -------------------------------------------------------------------------------

  /**
   * Publish what changed since the last publish (format.md §3): sign new and changed articles,
   * put them in new packs (one per section), add one index segment for them and new tombstones,
   * then sign manifest version+1 and timestamp version+1.
   * `compact`: replace all segments by one (as `pigeonpost` compaction does).
   * `omit`: ids to leave out of a compacted index WITHOUT a tombstone (a misbehaving publisher).
   */
  async publish(o: { compact?: boolean; omit?: readonly string[] } = {}): Promise<PublishResult> {
    const changed = [...this.articles.values()].filter((a) => !a.entry || a.entry['rev'] !== a.rev);
    const envelopes = new Map<string, Uint8Array>();
    const bySection = new Map<string, ArticleState[]>();
    for (const a of changed) {
      const section = a.input.section ?? 'News';
      bySection.set(section, [...(bySection.get(section) ?? []), a]);
    }
    const packs: CountedPin[] = [];
    for (const group of bySection.values()) {
      const records: PackRecord[] = [];
      const imageRecords = new Map<string, PackRecord>();
      const built: { a: ArticleState; env: Uint8Array; imageBytes: number }[] = [];
      for (const a of group) {
        const { payload, images } = await this.articlePayload(a);
        const env = await signWith(payload, this.publishKeys);
        records.push({ kind: 'article', bytes: env });
        for (const img of images) imageRecords.set(img.sha256, { kind: 'image', sha256: img.sha256, type: img.type, bytes: img.bytes });
        built.push({ a, env, imageBytes: images.reduce((n, img) => n + img.bytes.length, 0) });
      }
      const { gz, pin } = await makeObject(encodePack([...records, ...imageRecords.values()]));
      const packPin: CountedPin = { ...pin, count: group.length };
      this.files.set(`objects/${pin.sha256}`, gz);
      packs.push(packPin);
      for (const { a, env, imageBytes } of built) {
        a.envelope = env;
        a.pack = packPin;
        a.entry = { ...this.meta(a), pack: pin.sha256, envelope: { sha256: await sha256Hex(env), length: env.length }, image_bytes: imageBytes };
        envelopes.set(a.input.id, env);
      }
    }

    const newTombs = [...this.tombstones.entries()].filter(([, t]) => !t.published);
    let segment: CountedPin | undefined;
    if (o.compact || o.omit) {
      const omit = new Set(o.omit ?? []);
      const live = [...this.articles.values()].filter((a) => !omit.has(a.input.id));
      segment = await this.addSegment(live, [...this.tombstones.entries()]);
      this.segments = [{ pin: segment, entries: live.map((a) => a.input.id) }];
    } else if (changed.length > 0 || newTombs.length > 0) {
      segment = await this.addSegment(changed, newTombs);
      this.segments.push({ pin: segment, entries: changed.map((a) => a.input.id) });
    }
    for (const [, t] of newTombs) t.published = true;

    this.manifestVersion++;
    const manifestPayload = {
      _type: 'pigeonpost.manifest',
      spec_version: 1,
      site: this.site.id,
      version: this.manifestVersion,
      expires: formatUtc(this.now + this.ttl.manifest),
      published: formatUtc(this.now),
      root_version: this.rootVersion,
      mirrors: this.mirrorList,
      segments: this.segments.map((s) => s.pin),
    };
    const manifestBytes = await signWith(manifestPayload, this.publishKeys);
    const m = await makeObject(manifestBytes);
    this.files.set(`objects/${m.pin.sha256}`, m.gz);
    const manifest = { ...m.pin, version: this.manifestVersion };
    const timestamp = await this.resignTimestamp({ manifest });
    const result: PublishResult = { manifestVersion: this.manifestVersion, manifest, manifestBytes, timestamp, ...(segment ? { segment } : {}), packs, envelopes };
    this.history.push(result);
    return result;
  }

  private async addSegment(live: readonly ArticleState[], tombs: readonly [string, { rev: number }][]): Promise<CountedPin> {
    const packs = new Map<string, CountedPin>();
    for (const a of live) packs.set(a.pack!.sha256, a.pack!);
    const payload = {
      _type: 'pigeonpost.index',
      spec_version: 1,
      site: this.site.id,
      articles: live.map((a) => a.entry!),
      removed: tombs.map(([id, t]) => ({ id, rev: t.rev })),
      packs: [...packs.values()],
    };
    const { gz, pin } = await makeObject(jsonBytes(payload));
    this.files.set(`objects/${pin.sha256}`, gz);
    return { ...pin, count: live.length };
  }

  /**
   * Sign a new timestamp (default: version+1, fresh expiry, pinning the current manifest) and
   * write it to `timestamp.json`. Returns its bytes.
   */
  async resignTimestamp(o: TimestampOptions = {}): Promise<Uint8Array> {
    const manifest = o.manifest ?? this.history.at(-1)?.manifest;
    if (!manifest) throw new Error('nothing published yet');
    const version = o.version ?? this.timestampVersion + 1;
    const payload = {
      _type: 'pigeonpost.timestamp',
      spec_version: 1,
      site: o.site ?? this.site.id,
      version,
      expires: formatUtc(o.expires ?? this.now + this.ttl.timestamp),
      root_version: o.rootVersion ?? this.rootVersion,
      manifest,
    };
    const bytes = await signWith(payload, o.signers ?? this.publishKeys);
    if (o.store ?? true) {
      this.timestampVersion = Math.max(this.timestampVersion, version);
      this.timestamps.push(bytes);
      this.files.set('timestamp.json', bytes);
    }
    return bytes;
  }

  /** Sign any payload with the publish keys (or `signers`). */
  sign(payload: unknown, signers: readonly TestKey[] = this.publishKeys): Promise<Uint8Array> {
    return signWith(payload, signers);
  }

  // --- mirrors ----------------------------------------------------------------------------------

  /** The fake mirror at `base` (created on first use; it serves `files` live until frozen). */
  mirror(base: string): FakeMirror {
    let m = this.mirrors.find((x) => x.base === base);
    if (!m) {
      m = new FakeMirror(base, this);
      this.mirrors.push(m);
    }
    return m;
  }

  /** A fetch that serves only the mirror at `base`. */
  fetchFor(base: string): typeof fetch {
    const m = this.mirror(base);
    return (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = requestUrl(input);
      this.requests.push(url);
      if (!url.startsWith(m.base)) throw new TypeError('fetch failed', { cause: new Error(`ENOTFOUND ${url}`) });
      return m.respond(url.slice(m.base.length), init?.signal ?? undefined);
    }) as typeof fetch;
  }

  /** A fetch that dispatches on the URL prefix to every registered mirror. */
  readonly fetch: typeof fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = requestUrl(input);
    this.requests.push(url);
    const m = [...this.mirrors].sort((a, b) => b.base.length - a.base.length).find((x) => url.startsWith(x.base));
    if (!m) throw new TypeError('fetch failed', { cause: new Error(`getaddrinfo ENOTFOUND ${new URL(url).host}`) });
    return m.respond(url.slice(m.base.length), init?.signal ?? undefined);
  }) as typeof fetch;

  /** URLs requested on `base` (all mirrors when omitted), as repository paths. */
  requested(base?: string): string[] {
    return base === undefined ? [...this.requests] : this.requests.filter((u) => u.startsWith(base)).map((u) => u.slice(base.length));
  }

  /** Build-time config of a reader app that ships root v1 and knows `bootstrap` mirrors. */
  config(bootstrap: readonly string[], shippedRoot: Uint8Array = this.anchor): SyncConfig {
    return { shippedRoot, bootstrapMirrors: bootstrap };
  }

  /** runSync options: the repo's clock, its fake network and fast limits. */
  syncOptions(over: Partial<SyncOptions> = {}): SyncOptions {
    return { now: this.now, fetchImpl: this.fetch, limits: FAST_LIMITS, ...over };
  }
}

function uniqueKeys(keys: readonly TestKey[]): TestKey[] {
  const seen = new Set<string>();
  return keys.filter((k) => !seen.has(k.keyid) && seen.add(k.keyid));
}

function requestUrl(input: RequestInfo | URL): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

// ---------------------------------------------------------------------------------------------
// Fake mirrors
// ---------------------------------------------------------------------------------------------

/** How a fake mirror answers one path. */
export type Behaviour =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'status'; readonly status: number; readonly body?: string }
  | { readonly kind: 'html' }
  | { readonly kind: 'hang' }
  | { readonly kind: 'slow'; readonly delayMs: number; readonly then?: Behaviour }
  | { readonly kind: 'drip'; readonly intervalMs: number; readonly bytesPerTick: number }
  | { readonly kind: 'endless'; readonly chunkBytes: number }
  | { readonly kind: 'tamper'; readonly at?: number }
  | { readonly kind: 'network' };

/** Serve these bytes instead of the file. */
export const serveBytes = (bytes: Uint8Array): Behaviour => ({ kind: 'bytes', bytes });
/** Answer with a bare HTTP status. */
export const httpStatus = (status: number, body = ''): Behaviour => ({ kind: 'status', status, body });
/** 200 OK with a captive-portal HTML page. */
export const html200 = (): Behaviour => ({ kind: 'html' });
/** Never answer (until the client aborts). */
export const hang = (): Behaviour => ({ kind: 'hang' });
/** Wait `delayMs` before answering (with the file, or `then`). */
export const slow = (delayMs: number, then?: Behaviour): Behaviour => ({ kind: 'slow', delayMs, ...(then ? { then } : {}) });
/** Headers at once, then `bytesPerTick` bytes of `{` every `intervalMs`, forever. */
export const drip = (intervalMs = 100, bytesPerTick = 1): Behaviour => ({ kind: 'drip', intervalMs, bytesPerTick });
/** An endless body as fast as the client reads. */
export const endless = (chunkBytes = 16 * 1024): Behaviour => ({ kind: 'endless', chunkBytes });
/** Serve the file with one byte flipped (default: the middle one). */
export const tamper = (at?: number): Behaviour => ({ kind: 'tamper', ...(at === undefined ? {} : { at }) });
/** Connection refused. */
export const down = (): Behaviour => ({ kind: 'network' });

const PORTAL = '\n<!DOCTYPE html><html><head><title>Sign in to Wi-Fi</title></head><body><form action="/login"><input name="room"></form></body></html>';

function abortError(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** A simulated mirror: the repository's files (live, or a frozen copy) plus per-path overrides. */
export class FakeMirror {
  readonly base: string;
  private readonly repo: TestRepo;
  private own: Map<string, Uint8Array> | undefined;
  /** Overrides by repository path; `'*'` applies to every path without its own override. */
  readonly overrides = new Map<string, Behaviour>();
  /** Paths requested, in order. */
  readonly requests: string[] = [];

  constructor(base: string, repo: TestRepo) {
    this.base = base;
    this.repo = repo;
  }

  /** The files this mirror serves. */
  get files(): Map<string, Uint8Array> {
    return this.own ?? this.repo.files;
  }

  /** Stop following the repository: keep serving a copy of what it has now (a stale mirror). */
  freeze(): this {
    this.own = new Map(this.repo.files);
    return this;
  }

  /** Follow the repository again. */
  follow(): this {
    this.own = undefined;
    return this;
  }

  /** Misbehave on `path` (or `'*'`: every path). */
  set(path: string, b: Behaviour): this {
    this.overrides.set(path, b);
    return this;
  }

  /** Behave again on `path` (every path when omitted). */
  clear(path?: string): this {
    if (path === undefined) this.overrides.clear();
    else this.overrides.delete(path);
    return this;
  }

  /** How many times `path` was requested. */
  hits(path: string): number {
    return this.requests.filter((p) => p === path).length;
  }

  /** Answer a request for `path`. */
  async respond(path: string, signal: AbortSignal | undefined): Promise<Response> {
    this.requests.push(path);
    if (signal?.aborted) throw abortError(signal);
    const b = this.overrides.get(path) ?? this.overrides.get('*');
    return this.answer(path, b, signal);
  }

  private async answer(path: string, b: Behaviour | undefined, signal: AbortSignal | undefined): Promise<Response> {
    const file = this.files.get(path);
    const ok = (bytes: Uint8Array): Response => new Response(bytes.slice(), { status: 200, headers: { 'content-type': 'application/octet-stream' } });
    if (!b) return file ? ok(file) : new Response('not found', { status: 404 });
    switch (b.kind) {
      case 'bytes':
        return ok(b.bytes);
      case 'status':
        return new Response(b.body ?? '', { status: b.status });
      case 'html':
        return new Response(PORTAL, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } });
      case 'network':
        throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
      case 'tamper': {
        if (!file) return new Response('not found', { status: 404 });
        const copy = file.slice();
        const at = b.at ?? Math.floor(copy.length / 2);
        copy[at] = copy[at]! ^ 0x01;
        return ok(copy);
      }
      case 'hang':
        return new Promise<Response>((_, reject) => signal?.addEventListener('abort', () => reject(abortError(signal)), { once: true }));
      case 'slow':
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(resolve, b.delayMs);
          signal?.addEventListener('abort', () => (clearTimeout(t), reject(abortError(signal))), { once: true });
        });
        return this.answer(path, b.then, signal);
      case 'drip':
        return new Response(timedStream(b.intervalMs, () => new Uint8Array(b.bytesPerTick).fill(0x7b), signal), { status: 200 });
      case 'endless':
        return new Response(timedStream(0, () => new Uint8Array(b.chunkBytes).fill(0x7b), signal), { status: 200 });
    }
  }
}

/** A body that yields `chunk()` every `intervalMs` forever, until cancelled or aborted. */
function timedStream(intervalMs: number, chunk: () => Uint8Array, signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      return new Promise<void>((resolve) => {
        if (signal?.aborted) {
          controller.error(abortError(signal));
          return resolve();
        }
        timer = setTimeout(() => {
          controller.enqueue(chunk());
          resolve();
        }, intervalMs);
      });
    },
    cancel() {
      clearTimeout(timer);
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Error assertions
// ---------------------------------------------------------------------------------------------

export { errorCode, rejectionCode } from './error-code.ts';
