/**
 * Running the compiled stack launcher (`lxcbus up|down|status`) from service
 * tests: spawn it, wait for its ready line, find the processes it left.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { freePort } from './nats-fixture';

export const REPO = resolve(__dirname, '../..');
export const STACK_JS = join(REPO, 'dist/libs/stack/src/index.js');
export const SERVICE_JS = join(REPO, 'dist/services/state-reporter/src/main.js');
export const NATS_BIN = process.env.NATS_SERVER_BIN || (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');

export function skipReason(): string | null {
  const missing = [STACK_JS, SERVICE_JS].filter((p) => !existsSync(p));
  if (missing.length > 0) return `not built: ${missing.join(', ')} (run npm run build:ts; scripts/test.sh does)`;
  if (spawnSync(NATS_BIN, ['--version']).error) return `${NATS_BIN} not found (apt-get install nats-server)`;
  return null;
}
export const SKIP = skipReason();

export type Verb = 'Up' | 'Down' | 'Status';
export interface Launched {
  proc: ChildProcess;
  out: string[];
  err: string[];
  exited: Promise<number | null>;
}

export function launch(verb: Verb, args: string[]): Launched {
  const script = `require(${JSON.stringify(STACK_JS)}).runStack${verb}(process.argv.slice(1)).then((c) => process.exit(c))`;
  const proc = spawn(process.execPath, ['-e', script, '--', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const l: Launched = { proc, out: [], err: [], exited: new Promise((r) => proc.once('exit', (code) => r(code))) };
  proc.stdout?.on('data', (d: Buffer) => l.out.push(d.toString()));
  proc.stderr?.on('data', (d: Buffer) => l.err.push(d.toString()));
  return l;
}

export async function run(verb: Verb, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const l = launch(verb, args);
  const code = await l.exited;
  return { code, stdout: l.out.join(''), stderr: l.err.join('') };
}

export async function until<T>(what: string, fn: () => T | null | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').match(/\) Z /);
  } catch {
    return false;
  }
}

export interface StackDirs { statedir: string; args: string[]; port: number; host: string }

export async function stackArgs(root: string, name: string): Promise<StackDirs> {
  const port = await freePort();
  const host = `st${process.pid}${name}`;
  const d = (x: string) => join(root, name, x);
  return {
    statedir: d('state'), port, host,
    args: ['--port', String(port), '--host', host, '--lxcpath', d('lxc'), '--rundir', d('run'), '--statedir', d('state'),
      '--cachedir', d('cache'), '--services', 'state-reporter', '--log-level', 'warn'],
  };
}

export async function startStack(s: StackDirs): Promise<Launched> {
  const l = launch('Up', s.args);
  const died = l.exited.then((c) => Promise.reject(new Error(`launcher exited ${c}: ${l.err.join('')}`)));
  await Promise.race([until('the ready line', () => l.out.join('').includes('\n'), 60_000), died]);
  return l;
}

export const record = (statedir: string) => JSON.parse(readFileSync(join(statedir, 'stack.json'), 'utf8'));


/** Pids of live processes whose command line mentions `text` (a test's temp dir). */
export function processesMentioning(text: string): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try {
      return pid !== process.pid && alive(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
    } catch {
      return false;
    }
  });
}

export function environOf(pid: number): string[] {
  return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
}

export async function portFree(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const srv = createServer().once('error', () => ok(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => ok(true)));
  });
}
