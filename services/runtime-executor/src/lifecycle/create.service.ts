/**
 * lxc-create: the container dir with a `partial` marker, the base config
 * (-f text, or the owner's default.conf), the template run by image-fetcher,
 * LXC's header, the config written 0640. lxc.idmap is checked by the id-mapper
 * before anything is made; with maps, the image-fetcher shifts the rootfs into
 * them and the container dir goes to the mapped root (root's containers, config
 * staying 0:0 as in LXC) or to the owner (an ordinary user's, as when she runs
 * lxc-create herself). Any failure removes the directory: nothing half-made stays.
 */
import { Inject, Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { chmod, chown, mkdir, rm, writeFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BusClient, lookupUser } from '@lxcbus/bus-client';
import {
  AlreadyExistsError, DomainError, ServiceName, ServiceVerb, TemplateFailedError, type CreateReply, type CreateRequest,
  type IdmapEntry, type PopulateReply,
} from '@lxcbus/contracts';
import { loadDefaultConfig, type ContainerConfig } from '@lxcbus/lxc-config';
import { EXECUTOR_SETTINGS, type ExecutorSettings } from '../executor.settings';
import { configSummary, parseConfigText } from '../containers/config-loader';
import { locate, refOf, type ContainerLocation } from '../containers/container-ref';
import { IdmapGuard, mappedRoot } from '../containers/idmap-guard';
import { StatePublisher } from './state-publisher';
import { chownToMappedRoot, isRootless, removeContainerDir } from '../rootless/rootless-mode';

const POPULATE_TIMEOUT_MS = 10 * 60_000;
const TEMPLATE_DIR = '/usr/share/lxc/templates';

@Injectable()
export class CreateService {
  constructor(
    @Inject(EXECUTOR_SETTINGS) private readonly settings: ExecutorSettings,
    private readonly bus: BusClient,
    private readonly publisher: StatePublisher,
    private readonly idmapGuard: IdmapGuard,
  ) {}

  async create(host: string, owner: string, req: CreateRequest): Promise<CreateReply> {
    const loc = locate(this.settings, host, owner, req.name, req.lxcpath);
    const base = this.baseConfig(owner, req);
    const { idmaps } = await this.idmapGuard.check(owner, base);
    await makeLxcpath(loc.lxcpath, owner);
    try {
      await mkdir(loc.dir, { mode: 0o770 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new AlreadyExistsError('Container already exists', { name: req.name });
      throw err;
    }
    try {
      // mkdir's mode passes through the umask; LXC's container dir is exactly drwxrwx---.
      await chmod(loc.dir, 0o770);
      await writeFile(join(loc.dir, 'partial'), '', { mode: 0o600 });
      const reply = await this.populate(loc, owner, req, base, idmaps);
      const text = header(req) + reply.config.map((l) => `${l}\n`).join('');
      const config = parseConfigText(text, loc.configFile);
      await writeFile(`${loc.configFile}.tmp`, text, { mode: 0o640 });
      await rename(`${loc.configFile}.tmp`, loc.configFile);
      await giveAway(loc, owner, idmaps);
      await rm(join(loc.dir, 'partial'), { force: true });
      await this.publisher.created(refOf(loc), configSummary(config));
      return { name: req.name, lxcpath: loc.lxcpath, message: reply.message, warnings: config.warnings.slice() };
    } catch (err) {
      await removeContainerDir(loc.dir, idmaps).catch(() => rm(loc.dir, { recursive: true, force: true }));
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

  private async populate(
    loc: ContainerLocation, owner: string, req: CreateRequest, base: ContainerConfig, idmaps: IdmapEntry[],
  ): Promise<PopulateReply> {
    const saved = base.lines().filter((l) => l.kind !== 'blank' && !l.dropped).map((l) => l.text);
    if (!req.template || req.template === 'none') return { config: saved };
    try {
      return await this.bus.service<PopulateReply>(ServiceName.imageFetcher, ServiceVerb.populate, {
        name: loc.name, owner, lxcpath: loc.lxcpath, containerDir: loc.dir, rootfs: join(loc.dir, 'rootfs'),
        template: req.template, args: req.templateArgs, config: saved,
        // As lxc-create runs templates in the user namespace: images then pick config-user, excludes-user.
        mode: idmaps.length > 0 ? 'user' : 'system',
        idmaps,
      }, { timeoutMs: POPULATE_TIMEOUT_MS });
    } catch (err) {
      if (err instanceof DomainError && err.code !== 'TEMPLATE_FAILED') {
        // The cause's code stays visible to lxc-create users (IMAGE_NOT_FOUND, IMAGE_VERIFY_FAILED, ...).
        throw new TemplateFailedError(`Failed to create container from template: ${err.message} [${err.code}]`, { ...err.details, cause: err.code });
      }
      throw err;
    }
  }
}

/** ~/.local/share/lxc made for an ordinary owner is hers, as if she had run lxc-create. */
async function makeLxcpath(lxcpath: string, owner: string): Promise<void> {
  const first = await mkdir(lxcpath, { recursive: true, mode: 0o755 });
  const user = owner === 'root' ? null : lookupUser(owner);
  if (!first || !user) return;
  for (let d = lxcpath; d.startsWith(first); d = dirname(d)) await chown(d, user.uid, user.gid);
}

/**
 * As LXC's chown_mapped_root: the container dir (0770) belongs to the mapped root, so that
 * the container's root can walk into its rootfs; its group is the owner's own (an ordinary
 * user) or the mapped root's (root-run, observed 100000:100000). The config stays the
 * owner's: 0:0 0640 for root, alice's for alice.
 */
async function giveAway(loc: ContainerLocation, owner: string, idmaps: IdmapEntry[]): Promise<void> {
  const user = owner === 'root' ? null : lookupUser(owner);
  const root = mappedRoot(idmaps);
  if (user) await chown(loc.configFile, user.uid, user.gid);
  if (isRootless() && idmaps.length > 0) return chownToMappedRoot(loc.dir, idmaps);
  const gid = user ? user.gid : root.gid;
  if (root.uid !== undefined || gid !== undefined) await chown(loc.dir, root.uid ?? -1, gid ?? -1);
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
