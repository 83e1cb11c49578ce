/**
 * lxc-create: the container dir with a `partial` marker, the base config
 * (-f text, or the owner's default.conf), the template run by image-fetcher,
 * LXC's header, the config written 0640. Any failure removes the directory:
 * nothing half-made stays behind.
 */
import { Inject, Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { BusClient, lookupUser } from '@lxcbus/bus-client';
import {
  AlreadyExistsError, DomainError, ServiceName, ServiceVerb, TemplateFailedError, type CreateReply, type CreateRequest,
  type PopulateReply,
} from '@lxcbus/contracts';
import { loadDefaultConfig, type ContainerConfig } from '@lxcbus/lxc-config';
import { EXECUTOR_SETTINGS, type ExecutorSettings } from '../executor.settings';
import { configSummary, parseConfigText } from '../containers/config-loader';
import { locate, refOf, type ContainerLocation } from '../containers/container-ref';
import { StatePublisher } from './state-publisher';

const POPULATE_TIMEOUT_MS = 10 * 60_000;
const TEMPLATE_DIR = '/usr/share/lxc/templates';

@Injectable()
export class CreateService {
  constructor(
    @Inject(EXECUTOR_SETTINGS) private readonly settings: ExecutorSettings,
    private readonly bus: BusClient,
    private readonly publisher: StatePublisher,
  ) {}

  async create(host: string, owner: string, req: CreateRequest): Promise<CreateReply> {
    const loc = locate(this.settings, host, owner, req.name, req.lxcpath);
    const base = this.baseConfig(owner, req);
    await mkdir(loc.lxcpath, { recursive: true, mode: 0o755 });
    try {
      await mkdir(loc.dir, { mode: 0o770 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new AlreadyExistsError('Container already exists', { name: req.name });
      throw err;
    }
    try {
      await writeFile(join(loc.dir, 'partial'), '', { mode: 0o600 });
      const reply = await this.populate(loc, owner, req, base);
      const text = header(req) + reply.config.map((l) => `${l}\n`).join('');
      const config = parseConfigText(text, loc.configFile);
      await writeFile(`${loc.configFile}.tmp`, text, { mode: 0o640 });
      await rename(`${loc.configFile}.tmp`, loc.configFile);
      await rm(join(loc.dir, 'partial'), { force: true });
      await this.publisher.created(refOf(loc), configSummary(config));
      return { name: req.name, lxcpath: loc.lxcpath, message: reply.message, warnings: config.warnings.slice() };
    } catch (err) {
      await rm(loc.dir, { recursive: true, force: true });
      throw err;
    }
  }

  private baseConfig(owner: string, req: CreateRequest): ContainerConfig {
    if (req.configText !== undefined) return parseConfigText(req.configText, req.configPath ?? '(lxc-create -f)');
    if (owner === 'root' && this.settings.defaultConfig) {
      return parseConfigText(readOr(this.settings.defaultConfig), this.settings.defaultConfig);
    }
    const user = lookupUser(owner);
    const loaded = loadDefaultConfig({ uid: user?.uid ?? (owner === 'root' ? 0 : 65534), home: user?.home ?? `/home/${owner}` });
    return loaded.config;
  }

  private async populate(loc: ContainerLocation, owner: string, req: CreateRequest, base: ContainerConfig): Promise<PopulateReply> {
    const saved = base.lines().filter((l) => l.kind !== 'blank' && !l.dropped).map((l) => l.text);
    if (!req.template || req.template === 'none') return { config: saved };
    try {
      return await this.bus.service<PopulateReply>(ServiceName.imageFetcher, ServiceVerb.populate, {
        name: loc.name, owner, lxcpath: loc.lxcpath, containerDir: loc.dir, rootfs: join(loc.dir, 'rootfs'),
        template: req.template, args: req.templateArgs, config: saved,
      }, { timeoutMs: POPULATE_TIMEOUT_MS });
    } catch (err) {
      if (err instanceof DomainError && err.code !== 'TEMPLATE_FAILED') {
        throw new TemplateFailedError(`Failed to create container from template: ${err.message}`, { cause: err.code });
      }
      throw err;
    }
  }
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The header lxc-create prepends after the template ran (LXC-REFERENCE 1.8). */
export function header(req: Pick<CreateRequest, 'template' | 'templateArgs'>): string {
  if (!req.template || req.template === 'none') return '';
  const path = req.template.includes('/') ? req.template : `${TEMPLATE_DIR}/lxc-${req.template}`;
  return [
    `# Template used to create this container: ${path}`,
    `# Parameters passed to the template:${req.templateArgs.length ? ` ${req.templateArgs.join(' ')}` : ''}`,
    '# For additional config options, please look at lxc.container.conf(5)',
    '',
    '# Uncomment the following line to support nesting containers:',
    '#lxc.include = /usr/share/lxc/config/nesting.conf',
    '# (Be aware this has security implications)',
    '',
    '',
  ].join('\n');
}
