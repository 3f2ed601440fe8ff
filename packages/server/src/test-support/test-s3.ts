import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

export interface TestS3 {
  /** `http://127.0.0.1:<port>`: the endpoint for a path-style client. */
  endpoint: string;
  bucket: string;
  /** A client for this server (path-style, test credentials). */
  client(): S3Client;
  /** S3 goes away (connections refused) until `resume`, which serves the same objects and uploads on the same port. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

export const S3_TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** Where s3rver keeps a bucket's multipart uploads: `<bucket>/._S3rver_uploads/<uploadId>/<part>` (+ `<part>.md5`). */
const uploadsDir = (directory: string, bucket: string) => join(directory, bucket, '._S3rver_uploads');

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The two multipart calls s3rver 3.7 lacks, which @tus/s3-store relies on (it resumes an upload by listing its parts,
 * and terminates one by aborting it): ListParts and AbortMultipartUpload, answered from s3rver's own part files in
 * AWS's documented shapes (`ListPartsResult`; 204; `NoSuchUpload` for an upload that was completed or aborted). The
 * one place the test server is extended; everything else is s3rver's.
 */
function multipartCalls(directory: string): S3rver['middleware'][number] {
  return async (ctx, next) => {
    const uploadId = ctx.query.uploadId;
    const get = ctx.method === 'GET';
    if (typeof uploadId !== 'string' || !(get || ctx.method === 'DELETE')) return next();
    const [, bucket = '', ...keyParts] = ctx.path.split('/');
    const key = decodeURIComponent(keyParts.join('/'));
    const dir = join(uploadsDir(directory, bucket), uploadId);
    if (!/^[0-9a-f]+$/.test(uploadId) || !(await stat(dir).catch(() => undefined))) {
      ctx.status = 404;
      ctx.type = 'application/xml';
      ctx.body = xml(`<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message><UploadId>${escape(uploadId)}</UploadId></Error>`);
      return;
    }
    if (!get) {
      await rm(dir, { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    const numbers = (await readdir(dir)).filter((name) => /^\d+$/.test(name)).map(Number).sort((a, b) => a - b);
    const parts = await Promise.all(
      numbers.map(async (n) => {
        const [info, md5] = await Promise.all([stat(join(dir, String(n))), readFile(join(dir, `${n}.md5`), 'utf8')]);
        return `<Part><PartNumber>${n}</PartNumber><LastModified>${info.mtime.toISOString()}</LastModified><ETag>"${md5.trim()}"</ETag><Size>${info.size}</Size></Part>`;
      }),
    );
    ctx.status = 200;
    ctx.type = 'application/xml';
    ctx.body = xml(
      `<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>${escape(bucket)}</Bucket><Key>${escape(key)}</Key><UploadId>${uploadId}</UploadId>` +
        `<PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>${numbers.at(-1) ?? 0}</NextPartNumberMarker><MaxParts>10000</MaxParts><IsTruncated>false</IsTruncated>${parts.join('')}</ListPartsResult>`,
    );
  };
}

/**
 * A real S3 server on 127.0.0.1 (s3rver: the S3 REST protocol over HTTP, objects in a temporary folder) with one
 * empty bucket, so the S3 blob store is tested through the AWS SDK against the wire protocol, not a mock.
 */
export async function startTestS3(bucket = 'reelback-test'): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), 'reelback-s3rver-'));
  const serve = async (on: number) => {
    const made = new S3rver({ address: '127.0.0.1', port: on, silent: true, directory, vhostBuckets: false, configureBuckets: [{ name: bucket }] });
    made.middleware.unshift(multipartCalls(directory));
    return { made, port: (await made.run()).port };
  };
  let { made: server, port } = await serve(0);
  let paused = false;
  const endpoint = `http://127.0.0.1:${port}`;
  const clients: S3Client[] = [];
  return {
    endpoint,
    bucket,
    client() {
      const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3_TEST_CREDENTIALS });
      clients.push(client);
      return client;
    },
    async pause() {
      paused = true;
      await server.close();
    },
    async resume() {
      ({ made: server, port } = await serve(port));
      paused = false;
    },
    async close() {
      for (const client of clients) client.destroy();
      if (!paused) await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
