/**
 * `<statedir>/stack.json`: what `lxcbus down` and `lxcbus status` (and a
 * later `up` cleaning after a killed launcher) need to find this stack's
 * processes. Rewritten atomically whenever a pid changes.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_FILES } from './stack-defaults';
import type { StackDirs } from './stack-options';

export interface ChildRecord {
  pid: number | null;
  /** The argument that identifies this child in /proc/<pid>/cmdline (script or config path). */
  marker: string;
  log: string;
  restarts: number;
}

export interface StackRecord {
  version: 1;
  launcherPid: number;
  natsUrl: string;
  host: string;
  port: number;
  dirs: StackDirs;
  logDir: string;
  natsConfig: string;
  /** False for `up --no-auth`; absent in records of launchers older than auth (no auth). */
  auth?: boolean;
  startedAt: string;
  /** Set once every service answered its ping. */
  readyAt: string | null;
  nats: ChildRecord;
  services: Record<string, ChildRecord>;
}

export function stackRecordPath(statedir: string): string {
  return join(statedir, STATE_FILES.stack);
}

export function writeStackRecord(statedir: string, record: StackRecord): void {
  const path = stackRecordPath(statedir);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o644 });
  renameSync(`${path}.tmp`, path);
}

export function readStackRecord(statedir: string): StackRecord | null {
  try {
    const parsed = JSON.parse(readFileSync(stackRecordPath(statedir), 'utf8')) as Partial<StackRecord>;
    return parsed.version === 1 && typeof parsed.natsUrl === 'string' && parsed.services ? (parsed as StackRecord) : null;
  } catch {
    return null;
  }
}

export function removeStackRecord(statedir: string): void {
  rmSync(stackRecordPath(statedir), { force: true });
}

export function childRecords(record: StackRecord): [string, ChildRecord][] {
  return [...Object.entries(record.services), ['nats-server', record.nats]];
}
