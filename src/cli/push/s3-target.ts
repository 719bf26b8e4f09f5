/**
 * An S3-compatible bucket as a push target (`s3://<bucket>[/<prefix>]`): AWS S3, Cloudflare R2,
 * Backblaze B2, MinIO and others, through @aws-sdk/client-s3.
 *
 * - Credentials and region come from the SDK's standard chain: AWS_ACCESS_KEY_ID /
 *   AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN), AWS_PROFILE or `--profile`, ~/.aws/credentials
 *   and ~/.aws/config, AWS_REGION.
 * - With `--endpoint` (any provider other than AWS): path-style addressing, and checksums only where
 *   an operation requires them. Since 3.729 the SDK sends CRC32 checksum headers by default, which
 *   some S3-compatible providers reject.
 * - Bodies are sent as whole buffers with their length (no streamed, chunk-signed uploads, which
 *   some servers do not decode); objects here are at most a few MiB.
 */
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { checkRepoPath } from '../../core/net/url.ts';
import { CliError, UsageError } from '../util/errors.ts';
import type { PushTarget, RemoteEntry } from './target.ts';

/** Options of an S3 target. */
export interface S3TargetOptions {
  /** `--endpoint`: the provider's S3 API URL (R2: https://<account>.r2.cloudflarestorage.com). */
  readonly endpoint?: string;
  readonly region?: string;
  readonly profile?: string;
  /** Explicit credentials (tests); otherwise the SDK's default chain. */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** `s3://bucket/prefix` split up; the prefix has no leading or trailing `/`. */
export function parseS3Url(text: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(text);
  if (!m) throw new UsageError(`push: target "${text}" is not s3://<bucket>[/<prefix>]`);
  const bucket = m[1]!;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new UsageError(`push: "${bucket}" is not a valid bucket name (3 to 63 lowercase letters, digits, dots and hyphens)`);
  const prefix = (m[2] ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix !== '') {
    try {
      checkRepoPath(prefix);
    } catch {
      throw new UsageError(`push: prefix "${prefix}" of ${text} must be plain path segments (letters, digits, ".", "_", "-")`);
    }
  }
  return { bucket, prefix };
}

/** One line for an SDK or network error. */
function describe(label: string, what: string, e: unknown): CliError {
  const err = e as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = err.$metadata?.httpStatusCode;
  const name = err.code ?? err.name ?? 'Error';
  const hint =
    name === 'CredentialsProviderError' ? ' (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE / --profile)'
    : /region/i.test(err.message ?? '') ? ' (set --region or AWS_REGION)'
    : '';
  return new CliError(`${label}: ${what}: ${name}${status ? ` (HTTP ${status})` : ''}: ${err.message ?? String(e)}${hint}`);
}

/** The bucket (and prefix) named by `url` as a target. */
export function s3Target(url: string, opts: S3TargetOptions = {}): PushTarget {
  const { bucket, prefix } = parseS3Url(url);
  // The SDK warns on every run that releases from 2027 need Node 22; this project pins its version.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const custom = opts.endpoint !== undefined;
  const region = opts.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? (custom ? 'us-east-1' : undefined);
  const config: S3ClientConfig = {
    ...(region === undefined ? {} : { region }),
    ...(opts.profile === undefined ? {} : { profile: opts.profile }),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(custom ? { endpoint: opts.endpoint, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
    maxAttempts: 4,
  };
  let client: S3Client;
  try {
    client = new S3Client(config);
  } catch (e) {
    throw describe(url, 'cannot set up the S3 client', e);
  }
  const keyOf = (key: string): string => (prefix === '' ? key : `${prefix}/${key}`);
  return {
    label: url,
    listsMd5: true,
    async list() {
      const out = new Map<string, RemoteEntry>();
      let token: string | undefined;
      do {
        let page;
        try {
          page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ...(prefix === '' ? {} : { Prefix: `${prefix}/` }), ...(token ? { ContinuationToken: token } : {}) }));
        } catch (e) {
          throw describe(url, 'cannot list the bucket', e);
        }
        for (const o of page.Contents ?? []) {
          if (o.Key === undefined) continue;
          const key = prefix === '' ? o.Key : o.Key.slice(prefix.length + 1);
          const etag = o.ETag?.replace(/"/g, '').toLowerCase();
          out.set(key, { size: o.Size ?? 0, ...(etag && /^[0-9a-f]{32}$/.test(etag) ? { md5: etag } : {}) });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return out;
    },
    async get(key) {
      try {
        const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: keyOf(key) }));
        return r.Body ? await r.Body.transformToByteArray() : new Uint8Array(0);
      } catch (e) {
        const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
        if (err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404) return null;
        throw describe(url, `cannot read ${key}`, e);
      }
    },
    async put(key, bytes, meta) {
      try {
        await client.send(
          new PutObjectCommand({ Bucket: bucket, Key: keyOf(key), Body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), ContentLength: bytes.byteLength, ContentType: meta.contentType, CacheControl: meta.cacheControl }),
        );
      } catch (e) {
        throw describe(url, `cannot upload ${key}`, e);
      }
    },
    async delete(key) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(key) }));
      } catch (e) {
        throw describe(url, `cannot delete ${key}`, e);
      }
    },
  };
}
