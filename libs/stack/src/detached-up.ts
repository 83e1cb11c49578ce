/**
 * `lxcbus up -d`: re-executes the launcher (launcher-main.js) in the
 * background — its own session, stdin /dev/null, stdout and stderr appended
 * to <statedir>/logs/stack.log — and waits for its ready line in that log.
 * Only lines written after this start count, and only the exact ready line
 * of these options, so an older run's line in the same log never passes.
 * Fails (status 1, with what the launcher logged) when the launcher exits
 * first, or at the deadline (then stopping it, so nothing half-started
 * stays behind); a signal to this process stops the launcher the same way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { STACK_DEFAULTS, STATE_FILES } from './stack-defaults';
import { StackExit, StartFailedError } from './stack-errors';
import { upArgv, type UpOptions } from './stack-options';
import { readyLine } from './embedded-stack';
import { listenForShutdown } from './shutdown-signal';
import { sleep } from './process-probe';
import type { StackIo } from './stack-io';

export function launcherMainPath(): string {
  return join(__dirname, 'launcher-main.js');
}

export function stackLogPath(statedir: string): string {
  return join(statedir, STATE_FILES.logs, STATE_FILES.stackLog);
}

/** What a log file gained since `offset`, read incrementally. */
class LogFollower {
  private text = '';
  constructor(private readonly path: string, private offset: number) {}

  read(): string {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      return this.text;
    }
    try {
      const buf = Buffer.alloc(64 * 1024);
      for (let n; (n = readSync(fd, buf, 0, buf.length, this.offset)) > 0; this.offset += n) this.text += buf.toString('utf8', 0, n);
    } finally {
      closeSync(fd);
    }
    return this.text;
  }

  tail(lines = 20): string {
    const all = this.read().trimEnd();
    return all === '' ? '    (nothing logged)' : all.split('\n').slice(-lines).map((l) => `    ${l}`).join('\n');
  }
}

export interface DetachTimings {
  readyTimeoutMs: number;
  /** How long a launcher told to stop gets before it is reported as still running. */
  stopWaitMs: number;
}

const DEFAULT_TIMINGS: DetachTimings = {
  readyTimeoutMs: STACK_DEFAULTS.detachReadyTimeoutMs,
  stopWaitMs: STACK_DEFAULTS.stopTimeoutMs * 2 + 5_000,
};

export async function runDetached(o: UpOptions, io: StackIo, main = launcherMainPath(), t: DetachTimings = DEFAULT_TIMINGS): Promise<number> {
  if (!existsSync(main)) throw new StartFailedError(`not built: ${main} (run: npm run build:ts)`);
  const logDir = join(o.statedir, STATE_FILES.logs);
  try {
    mkdirSync(logDir, { recursive: true });
  } catch (err) {
    throw new StartFailedError(`cannot create ${logDir}: ${(err as NodeJS.ErrnoException).code ?? err} (choose another with --statedir)`);
  }
  const logPath = stackLogPath(o.statedir);
  const args = [main, ...upArgv(o)];
  const fd = openSync(logPath, 'a', 0o644);
  let child: ChildProcess;
  let follower: LogFollower;
  try {
    writeSync(fd, `--- lxcbus up -d ${new Date().toISOString()}: ${[process.execPath, ...args].join(' ')}\n`);
    follower = new LogFollower(logPath, fstatSync(fd).size);
    child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', fd, fd], cwd: '/', env: process.env });
  } finally {
    closeSync(fd);
  }

  let exit: string | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once('error', (err) => resolve(void (exit ??= `could not start: ${err.message}`)));
    child.once('exit', (code, sig) => resolve(void (exit ??= sig ? `was killed by ${sig}` : `exited with status ${code}`)));
  });
  const shutdown = listenForShutdown();
  let interrupted: NodeJS.Signals | null = null;
  void shutdown.requested.then((s) => (interrupted = s));
  // A second signal: the launcher's own second-signal handling SIGKILLs its children.
  shutdown.onForce(() => void child.kill('SIGTERM'));

  const ready = readyLine(o);
  const deadline = Date.now() + t.readyTimeoutMs;
  try {
    for (;;) {
      const lines = follower.read().split('\n').slice(0, -1);
      if (lines.includes(ready) && exit === null) {
        child.unref();
        io.out(ready);
        io.err(`lxcbus up: running in the background (launcher pid ${child.pid}); log ${logPath}; stop with: lxcbus down --statedir ${o.statedir}`);
        return StackExit.ok;
      }
      if (exit !== null) {
        io.err(`lxcbus up: the background launcher ${exit} before the stack was ready; last lines of ${logPath}:\n${follower.tail()}`);
        return StackExit.failed;
      }
      const why = interrupted ? `${interrupted} while waiting for the stack` :
        Date.now() >= deadline ? `the stack was not ready within ${t.readyTimeoutMs / 1000} s` : null;
      if (why !== null) {
        io.err(`lxcbus up: ${why}: stopping the background launcher (pid ${child.pid})`);
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const gone = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), t.stopWaitMs)))]);
        clearTimeout(timer);
        io.err(gone
          ? `lxcbus up: last lines of ${logPath}:\n${follower.tail()}`
          : `lxcbus up: launcher pid ${child.pid} still running; stop it with: lxcbus down --statedir ${o.statedir}; log ${logPath}`);
        return StackExit.failed;
      }
      await Promise.race([exited, sleep(100)]);
    }
  } finally {
    shutdown.dispose();
  }
}
