/**
 * lxc-start: load the config (or the -f rcfile), apply -s defines, have the
 * id-mapper check lxc.idmap against the owner's delegation, ask the
 * network-allocator for the plan and its leases, publish STARTING, start the
 * shim, publish RUNNING with the addresses. A failure after STARTING publishes
 * ABORTING, STOPPING, STOPPED; any failure after the allocation releases it.
 * lxc-execute is a start with `execute`: the shim's minimal init runs the command
 * (spec `init.reaper`). With a `session` the command's stdio are pipes bridged to the
 * caller's io session (ExecuteStdio) and the reply comes at once; without one,
 * executed() waits for it outside the container's lock and answers with the console.
 * restart() is the second half of a reboot: the same request and config again.
 */
import { Inject, Injectable } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { link, mkdir, readFile, rm } from 'node:fs/promises';
import type { ExitStatus } from '../kernel/kernel.port';
import { assertRootlessNet, isRootless } from '../rootless/rootless-mode';
import {
  DomainError, NotFoundError, StartFailedError, UnsupportedError, type ContainerRef, type NetAllocateReply, type StartReply, type StartRequest,
} from '@lxcbus/contracts';
import type { ContainerConfig } from '@lxcbus/lxc-config';
import { EXECUTOR_SETTINGS, type ExecutorSettings } from '../executor.settings';
import { applyDefines, configSummary, loadContainerConfig, parseConfigText } from '../containers/config-loader';
import { locate, refOf, type ContainerLocation } from '../containers/container-ref';
import { IdmapGuard } from '../containers/idmap-guard';
import { buildSpec, haltSignal, stopSignal } from '../containers/spec-builder';
import { consoleSpec } from '../containers/console-spec';
import { KERNEL_PORT, type KernelPort } from '../kernel/kernel.port';
import { writeRunRecord, type RunRecord } from '../supervision/run-record';
import { ShimRegistry, type Supervised } from '../supervision/shim-registry.service';
import type { LaunchContext } from '../supervision/reboot-exit';
import { NetLeaseClient } from '../network/net-lease.client';
import { netRecordOf, writeNetRecord } from '../network/net-record';
import { StatePublisher } from './state-publisher';
import { ExecuteStdio } from '../attach/execute-stdio.service';
import { ForegroundLogs } from '../console/foreground-logs';

/** An lxc-execute run: its exit and a hard link to its console.log, which outlives the run dir. */
interface Execution {
  stopped: Promise<ExitStatus>;
  log: string;
}

@Injectable()
export class StartService {
  private readonly executions = new Map<string, Execution>();

  constructor(
    @Inject(EXECUTOR_SETTINGS) private readonly settings: ExecutorSettings,
    @Inject(KERNEL_PORT) private readonly kernel: KernelPort,
    private readonly registry: ShimRegistry,
    private readonly publisher: StatePublisher,
    private readonly net: NetLeaseClient,
    private readonly idmapGuard: IdmapGuard,
    private readonly stdio: ExecuteStdio,
    private readonly foreground: ForegroundLogs,
  ) {}

  async start(host: string, owner: string, req: StartRequest): Promise<StartReply> {
    const loc = locate(this.settings, host, owner, req.name, req.lxcpath);
    const live = this.registry.get(loc.runDir);
    if (live) return { name: req.name, state: 'RUNNING', pid: live.initPid, alreadyRunning: true };
    const config = this.config(loc, req);
    // Refused maps (not delegated, overlapping, root unmapped) stop here: nothing allocated, nothing published.
    await this.idmapGuard.check(owner, config);
    return this.allocateAndLaunch(loc, req, config);
  }

  /**
   * A rebooted container, after its STOPPED: started with the config it ran with (LXC's monitor
   * keeps its lxc_conf over a reboot), its leases still held until the new allocation replaces
   * them. Null when it is running already (an lxc-start got in first).
   */
  async restart(ref: ContainerRef, launch: LaunchContext): Promise<Supervised | null> {
    const loc = locate(this.settings, ref.host, ref.owner, ref.name, ref.lxcpath);
    if (this.registry.get(loc.runDir)) return null;
    try {
      // Destroyed while its restart waited for the lock (lxc-destroy -f): nothing to start.
      if (launch.req.rcfileText === undefined && !existsSync(loc.configFile)) throw new NotFoundError(`${ref.name} was destroyed during its reboot`, { name: ref.name });
      const config = launch.config ?? this.config(loc, launch.req);
      await this.idmapGuard.check(ref.owner, config);
      await this.allocateAndLaunch(loc, launch.req, config);
    } catch (err) {
      await this.net.release(ref);
      throw err;
    }
    return this.registry.get(loc.runDir) ?? null;
  }

  private async allocateAndLaunch(loc: ContainerLocation, req: StartRequest, config: ContainerConfig): Promise<StartReply> {
    const ref = refOf(loc);
    if (isRootless()) assertRootlessNet(config, ref.owner);
    const plan = await this.net.allocate(ref, config);
    try {
      return await this.launch(loc, req, config, plan, ref);
    } catch (err) {
      await this.net.release(ref);
      throw err;
    }
  }

  private async launch(
    loc: ContainerLocation, req: StartRequest, config: ContainerConfig, plan: NetAllocateReply, ref: ContainerRef,
  ): Promise<StartReply> {
    const built = buildSpec(config, {
      loc, cgroupRoot: this.settings.cgroupRoot, isolateNet: plan.isolate, nics: plan.nics, loopbackUp: plan.loopbackUp,
      command: req.command, hostEnv: process.env,
    });
    Object.assign(built, consoleSpec(config, loc, { execute: Boolean(req.execute), foreground: Boolean(req.foreground) }));
    const streamed = Boolean(req.execute && req.session);
    if (streamed && !this.stdio.supported()) throw new UnsupportedError('lxc-execute with the caller\'s stdio is not supported by this kernel');
    const spec = req.execute ? { ...built, initReaper: true, initStdio: streamed, ...(streamed && req.tty ? { initTty: req.tty } : {}) } : built;
    const record: RunRecord = {
      ...ref, stopSignal: stopSignal(config), haltSignal: haltSignal(config), cgroupName: loc.cgroupName,
      cgroupRoot: this.settings.cgroupRoot, startedAt: new Date().toISOString(), start: req,
    };
    await this.publisher.state(ref, 'STARTING', null, { config: configSummary(config) });
    try {
      await mkdir(loc.runDir, { recursive: true, mode: 0o700 });
      await writeRunRecord(loc.runDir, record);
      await writeNetRecord(loc.runDir, netRecordOf(plan.ips, plan.nics));
      const started = await this.kernel.start(spec);
      const log = `${loc.runDir}.execute-${started.initPid}.log`;
      // Without the link the command still runs and its status still comes back, only its output is lost.
      if (req.execute && !streamed) await link(`${loc.runDir}/console.log`, log).catch(() => undefined);
      if (req.foreground) await this.foreground.keep(loc.runDir, `${loc.runDir}/console.log`, started.initPid);
      const entry = this.registry.supervise(record, loc.runDir, started.initPid, { req, config });
      if (req.execute && !streamed) this.executions.set(loc.runDir, { stopped: entry.stopped, log });
      if (streamed) this.stdio.bridge(loc.runDir, { host: ref.host, owner: ref.owner, session: req.session as string });
      await this.publisher.state(ref, 'RUNNING', started.initPid, { ips: plan.ips });
      return { name: req.name, state: 'RUNNING', pid: entry.initPid, alreadyRunning: false };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      await this.kernel.clearRunDir(loc.runDir).catch(() => undefined);
      await this.publisher.aborted(ref, reason);
      if (err instanceof DomainError) throw err;
      throw new StartFailedError(`The container failed to start: ${reason}`, nativeDetails(err));
    }
  }

  /**
   * lxc-execute, after start() and outside the container's lock (lxc-stop must get in): waits for
   * the command's init to exit and answers with its status and console output.
   */
  async executed(host: string, owner: string, req: StartRequest): Promise<{ code: number; output: string }> {
    const loc = locate(this.settings, host, owner, req.name, req.lxcpath);
    const run = this.executions.get(loc.runDir);
    if (!run) throw new StartFailedError('The container failed to start: no execution to wait for');
    this.executions.delete(loc.runDir);
    try {
      const exit = await run.stopped;
      const code = exit.code ?? (exit.signal ? 128 + exit.signal : 1);
      const output = await readFile(run.log).catch(() => Buffer.alloc(0));
      return { code, output: output.toString('base64') };
    } finally {
      await rm(run.log, { force: true });
    }
  }

  private config(loc: ContainerLocation, req: StartRequest): ContainerConfig {
    const base = req.rcfileText !== undefined
      ? parseConfigText(req.rcfileText, req.rcfilePath ?? '(lxc-start -f)')
      : loadContainerConfig(loc.configFile, loc.name);
    return applyDefines(base, req.defines);
  }
}

function nativeDetails(err: unknown): Record<string, unknown> | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of ['code', 'errno', 'syscall', 'path', 'op']) if (e[k] !== undefined) out[k] = e[k];
  return Object.keys(out).length ? out : undefined;
}
