import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** PGlite is one process's database: a second process opening the same directory would corrupt it. */
export class DataDirInUseError extends Error {
  readonly pid: number;
  constructor(dataDir: string, pid: number) {
    super(`data directory in use by pid ${pid} (${dataDir})`);
    this.name = 'DataDirInUseError';
    this.pid = pid;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else — still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export interface DataDirLock {
  release(): void;
}

/**
 * Takes `touchline.lock` in the data directory, holding this process's pid. A lock left by a dead
 * process is cleared; a live one refuses. Creation uses O_EXCL, so two racing processes cannot both win.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'touchline.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return {
        release() {
          if (readPid(path) === process.pid) unlinkSync(path);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readPid(path);
      if (holder !== undefined && holder !== process.pid && isAlive(holder))
        throw new DataDirInUseError(dataDir, holder);
      if (holder === process.pid) throw new DataDirInUseError(dataDir, holder);
      try {
        unlinkSync(path); // stale: its process is gone
      } catch {
        // someone else cleared it first; try again
      }
    }
  }
  throw new Error(`could not take the lock on ${dataDir}`);
}
