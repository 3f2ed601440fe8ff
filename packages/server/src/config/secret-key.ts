import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Config, decodeSecretKey } from './config.js';

export const SECRET_KEY_FILE = 'secret-key';

/**
 * The key that encrypts stored secrets (tracker tokens): REELBACK_SECRET_KEY when set; else, as the admin key does,
 * one made on the first start into `<data dir>/secret-key` (readable by its owner only) and reused after. It is a
 * key of its own rather than one derived from the admin key, so rotating the admin key loses no tracker settings.
 * Several server processes on one PostgreSQL must share it (set REELBACK_SECRET_KEY, or share the data folder).
 */
export async function resolveSecretKey(config: Pick<Config, 'secretKey' | 'dataDir'>): Promise<Buffer> {
  if (config.secretKey !== null) return config.secretKey;
  const file = join(config.dataDir, SECRET_KEY_FILE);
  const existing = await readFile(file, 'utf8').then(
    (text) => text.trim(),
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    },
  );
  if (existing !== null) {
    const key = decodeSecretKey(existing);
    if (!key) throw new Error(`${file} does not hold a 32-byte key in base64 or hex; restore it (deleting it loses the stored tracker settings)`);
    return key;
  }
  await mkdir(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  // 'wx' fails if another process wrote the file meanwhile; then that key wins.
  try {
    await writeFile(file, `${key.toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return resolveSecretKey(config);
    throw error;
  }
  return key;
}
