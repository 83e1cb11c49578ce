/** `<runDir>/exit`, written atomically by the shim when init has exited: key<TAB>value lines status, code, signal, time (ms). */
import { readFile } from 'fs/promises';
import { join } from 'path';
import type { ExitStatus } from './types';

export async function readExitRecord(runDir: string): Promise<ExitStatus | null> {
  let text: string;
  try {
    text = await readFile(join(runDir, 'exit'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const rec = new Map(text.split('\n').filter(Boolean).map((l) => l.split('\t') as [string, string]));
  const num = (k: string): number => Number(rec.get(k) ?? NaN);
  if (!Number.isFinite(num('code')) || !Number.isFinite(num('signal'))) return null;
  return { code: num('code'), signal: num('signal'), status: num('status'), time: num('time'), ...(num('oom') > 0 && { oom: true }) };
}
