/**
 * lxc-start: load the config (or the -f rcfile), apply -s defines, ask the
 * network-allocator for the plan, publish STARTING, start the shim, publish
 * RUNNING. A failure after STARTING publishes ABORTING, STOPPING, STOPPED.
 */
import { Inject, Injectable } from '@nestjs/common';
import { mkdir } from 'node:fs/promises';
import { BusClient } from '@lxcbus/bus-client';
import {
  DomainError, ServiceName, ServiceVerb, StartFailedError, type NetPlanReply, type StartReply, type StartRequest,
} from '@lxcbus/contracts';
import type { ContainerConfig } from '@lxcbus/lxc-config';
import { EXECUTOR_SETTINGS, type ExecutorSettings } from '../executor.settings';
import { applyDefines, configSummary, loadContainerConfig, parseConfigText } from '../containers/config-loader';
import { locate, refOf, type ContainerLocation } from '../containers/container-ref';
import { buildSpec, haltSignal, stopSignal } from '../containers/spec-builder';
import { KERNEL_PORT, type KernelPort } from '../kernel/kernel.port';
import { writeRunRecord, type RunRecord } from '../supervision/run-record';
import { ShimRegistry } from '../supervision/shim-registry.service';
import { StatePublisher } from './state-publisher';

@Injectable()
export class StartService {
  constructor(
    @Inject(EXECUTOR_SETTINGS) private readonly settings: ExecutorSettings,
    @Inject(KERNEL_PORT) private readonly kernel: KernelPort,
    private readonly registry: ShimRegistry,
    private readonly publisher: StatePublisher,
    private readonly bus: BusClient,
  ) {}

  async start(host: string, owner: string, req: StartRequest): Promise<StartReply> {
    const loc = locate(this.settings, host, owner, req.name, req.lxcpath);
    const live = this.registry.get(loc.runDir);
    if (live) return { name: req.name, state: 'RUNNING', pid: live.initPid, alreadyRunning: true };
    const config = this.config(loc, req);
    const plan = await this.netPlan(owner, loc, config);
    const spec = buildSpec(config, { loc, cgroupRoot: this.settings.cgroupRoot, isolateNet: plan.isolate, command: req.command, hostEnv: process.env });
    const ref = refOf(loc);
    const record: RunRecord = {
      ...ref, stopSignal: stopSignal(config), haltSignal: haltSignal(config), cgroupName: loc.cgroupName,
      cgroupRoot: this.settings.cgroupRoot, startedAt: new Date().toISOString(),
    };
    await this.publisher.state(ref, 'STARTING', null, { config: configSummary(config) });
    try {
      await mkdir(loc.runDir, { recursive: true, mode: 0o700 });
      await writeRunRecord(loc.runDir, record);
      const started = await this.kernel.start(spec);
      const entry = this.registry.supervise(record, loc.runDir, started.initPid);
      await this.publisher.state(ref, 'RUNNING', started.initPid);
      return { name: req.name, state: 'RUNNING', pid: entry.initPid, alreadyRunning: false };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      await this.kernel.clearRunDir(loc.runDir).catch(() => undefined);
      await this.publisher.aborted(ref, reason);
      if (err instanceof DomainError) throw err;
      throw new StartFailedError(`The container failed to start: ${reason}`, nativeDetails(err));
    }
  }

  private config(loc: ContainerLocation, req: StartRequest): ContainerConfig {
    const base = req.rcfileText !== undefined
      ? parseConfigText(req.rcfileText, req.rcfilePath ?? '(lxc-start -f)')
      : loadContainerConfig(loc.configFile, loc.name);
    return applyDefines(base, req.defines);
  }

  private async netPlan(owner: string, loc: ContainerLocation, config: ContainerConfig): Promise<NetPlanReply> {
    const networks = config.networks().map((n) => ({ index: n.index, type: n.type, ...(n.flags ? { flags: n.flags } : {}) }));
    return this.bus.service<NetPlanReply>(ServiceName.networkAllocator, ServiceVerb.plan, {
      owner, name: loc.name, networks, unprivileged: config.idmaps().length > 0,
    });
  }
}

function nativeDetails(err: unknown): Record<string, unknown> | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of ['code', 'errno', 'syscall', 'path', 'op']) if (e[k] !== undefined) out[k] = e[k];
  return Object.keys(out).length ? out : undefined;
}
