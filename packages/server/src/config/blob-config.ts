// Where media blobs live: the data folder (the embedded default) or an S3-compatible bucket. Read from the environment
// apart from config.ts so the storage choice has one place; credentials are the AWS SDK's business (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE, an instance role…) and are never read or logged here.

export type BlobsConfig =
  | { kind: 'local' }
  | {
      kind: 's3';
      /** REELBACK_S3_BUCKET */
      bucket: string;
      /** REELBACK_S3_ENDPOINT: MinIO, R2, Garage, Ceph RGW…; null for AWS itself. */
      endpoint: string | null;
      /** REELBACK_S3_REGION, else AWS_REGION, else us-east-1 (what MinIO and most others accept). */
      region: string;
      /** REELBACK_S3_PREFIX: a folder of the bucket for Reelback's objects ('' for the bucket's root). */
      prefix: string;
      /** REELBACK_S3_FORCE_PATH_STYLE: `endpoint/bucket/key` instead of `bucket.endpoint/key` (MinIO needs it). */
      forcePathStyle: boolean;
      /**
       * REELBACK_S3_PRESIGNED_MEDIA: media routes answer 302 to a presigned GET valid this many seconds (on: 300),
       * after the same access checks; null: media flows through the server.
       */
      presignedMediaSeconds: number | null;
    };

/** How long a presigned media URL lives when REELBACK_S3_PRESIGNED_MEDIA is just switched on. */
export const PRESIGNED_MEDIA_SECONDS = 300;
/** S3's own limit for a presigned URL (7 days). */
const MAX_PRESIGN_SECONDS = 604_800;

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;
const set = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value.trim());

/** The blob store's settings, and every problem with them (empty when they are usable). */
export function parseBlobsConfig(env: Record<string, string | undefined>): { blobs: BlobsConfig; problems: string[] } {
  const bucket = set(env.REELBACK_S3_BUCKET);
  const others = ['REELBACK_S3_ENDPOINT', 'REELBACK_S3_REGION', 'REELBACK_S3_PREFIX', 'REELBACK_S3_FORCE_PATH_STYLE', 'REELBACK_S3_PRESIGNED_MEDIA'].filter((name) => set(env[name]) !== undefined);
  if (bucket === undefined) {
    const problems = others.length ? [`${others.join(', ')} ${others.length === 1 ? 'is' : 'are'} set but REELBACK_S3_BUCKET is not: set the bucket to keep media in S3, or unset them`] : [];
    return { blobs: { kind: 'local' }, problems };
  }
  const problems: string[] = [];
  if (!BUCKET.test(bucket)) problems.push('REELBACK_S3_BUCKET must be a bucket name: 3–63 lower-case letters, digits, dots and hyphens');
  const endpoint = set(env.REELBACK_S3_ENDPOINT) ?? null;
  if (endpoint !== null && !isEndpoint(endpoint)) problems.push('REELBACK_S3_ENDPOINT must be an http(s) URL without credentials, such as https://s3.example.com or http://127.0.0.1:9000');
  const prefix = (set(env.REELBACK_S3_PREFIX) ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix !== '' && (!PREFIX.test(prefix) || prefix.split('/').some((part) => part === '.' || part === '..'))) {
    problems.push('REELBACK_S3_PREFIX must be a plain folder path such as reelback or media/reelback (letters, digits, . _ - and /)');
  }
  const pathStyle = set(env.REELBACK_S3_FORCE_PATH_STYLE)?.toLowerCase();
  if (pathStyle !== undefined && !['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'].includes(pathStyle)) {
    problems.push(`REELBACK_S3_FORCE_PATH_STYLE must be one of 1/0, true/false, on/off, yes/no, got '${env.REELBACK_S3_FORCE_PATH_STYLE}'`);
  }
  const region = set(env.REELBACK_S3_REGION) ?? set(env.AWS_REGION) ?? 'us-east-1';
  const presigned = presignedSeconds(set(env.REELBACK_S3_PRESIGNED_MEDIA));
  if (presigned === 'bad') {
    problems.push(`REELBACK_S3_PRESIGNED_MEDIA must be on/off (1/0, true/false, yes/no) or a number of seconds from 1 to ${MAX_PRESIGN_SECONDS}, got '${env.REELBACK_S3_PRESIGNED_MEDIA}'`);
  }
  const presignedMediaSeconds = presigned === 'bad' ? null : presigned;
  return { blobs: { kind: 's3', bucket, endpoint, region, prefix, forcePathStyle: ['1', 'true', 'on', 'yes'].includes(pathStyle ?? ''), presignedMediaSeconds }, problems };
}

/** REELBACK_S3_PRESIGNED_MEDIA: off (unset), on (300 s) or a lifetime in seconds. */
function presignedSeconds(value: string | undefined): number | null | 'bad' {
  const lower = value?.toLowerCase();
  if (lower === undefined || ['0', 'false', 'off', 'no'].includes(lower)) return null;
  if (['1', 'true', 'on', 'yes'].includes(lower)) return PRESIGNED_MEDIA_SECONDS;
  const seconds = /^\d+$/.test(lower) ? Number(lower) : Number.NaN;
  return seconds >= 1 && seconds <= MAX_PRESIGN_SECONDS ? seconds : 'bad';
}

function isEndpoint(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
  } catch {
    return false;
  }
}
