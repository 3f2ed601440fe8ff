import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { serverRoot } from '../paths.js';

export interface ScryptTask {
  password: string;
  salt: Uint8Array;
  keyBytes: number;
  N: number;
  r: number;
  p: number;
  maxmem: number;
}

/** The hashing queue is full: refuse the attempt now rather than let waiting logins pile up in memory. */
export class HashQueueFull extends Error {
  constructor() {
    super('too many password checks are waiting');
    this.name = 'HashQueueFull';
  }
}

export interface PasswordPoolOptions {
  /** Worker threads hashing at once; each holds 32 MiB while it hashes. */
  threads: number;
  /** Hashes allowed to wait for a thread; beyond it `HashQueueFull`. */
  maxQueue: number;
}

/**
 * One thread on a 2-core machine, at most two anywhere: hashing gets a bounded share of the CPU whatever arrives,
 * and the queue bounds how long a login may wait. The worker file is plain JavaScript beside this module's source
 * and is found from the package root, so the sources (tsx, tests) and the build (dist/main.js) load the same file.
 */
export const DEFAULT_PASSWORD_POOL: PasswordPoolOptions = {
  threads: Math.max(1, Math.min(2, availableParallelism() - 1)),
  maxQueue: 64,
};

const WORKER_FILE = join(serverRoot, 'src', 'accounts', 'scrypt-worker.mjs');

/**
 * scrypt in worker threads of its own. Node's async `crypto.scrypt` runs on libuv's threadpool (4 threads), the
 * same threads that serve every `fs` call: 40 logins there kept static files and posters waiting for seconds.
 * In these threads it is synchronous, so the threadpool never sees it.
 */
export class PasswordPool {
  private readonly pool: Piscina<ScryptTask, Uint8Array>;

  constructor(options: PasswordPoolOptions = DEFAULT_PASSWORD_POOL) {
    this.pool = new Piscina({
      filename: WORKER_FILE,
      minThreads: 0,
      maxThreads: options.threads,
      maxQueue: options.maxQueue,
      // An idle server holds no hashing thread for long.
      idleTimeout: 30_000,
    });
  }

  async derive(task: ScryptTask): Promise<Buffer> {
    try {
      const key = await this.pool.run(task);
      return Buffer.from(key.buffer, key.byteOffset, key.byteLength);
    } catch (error) {
      if (error instanceof Error && error.message === 'Task queue is at limit') throw new HashQueueFull();
      throw error;
    }
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}
