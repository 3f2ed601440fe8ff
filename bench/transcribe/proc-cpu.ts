import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc's CPU times are in these ticks. 100 on every x86-64 and arm64 Linux. */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) used by this process's children that have ended and been waited for, from
 * /proc/self/stat's cutime and cstime (children's own waited-for children included: `sh -c ./main` counts main).
 * A steadier figure than wall time on a shared machine. null where there is no /proc.
 */
export function childrenCpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'latin1');
    // "pid (comm) state ppid …": comm may hold spaces, so count fields after the last ')'. Field 3 is state.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cutime = Number(fields[16 - 3]);
    const cstime = Number(fields[17 - 3]);
    if (!Number.isFinite(cutime) || !Number.isFinite(cstime)) return null;
    return (cutime + cstime) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
