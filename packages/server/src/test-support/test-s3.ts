import { mkdtemp, rm } from 'node:fs/promises';
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
  close(): Promise<void>;
}

export const S3_TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * A real S3 server on 127.0.0.1 (s3rver: the S3 REST protocol over HTTP, objects in a temporary folder) with one
 * empty bucket, so the S3 blob store is tested through the AWS SDK against the wire protocol, not a mock.
 */
export async function startTestS3(bucket = 'reelback-test'): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), 'reelback-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, vhostBuckets: false, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
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
    async close() {
      for (const client of clients) client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
