import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Config, MIN_ADMIN_KEY_LENGTH, parseConfig } from './config.js';

export type ResolvedConfig = Config & {
  adminKey: string;
  /** The file the admin key is kept in; absent when REELBACK_ADMIN_KEY gave it (the start-up log says which). */
  adminKeyFile?: string;
};

export const ADMIN_KEY_FILE = 'admin-key';

/**
 * Gives a development setup a stable owner key without any setup: the first start writes one to
 * `<data dir>/admin-key` (readable by its owner only) and says where; later starts reuse it. The key itself is
 * never printed: logs are collected and shared, the file stays readable only by whoever runs the server.
 */
export async function resolveAdminKey(config: Config, announce: (line: string) => void = console.log): Promise<ResolvedConfig> {
  if (config.adminKey !== null) return { ...config, adminKey: config.adminKey };
  const file = join(config.dataDir, ADMIN_KEY_FILE);
  const existing = await readFile(file, 'utf8').then(
    (text) => text.trim(),
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    },
  );
  if (existing !== null) {
    if (existing.length < MIN_ADMIN_KEY_LENGTH) {
      throw new Error(`${file} holds a key shorter than ${MIN_ADMIN_KEY_LENGTH} characters: delete it to make a new one`);
    }
    return { ...config, adminKey: existing, adminKeyFile: file };
  }
  await mkdir(config.dataDir, { recursive: true });
  const key = randomBytes(24).toString('base64url');
  // 'wx' fails if another process wrote the file meanwhile; then that key wins.
  try {
    await writeFile(file, `${key}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return resolveAdminKey(config, announce);
    throw error;
  }
  announce(`Created an owner API key in ${file} (readable only by you; set REELBACK_ADMIN_KEY to choose your own).`);
  return { ...config, adminKey: key, adminKeyFile: file };
}

/** The environment read and the admin key settled: what `main.ts` needs. */
export async function loadConfig(
  env: Record<string, string | undefined> = process.env,
  announce: (line: string) => void = console.log,
): Promise<ResolvedConfig> {
  return resolveAdminKey(parseConfig(env), announce);
}
