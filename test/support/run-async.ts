/**
 * A tool run to its end without blocking this process: for tools that talk to a server living
 * in this process (the image server fixture), which spawnSync would starve.
 */
import { spawn } from 'node:child_process';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `input` goes to the tool's stdin; without it, stdin is /dev/null. */
export function runAsync(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, input?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    p.once('error', reject);
    p.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    if (input !== undefined) p.stdin?.end(input);
  });
}
