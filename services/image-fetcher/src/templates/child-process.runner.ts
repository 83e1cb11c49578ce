/**
 * Runs a host program and collects its output. Exit status is data here, not an
 * exception: `busybox udhcpc --help` exits 1 yet its text is what we want, and tar's
 * stderr is the useful part of a failed unpack. Only a failure to start (ENOENT,
 * EACCES) rejects.
 */
import { spawn } from 'node:child_process';

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCapture(file: string, args: readonly string[], cwd?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.once('error', reject);
    child.once('close', (code, signal) =>
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

/** Short description of a non-zero run, for error messages. */
export function describeExit(file: string, r: RunResult): string {
  const status = r.signal ? `killed by ${r.signal}` : `exit ${r.code}`;
  const detail = r.stderr.trim().split('\n').slice(-3).join('; ');
  return `${file} ${status}${detail ? `: ${detail}` : ''}`;
}
