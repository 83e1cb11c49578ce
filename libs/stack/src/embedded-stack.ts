/**
 * `lxcbus up`: nats-server, then the services, then one ready line; runs in
 * the foreground until a signal, then stops services before nats-server so
 * none of them logs a lost connection on the way down.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NatsConnection } from 'nats';
import { authenticatorFor, connectBus, loadCredentials, type BusSettings } from '@lxcbus/bus-client';
import { STACK_DEFAULTS, STATE_FILES } from './stack-defaults';
import { StackError, StartFailedError } from './stack-errors';
import type { UpOptions } from './stack-options';
import { acquirePidLock, type PidLock } from './stack-lock';
import { assertPortFree } from './port-check';
import { natsServerName, writeNatsConfig } from './nats-config';
import { ensureServicesCreds, servicesCredsPath, writeAuthConfig } from './auth-store';
import { logTail, natsServerBin, waitForNats } from './nats-readiness';
import { findRepoRoot, missingServiceBuilds } from './repo-layout';
import { natsSpec, natsUrlFor, serviceSpec, specMarker } from './child-specs';
import { describeExit, SupervisedProcess, type ChildExit, type ChildSpec } from './supervised-process';
import { readStackRecord, removeStackRecord, writeStackRecord, type StackRecord } from './stack-record';
import { stopLeftovers } from './leftovers';
import { formatUptime, waitForServices } from './service-ping';
import { listenForShutdown, type ShutdownSignal } from './shutdown-signal';
import type { StackIo } from './stack-io';

class Interrupted extends Error {}

export function readyLine(o: UpOptions): string {
  const url = natsUrlFor(o.port);
  const creds = o.auth ? ` LXCBUS_CREDS=${servicesCredsPath(o.statedir)}` : '';
  return `lxcbus ready: ${url} host ${o.host} lxcpath ${o.lxcpath} ` +
    `(from another shell: export LXCBUS_NATS_URL=${url} LXCBUS_HOST=${o.host} LXCBUS_LXCPATH=${o.lxcpath}${creds})`;
}

export class EmbeddedStack {
  private readonly logDir: string;
  private readonly shutdown: ShutdownSignal = listenForShutdown();
  private readonly interrupted: Promise<never>;
  private lock: PidLock | null = null;
  private nats: SupervisedProcess | null = null;
  private services: SupervisedProcess[] = [];
  private record: StackRecord | null = null;

  constructor(private readonly o: UpOptions, private readonly io: StackIo, private readonly repo = findRepoRoot()) {
    this.logDir = join(o.statedir, STATE_FILES.logs);
    this.interrupted = this.shutdown.requested.then((s) => Promise.reject(new Interrupted(s)));
    this.interrupted.catch(() => undefined);
    this.shutdown.onForce(() => this.killAll());
  }

  async run(): Promise<number> {
    let code = 0;
    try {
      await this.start();
      this.io.out(readyLine(this.o));
      const sig = await this.shutdown.requested;
      this.io.err(`lxcbus: ${sig}: stopping the stack`);
    } catch (err) {
      if (err instanceof Interrupted) this.io.err(`lxcbus: ${err.message} during startup: stopping`);
      else {
        this.io.err(`lxcbus up: ${err instanceof StackError ? err.message : err instanceof Error ? err.stack : String(err)}`);
        code = 1;
      }
    }
    await this.stop();
    this.shutdown.dispose();
    return code;
  }

  private async start(): Promise<void> {
    const missing = missingServiceBuilds(this.repo, this.o.services);
    if (missing.length > 0) throw new StartFailedError(`not built: ${missing.join(', ')} (run: npm run build:ts)`);
    this.makeDirs();
    this.lock = acquirePidLock(this.o.statedir);
    if (this.lock.tookOverStale) await this.cleanStaleStack();
    await assertPortFree(this.o.port);
    await this.startNats();
    await this.startServices();
    this.record = { ...(this.record as StackRecord), readyAt: new Date().toISOString() };
    this.saveRecord();
    for (const p of this.children()) p.restartArmed = true;
  }

  private makeDirs(): void {
    const dirs: [string, string][] = [
      ['statedir', this.o.statedir], ['statedir', this.logDir], ['statedir', join(this.o.statedir, STATE_FILES.natsStore)],
      ['rundir', this.o.rundir], ['cachedir', this.o.cachedir], ['lxcpath', this.o.lxcpath],
    ];
    for (const [flag, dir] of dirs) {
      try {
        mkdirSync(dir, { recursive: true });
      } catch (err) {
        throw new StartFailedError(`cannot create ${dir}: ${(err as NodeJS.ErrnoException).code ?? err} (choose another with --${flag})`);
      }
    }
  }

  private async cleanStaleStack(): Promise<void> {
    const old = readStackRecord(this.o.statedir);
    const stopped = old ? await stopLeftovers(old, STACK_DEFAULTS.stopTimeoutMs) : [];
    if (stopped.length > 0) this.io.err(`lxcbus: stopped leftovers of a stack whose launcher died: ${stopped.join(', ')}`);
  }

  /** With auth: the services' identity (kept across runs) and auth.conf from it and users.json. */
  private prepareAuth(): void {
    if (!this.o.auth) return;
    ensureServicesCreds(this.o.statedir, { url: natsUrlFor(this.o.port), host: this.o.host, lxcpath: this.o.lxcpath });
    writeAuthConfig(this.o.statedir);
  }

  /** The launcher's own bus settings: the services' identity when auth is on. */
  private busSettings(): BusSettings {
    const settings: BusSettings = { natsUrl: natsUrlFor(this.o.port), host: this.o.host, requestTimeoutMs: 2_000, lxcpath: this.o.lxcpath };
    if (this.o.auth) settings.credsFile = servicesCredsPath(this.o.statedir);
    return settings;
  }

  private async startNats(): Promise<void> {
    this.prepareAuth();
    const config = writeNatsConfig(this.o.statedir, {
      serverName: natsServerName(this.o.host, this.o.port),
      port: this.o.port,
      storeDir: join(this.o.statedir, STATE_FILES.natsStore),
      ...(this.o.auth ? { authInclude: STATE_FILES.authConfig } : {}),
    });
    const spec = natsSpec(natsServerBin(), config, this.logDir);
    this.nats = this.supervise(spec);
    this.record = this.initialRecord(config, spec);
    this.nats.start();
    const died = this.nats.nextExit().then((e) => Promise.reject(this.startFailure(e, spec)));
    died.catch(() => undefined);
    const abandoned = Promise.race([died, this.interrupted]);
    const credsFile = this.busSettings().credsFile;
    const auth = credsFile ? { authenticator: authenticatorFor(loadCredentials(credsFile)) } : {};
    await Promise.race([waitForNats(natsUrlFor(this.o.port), STACK_DEFAULTS.natsReadyTimeoutMs, abandoned, auth), abandoned]);
  }

  private async startServices(): Promise<void> {
    const specs = this.o.services.map((s) => serviceSpec(this.repo, s, this.o, this.logDir));
    this.services = specs.map((spec) => this.supervise(spec));
    this.record = { ...(this.record as StackRecord), services: Object.fromEntries(specs.map((s) => [s.name, this.childRecord(s)])) };
    const died = Promise.race(this.services.map((p) => p.nextExit().then((e) => Promise.reject(this.startFailure(e, p.spec)))));
    died.catch(() => undefined);
    for (const p of this.services) p.start();
    const nc: NatsConnection = await connectBus(this.busSettings(), { name: `lxcbus-up@${this.o.host}` });
    try {
      await Promise.race([waitForServices(nc, this.o.host, this.o.services, STACK_DEFAULTS.servicesReadyTimeoutMs), died, this.interrupted]);
    } finally {
      await nc.close();
    }
  }

  private startFailure(e: ChildExit, spec: ChildSpec): StartFailedError {
    return new StartFailedError(`${e.name} ${describeExit(e)} during startup; last lines of ${spec.logFile}:\n${logTail(spec.logFile)}`);
  }

  private supervise(spec: ChildSpec): SupervisedProcess {
    const policy = { minMs: STACK_DEFAULTS.restartBackoffMinMs, maxMs: STACK_DEFAULTS.restartBackoffMaxMs, resetAfterMs: STACK_DEFAULTS.restartResetAfterMs };
    return new SupervisedProcess(spec, policy, {
      spawned: () => this.saveRecord(),
      exited: (e, restartInMs) => {
        if (restartInMs !== null) {
          this.io.err(`lxcbus: ${e.name} ${describeExit(e)} after ${formatUptime(e.ranForMs)}; restarting in ${restartInMs / 1000}s`);
        }
        this.saveRecord();
      },
    });
  }

  private initialRecord(natsConfig: string, spec: ChildSpec): StackRecord {
    const { lxcpath, rundir, statedir, cachedir } = this.o;
    return {
      version: 1, launcherPid: process.pid, natsUrl: natsUrlFor(this.o.port), host: this.o.host, port: this.o.port, auth: this.o.auth,
      dirs: { lxcpath, rundir, statedir, cachedir }, logDir: this.logDir, natsConfig,
      startedAt: new Date().toISOString(), readyAt: null, nats: this.childRecord(spec), services: {},
    };
  }

  private childRecord(spec: ChildSpec) {
    return { pid: null, marker: specMarker(spec), log: spec.logFile, restarts: 0 };
  }

  /** Current pids and restart counts into stack.json; only while this launcher holds the lock. */
  private saveRecord(): void {
    if (!this.record || !this.lock) return;
    const sync = (p: SupervisedProcess) => ({ ...this.childRecord(p.spec), pid: p.pid, restarts: p.restarts });
    if (this.nats) this.record.nats = sync(this.nats);
    for (const p of this.services) this.record.services[p.spec.name] = sync(p);
    writeStackRecord(this.o.statedir, this.record);
  }

  private children(): SupervisedProcess[] {
    return [...this.services, ...(this.nats ? [this.nats] : [])];
  }

  private async stop(): Promise<void> {
    await Promise.all(this.services.map((p) => p.stop(STACK_DEFAULTS.stopTimeoutMs)));
    await this.nats?.stop(STACK_DEFAULTS.stopTimeoutMs);
    if (!this.lock) return;
    removeStackRecord(this.o.statedir);
    this.lock.release();
    if (this.nats) this.io.err(`lxcbus: stack on ${this.o.statedir} stopped`);
  }

  private killAll(): void {
    this.io.err('lxcbus: second signal: killing every child');
    for (const p of this.children()) p.kill('SIGKILL');
  }
}
