/**
 * DHCP on managed bridges: a dnsmasq per bridge, started with the first lease on it and kept
 * across allocator restarts (found again by its pid file, as lxc-net leaves dnsmasq running),
 * and a hosts file reserving each leased address for its MAC, re-read on SIGHUP. Reservations
 * live in memory, rebuilt from the lease bucket at boot; the bucket stays the truth.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, renameSync, chmodSync } from 'node:fs';
import { promisify } from 'node:util';
import { ALLOCATOR_SETTINGS, type AllocatorSettings, type ManagedBridge } from '../allocator.settings';
import type { LeasedNic } from '../leases/allocation-record';
import { readOrEmpty } from '../quota/usernet';
import { dnsmasqArgs, dnsmasqFiles, dnsmasqUser, hostsFileText } from './dnsmasq-args';

const run = promisify(execFile);

@Injectable()
export class DhcpService {
  private readonly logger = new Logger(DhcpService.name);
  /** bridge -> mac -> ip */
  private readonly reserved = new Map<string, Map<string, string>>();
  private queue: Promise<void> = Promise.resolve();

  constructor(@Inject(ALLOCATOR_SETTINGS) private readonly settings: AllocatorSettings) {}

  get enabled(): boolean {
    return this.settings.dnsmasq !== 'off';
  }

  async reserve(nics: LeasedNic[]): Promise<void> {
    this.apply(nics, (m, l) => m.set(l.mac as string, l.ip as string));
    await this.flush(nics);
  }

  async unreserve(nics: LeasedNic[]): Promise<void> {
    this.apply(nics, (m, l) => m.delete(l.mac as string));
    await this.flush(nics);
  }

  /** Boot: the reservations of every record in the bucket, without touching dnsmasq yet. */
  load(nics: LeasedNic[]): void {
    this.apply(nics, (m, l) => m.set(l.mac as string, l.ip as string));
  }

  private apply(nics: LeasedNic[], fn: (m: Map<string, string>, l: LeasedNic) => void): void {
    for (const l of nics) {
      if (!l.bridge || !l.ip || !l.mac) continue;
      let m = this.reserved.get(l.bridge);
      if (!m) this.reserved.set(l.bridge, (m = new Map()));
      fn(m, l);
    }
  }

  /** Writes are serialised: each caller returns once its own change is in the file dnsmasq reads. */
  private flush(nics: LeasedNic[]): Promise<void> {
    const bridges = [...new Set(nics.filter((l) => l.bridge && l.ip).map((l) => l.bridge as string))];
    const managed = this.settings.bridges.filter((b) => bridges.includes(b.name));
    if (!this.enabled || managed.length === 0) return Promise.resolve();
    const next = this.queue.then(async () => {
      for (const b of managed) await this.sync(b).catch((err: unknown) => this.logger.error({ err, bridge: b.name }, 'dnsmasq update failed'));
    });
    this.queue = next;
    return next;
  }

  private async sync(bridge: ManagedBridge): Promise<void> {
    const dir = this.settings.dhcpDir;
    const files = dnsmasqFiles(dir, bridge.name);
    // dnsmasq re-reads the hosts file after dropping root: the dir and file must be world-readable.
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755);
    const m = this.reserved.get(bridge.name) ?? new Map<string, string>();
    writeFileSync(`${files.hosts}.tmp`, hostsFileText([...m].map(([mac, ip]) => ({ mac, ip }))), { mode: 0o644 });
    renameSync(`${files.hosts}.tmp`, files.hosts);
    const pid = livePid(files.pid);
    if (pid) {
      process.kill(pid, 'SIGHUP');
      return;
    }
    const user = dnsmasqUser(readOrEmpty(this.settings.passwdFile) ?? '');
    await run(this.settings.dnsmasq, dnsmasqArgs(bridge, files, user));
    this.logger.log({ bridge: bridge.name }, 'started dnsmasq');
  }
}

function livePid(pidFile: string): number | null {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (!pid) return null;
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dnsmasq')) return null;
    return pid;
  } catch {
    return null;
  }
}
