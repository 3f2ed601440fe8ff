import { link, readFile, rm, writeFile } from 'node:fs/promises';

export class LockBusyError extends Error {
  constructor(
    readonly lockPath: string,
    readonly pid: number,
  ) {
    super(`another download is writing this model (process ${pid}; lock ${lockPath})`);
    this.name = 'LockBusyError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A lock file holding our pid, so two `pull`s of one model never append to the same `.part`. A lock left by a
 * process that no longer exists (killed, machine restarted) is taken over. Returns the release function.
 */
export async function acquireLock(lockPath: string): Promise<() => Promise<void>> {
  // Written aside then hard-linked into place, so a lock file is never seen half-written (link fails if it exists).
  const mine = `${lockPath}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(mine, String(process.pid));
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(mine, lockPath);
        return async () => {
          await rm(lockPath, { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const pid = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
        if (Number.isInteger(pid) && pid > 0 && alive(pid)) throw new LockBusyError(lockPath, pid);
        await rm(lockPath, { force: true }); // left by a process that is gone
      }
    }
    throw new Error(`could not take the lock ${lockPath}`);
  } finally {
    await rm(mine, { force: true });
  }
}
