import { HeadBucketCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { BlobsConfig } from '../config/blob-config.js';

type S3Config = Extract<BlobsConfig, { kind: 's3' }>;

/** How long start-up waits for the bucket to answer (the SDK's own retries included) before it gives up. */
export const BUCKET_CHECK_MS = 5_000;

/**
 * The bucket could not be used at start: one line naming the bucket, the endpoint and what failed (never a
 * credential), which `main.ts` prints as it is before exiting non-zero.
 */
export class BucketCheckError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'BucketCheckError';
  }
}

/**
 * Asks the bucket once (HeadBucket) before the process serves, so a missing bucket, an unreachable endpoint or
 * refused credentials stop the start with a clear line instead of failing each upload later. Its own client,
 * destroyed after, so a failed check leaves no socket open.
 */
export async function checkBucket(config: S3Config, options: { timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? BUCKET_CHECK_MS;
  const client = new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
  });
  try {
    // The SDK's retries ride out a blip; the signal bounds them all, and aborting destroys the request's socket.
    await client.send(new HeadBucketCommand({ Bucket: config.bucket }), { abortSignal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const where = `REELBACK_S3_BUCKET '${config.bucket}' at ${config.endpoint ?? `AWS S3 (region ${config.region})`}`;
    throw new BucketCheckError(`${where} cannot be used: ${whatFailed(error, timeoutMs)}`, { cause: error });
  } finally {
    client.destroy();
  }
}

/** What went wrong, in words an operator acts on (HEAD answers carry no body, so the status is what S3 tells). */
function whatFailed(error: unknown, timeoutMs: number): string {
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode;
    if (status === 404 || error.name === 'NotFound' || error.name === 'NoSuchBucket') return 'the bucket does not exist (create it, or correct the name)';
    if (status === 403) return 'access denied (HTTP 403): check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and that they may use this bucket';
    if (status === 400 || status === 301) return `the server refused the request (HTTP ${status}): check REELBACK_S3_REGION and REELBACK_S3_FORCE_PATH_STYLE`;
    return `the server answered HTTP ${status ?? '?'} (${error.name})`;
  }
  const { name, code, message } = (error ?? {}) as { name?: string; code?: string; message?: string };
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  if (name === 'CredentialsProviderError') return 'no credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, or an instance role)';
  if (code === 'ECONNREFUSED') return 'the endpoint refused the connection (is the S3 server running, and is REELBACK_S3_ENDPOINT right?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return "the endpoint's host name does not resolve";
  return `${code ?? name ?? 'error'}: ${message ?? String(error)}`;
}
