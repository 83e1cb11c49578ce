/**
 * Fills a container's rootfs by running a built-in template, as lxc-create does after
 * it has made the container directory and saved the initial config. The reply carries
 * the whole config as the template left it; the caller prepends LXC's header and
 * writes the file.
 */
import { promises as fs } from 'node:fs';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { EventPublisher, SERVICE_IDENTITY, type ServiceIdentity } from '@lxcbus/bus';
import type { PopulateReply, PopulateRequest } from '@lxcbus/contracts';
import { templateFor, type TemplateBytes, type TemplateProgress, type TemplateRequest } from '../templates';
import { checkResolvedPaths, checkSpelledPaths } from './container-paths';
import { shiftOwnership } from './id-shift';
import { assertRootlessTemplate, ownerRunner, populatesInUserns, runTemplateInUserns } from './userns-template';
import type { UsernsTemplateJob } from './userns-template-main';
import { ProgressPublisher } from './progress.publisher';
import { templateErrorToDomain } from './template-error.mapper';

/** `lxc-create -t none`: no template runs, the saved config stays as it is. */
const NO_TEMPLATE = 'none';

@Injectable()
export class PopulateService {
  private readonly logger = new Logger(PopulateService.name);

  constructor(
    @Optional() private readonly events?: EventPublisher,
    @Optional() @Inject(SERVICE_IDENTITY) private readonly id?: ServiceIdentity,
  ) {}

  async populate(req: PopulateRequest): Promise<PopulateReply> {
    const paths = checkSpelledPaths(req);
    await checkResolvedPaths(paths, req.lxcpath);
    if (req.template === NO_TEMPLATE) return { config: [...req.config] };
    const template = this.resolve(req.template);
    const rootfsExisted = await exists(paths.rootfs);
    const treq: TemplateRequest = {
      name: req.name,
      lxcpath: req.lxcpath,
      containerDir: paths.containerDir,
      rootfs: paths.rootfs,
      args: req.args,
      config: req.config,
      mode: req.mode,
    };
    const progress = this.progressFor(req);
    const onLine = (line: string) => (this.logger.debug(`${req.template}: ${line}`), progress?.line(line));
    const onBytes = (phase: string, done: number, total: number | undefined) => progress?.bytes(phase, done, total);
    if (populatesInUserns(req.idmaps) || req.asOwner) {
      try {
        return await this.populateInUserns(req, { template: req.template, req: treq, rootfsExisted }, onLine, onBytes);
      } finally {
        await progress?.flush();
      }
    }
    try {
      const result = await template.create(treq, onLine, onBytes);
      if (req.idmaps.length > 0) {
        const shifted = await shiftOwnership(paths.rootfs, req.idmaps);
        this.logger.debug(`${req.name}: shifted ${shifted.entries} entries (${shifted.capabilities} with file capabilities) into the idmap`);
      }
      await progress?.flush();
      return result.message === undefined ? { config: result.config } : { config: result.config, message: result.message };
    } catch (err) {
      await progress?.flush();
      // lxc-create removes what a failed template left; a rootfs we found in place is the caller's.
      if (!rootfsExisted) await fs.rm(paths.rootfs, { recursive: true, force: true }).catch(() => undefined);
      throw templateErrorToDomain(req.template, err);
    }
  }

  /**
   * The template as the container's root in a user namespace, rootless or, for a root-run
   * stack, as the owner (`asOwner`); files land on the mapped ids, no shift (userns-template.ts).
   */
  private async populateInUserns(req: PopulateRequest, job: UsernsTemplateJob, onLine: TemplateProgress, onBytes: TemplateBytes): Promise<PopulateReply> {
    const runner = req.asOwner && process.getuid?.() === 0 ? ownerRunner(req.owner, req.template, req.idmaps) : {};
    if (!req.asOwner) assertRootlessTemplate(req.template);
    const result = await runTemplateInUserns(job, req.idmaps, onLine, onBytes, runner);
    return result.message === undefined ? { config: result.config } : { config: result.config, message: result.message };
  }

  private progressFor(req: PopulateRequest): ProgressPublisher | undefined {
    if (!this.events || !this.id) return undefined;
    const ref = { host: this.id.host, owner: req.owner, name: req.name, lxcpath: req.lxcpath };
    return new ProgressPublisher(this.events, ref, this.logger);
  }

  private resolve(name: string) {
    try {
      return templateFor(name);
    } catch (err) {
      throw templateErrorToDomain(name, err);
    }
  }
}

async function exists(p: string): Promise<boolean> {
  return fs.lstat(p).then(
    () => true,
    () => false,
  );
}
