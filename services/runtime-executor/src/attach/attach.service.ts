/** lxc-attach: defaults as LXC's (login shell from the container's passwd, env kept or cleared), then a bridge. */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import type { NatsConnection } from 'nats';
import { BUS_CONNECTION } from '@lxcbus/bus';
import { parsePasswd } from '@lxcbus/bus-client';
import { NotRunningError, type AttachReply, type AttachRequest } from '@lxcbus/contracts';
import { EXECUTOR_SETTINGS, type ExecutorSettings } from '../executor.settings';
import { locate } from '../containers/container-ref';
import type { ExecOptions } from '../kernel/kernel.port';
import { ShimRegistry } from '../supervision/shim-registry.service';
import { AttachBridge } from './attach-bridge';
import { isContainerDir } from './container-dir';

export const CLEAR_ENV_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

@Injectable()
export class AttachService {
  private readonly logger = new Logger(AttachService.name);

  constructor(
    @Inject(EXECUTOR_SETTINGS) private readonly settings: ExecutorSettings,
    @Inject(BUS_CONNECTION) private readonly nc: NatsConnection,
    private readonly registry: ShimRegistry,
  ) {}

  async attach(host: string, owner: string, req: AttachRequest): Promise<AttachReply> {
    const loc = locate(this.settings, host, owner, req.name, req.lxcpath);
    const live = this.registry.get(loc.runDir);
    if (!live) throw new NotRunningError('Failed to get init pid', { name: req.name });
    const opts = await this.execOptions(live.initPid, req);
    const exec = live.handle.exec(opts);
    const bridge = new AttachBridge(this.nc, { host, owner, session: req.session }, exec);
    bridge.listen();
    let pid: number;
    try {
      pid = await exec.started;
    } catch (err) {
      pid = 0;
      this.logger.debug({ err, container: req.name }, 'attach process failed before exec; the exit frame says why');
    }
    void bridge.pump().catch((err: unknown) => this.logger.error({ err, container: req.name }, 'attach bridge failed'));
    return { session: req.session, pid };
  }

  private async execOptions(initPid: number, req: AttachRequest): Promise<ExecOptions> {
    const uid = req.uid ?? 0;
    const argv = req.argv.length > 0 ? req.argv : [await this.loginShell(initPid, uid)];
    const env = req.clearEnv ? [CLEAR_ENV_PATH, ...req.env] : [...req.env];
    if (!env.some((e) => e.startsWith('container='))) env.push('container=lxc');
    const cwd = req.cwdIfPresent && req.cwd ? await this.cwdIfPresent(initPid, req.cwd) : req.cwd ?? '/';
    return { argv, env, cwd, uid, gid: req.gid ?? 0, tty: req.tty, rows: req.rows, cols: req.cols };
  }

  /** LXC's attach chdir()s to the caller's cwd and stays in / when that fails; the shim's chdir must not fail. */
  private async cwdIfPresent(initPid: number, cwd: string): Promise<string> {
    return (await isContainerDir(`/proc/${initPid}/root`, cwd)) ? cwd : '/';
  }

  /** The uid's shell from the container's own /etc/passwd, as lxc-attach picks it; /bin/sh otherwise. */
  private async loginShell(initPid: number, uid: number): Promise<string> {
    try {
      const entry = parsePasswd(await readFile(`/proc/${initPid}/root/etc/passwd`, 'utf8')).find((e) => e.uid === uid);
      return entry?.shell || '/bin/sh';
    } catch {
      return '/bin/sh';
    }
  }
}
