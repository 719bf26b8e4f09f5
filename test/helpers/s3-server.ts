/**
 * A real S3-compatible server (s3rver) on loopback for the push tests: one bucket with a CORS rule
 * as docs/hosting.md tells operators to set, test credentials, and the bucket's public base URL
 * (path-style) that readers and `check` use.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/** s3rver's fixed test credentials. */
export const S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** The same as environment variables for the binary. */
export const S3_ENV = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };

const CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><MaxAgeSeconds>86400</MaxAgeSeconds><AllowedHeader>*</AllowedHeader></CORSRule></CORSConfiguration>`;

/** A running server. */
export interface S3Server {
  /** The S3 API endpoint (for --endpoint). */
  readonly endpoint: string;
  /** Public base URL of `bucket/prefix/` as a mirror URL. */
  mirrorUrl(bucket: string, prefix: string): string;
  close(): Promise<void>;
}

/** Start s3rver with the given buckets on 127.0.0.1 and an ephemeral port (`cors: false`: no CORS rule). */
export async function startS3(buckets: string[], opts: { cors?: boolean } = {}): Promise<S3Server> {
  const dir = await mkdtemp(join(tmpdir(), 'pp-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: buckets.map((name) => ({ name, configs: opts.cors === false ? [] : [CORS] })) });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    mirrorUrl: (bucket, prefix) => `${endpoint}/${bucket}/${prefix === '' ? '' : `${prefix}/`}`,
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
