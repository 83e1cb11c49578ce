/**
 * lxc-start -F: the console output from the first byte. A hard link to the shim's
 * console.log, made right after the start, outlives the run dir (cleared when
 * init exits), so a container that stopped before the client's `console`
 * request reached the shim still shows everything it wrote. Unclaimed links
 * (the client died between start and console) are removed after a while.
 */
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { link, readFile, rm } from 'node:fs/promises';

export const FOREGROUND_LOG_TTL_MS = 60_000;

@Injectable()
export class ForegroundLogs implements OnModuleDestroy {
  private readonly logs = new Map<string, { path: string; timer: NodeJS.Timeout }>();

  async keep(runDir: string, consoleLog: string, initPid: number): Promise<void> {
    const path = `${runDir}.foreground-${initPid}.log`;
    if (!(await link(consoleLog, path).then(() => true, () => false))) return;
    this.drop(runDir);
    const timer = setTimeout(() => this.drop(runDir), FOREGROUND_LOG_TTL_MS);
    timer.unref();
    this.logs.set(runDir, { path, timer });
  }

  has(runDir: string): boolean {
    return this.logs.has(runDir);
  }

  /** The whole output of the run, and the link is gone; empty when none was kept. */
  async take(runDir: string): Promise<Buffer> {
    const entry = this.logs.get(runDir);
    if (!entry) return Buffer.alloc(0);
    const data = await readFile(entry.path).catch(() => Buffer.alloc(0));
    this.drop(runDir);
    return data;
  }

  drop(runDir: string): void {
    const entry = this.logs.get(runDir);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.logs.delete(runDir);
    void rm(entry.path, { force: true });
  }

  onModuleDestroy(): void {
    for (const runDir of [...this.logs.keys()]) this.drop(runDir);
  }
}
