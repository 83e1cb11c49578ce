/**
 * A lock file per image ref, so that two image-fetcher processes (a queue group, or two
 * stacks sharing a cache dir) never fetch one image at the same time. `O_EXCL` create
 * with our pid inside; a lock whose pid is gone or that is older than `staleMs` is
 * broken. Within one process the in-flight map in image-cache.ts already joins callers.
 */
import { promises as fs } from 'node:fs';

const POLL_MS = 100;

export async function withFileLock<T>(file: string, staleMs: number, run: () => Promise<T>): Promise<T> {
  await acquire(file, staleMs);
  try {
    return await run();
  } finally {
    await fs.rm(file, { force: true });
  }
}

async function acquire(file: string, staleMs: number): Promise<void> {
  for (;;) {
    try {
      const fh = await fs.open(file, 'wx', 0o600);
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (await isStale(file, staleMs)) {
      await fs.rm(file, { force: true });
      continue;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function isStale(file: string, staleMs: number): Promise<boolean> {
  const [text, st] = await Promise.all([fs.readFile(file, 'utf8').catch(() => ''), fs.stat(file).catch(() => undefined)]);
  if (!st) return false;
  if (Date.now() - st.mtimeMs > staleMs) return true;
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0) return Date.now() - st.mtimeMs > 5_000;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
