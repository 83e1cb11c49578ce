/**
 * One child of the launcher (nats-server or a service): spawned in its own
 * session with stdout/stderr appended to its log file, restarted with
 * backoff once restarts are armed, stopped with SIGTERM then SIGKILL.
 * Signals go to the child's pid only: runtime-executor's container shims
 * are separate processes that must outlive a service restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, openSync } from 'node:fs';
import { nextBackoffMs, type BackoffPolicy } from './restart-backoff';

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
}

export interface ChildExit {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be spawned at all (ENOENT, EACCES). */
  spawnError?: Error;
  ranForMs: number;
}

export interface SupervisorHooks {
  spawned(name: string, pid: number): void;
  exited(exit: ChildExit, restartInMs: number | null): void;
}

export function describeExit(e: ChildExit): string {
  if (e.spawnError) return `could not start: ${e.spawnError.message}`;
  return e.signal ? `killed by ${e.signal}` : `exited with status ${e.code}`;
}

export class SupervisedProcess {
  private child: ChildProcess | null = null;
  private startedAt = 0;
  private backoffMs: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;
  private exitWaiters: ((e: ChildExit) => void)[] = [];
  /** Off during startup (an exit there is fatal and reported); armed once the stack is ready. */
  restartArmed = false;
  restarts = 0;

  constructor(readonly spec: ChildSpec, private readonly policy: BackoffPolicy, private readonly hooks: SupervisorHooks) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  start(): void {
    this.log(`start ${[this.spec.command, ...this.spec.args].join(' ')}`);
    const fd = openSync(this.spec.logFile, 'a');
    try {
      this.child = spawn(this.spec.command, this.spec.args, { env: this.spec.env, stdio: ['ignore', fd, fd], detached: true });
    } finally {
      closeSync(fd);
    }
    this.startedAt = Date.now();
    const child = this.child;
    let reported = false;
    const report = (code: number | null, sig: NodeJS.Signals | null, spawnError?: Error) => {
      if (reported) return;
      reported = true;
      this.onExit({ name: this.spec.name, code, signal: sig, spawnError, ranForMs: Date.now() - this.startedAt }, child);
    };
    child.once('error', (err) => report(null, null, err));
    child.once('exit', (code, sig) => report(code, sig));
    if (child.pid !== undefined) this.hooks.spawned(this.spec.name, child.pid);
  }

  /** Resolves at the child's next exit (startup uses it to fail fast). */
  nextExit(): Promise<ChildExit> {
    return new Promise((resolve) => this.exitWaiters.push(resolve));
  }

  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const gone = this.nextExit();
    child.kill('SIGTERM');
    const killer = setTimeout(() => this.kill('SIGKILL'), timeoutMs);
    await gone;
    clearTimeout(killer);
  }

  kill(sig: NodeJS.Signals): void {
    this.child?.kill(sig);
  }

  private onExit(exit: ChildExit, child: ChildProcess): void {
    if (child !== this.child) return;
    this.log(describeExit(exit));
    const waiters = this.exitWaiters.splice(0);
    let restartInMs: number | null = null;
    if (!this.stopping && this.restartArmed) {
      restartInMs = this.backoffMs = nextBackoffMs(this.backoffMs, exit.ranForMs, this.policy);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.restarts++;
        this.start();
      }, restartInMs);
    }
    this.hooks.exited(exit, restartInMs);
    for (const w of waiters) w(exit);
  }

  /** Marker lines in the child's own log, so a reader sees restarts in context. */
  private log(what: string): void {
    try {
      appendFileSync(this.spec.logFile, `--- lxcbus up ${new Date().toISOString()}: ${this.spec.name} ${what}\n`);
    } catch {
      // The log dir vanished; the launcher's stderr still reports exits.
    }
  }
}
