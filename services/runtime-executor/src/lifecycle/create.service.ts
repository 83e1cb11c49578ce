/**
 * lxc-create: the container dir with a `partial` marker, the base config
 * (-f text, or the owner's default.conf), the template run by image-fetcher,
 * LXC's header, the config written 0640. lxc.idmap is checked by the id-mapper
 * before anything is made; with maps, the image-fetcher shifts the rootfs into
 * them and the container dir goes to the mapped root (root's containers, config
 * staying 0:0 as in LXC) or to the owner (an ordinary user's, as when she runs
 * lxc-create herself). Any failure removes the directory: nothing half-made stays.
 * The file work itself is container-dir-writer.ts's: in an ordinary user's lxcpath,
 * root writes only through directories held since the ownership check.
 */
import { Inject, Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { BusClient, lookupUser } from '@lxcbus/bus-client';
import {
  DomainError, OWNER_NAMESPACE_TEMPLATES, ServiceName, ServiceVerb, TemplateFailedError, type CreateReply, type CreateRequest,
  type IdmapEntry, type PopulateReply,
} from '@lxcbus/contracts';
import { loadDefaultConfig, type ContainerConfig } from '@lxcbus/lxc-config';
import { EXECUTOR_SETTINGS, type ExecutorSettings } from '../executor.settings';
import { configSummary, parseConfigText } from '../containers/config-loader';
import { locate, refOf, type ContainerLocation } from '../containers/container-ref';
import { IdmapGuard, mappedRoot } from '../containers/idmap-guard';
import { checkStorage, discardStorage, placeRootfs, planStorage, savedWithStorage, type CreateStorage } from './create-storage';
import { StatePublisher } from './state-publisher';
import { containerDirWriter } from './container-dir-writer';
import { isRootless } from '../rootless/rootless-mode';

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
    const storage = planStorage(loc.dir, req);
    await checkStorage(storage, owner);
    const dir = await containerDirWriter(loc);
    try {
      await dir.makeDir();
    } catch (err) {
      dir.close();
      throw err;
    }
    // Root-run, ordinary owner: her template runs as her, in her namespace, in a dir her mapped root owns.
    const asOwner = owner !== 'root' && !isRootless() && idmaps.length > 0 && OWNER_NAMESPACE_TEMPLATES.includes(req.template ?? '');
    const templated = !!req.template && req.template !== 'none';
    let placed = false;
    try {
      await dir.writeNew('partial', '', 0o600);
      // The store's directories (overlay/delta) are made before the template; LXC makes none with `-t none`.
      if (templated) for (const d of storage.inside) await dir.makeSubdir(d, 0o755);
      if (asOwner) await dir.handToMappedRoot(idmaps);
      const reply = await this.populate(loc, owner, req, base, idmaps, storage, asOwner);
      // Only a populated rootfs is ever moved to --dir; `-t none` leaves the directory alone.
      placed = templated;
      if (templated) await placeRootfs(storage);
      const text = header(req) + reply.config.map((l) => `${l}\n`).join('');
      const config = parseConfigText(text, loc.configFile);
      await dir.writeNew('config.tmp', text, 0o640);
      await dir.rename('config.tmp', 'config');
      await dir.giveAway(idmaps);
      // The overlay's upper layer is written by the container's root: in a user namespace, the mapped root owns it.
      const root = mappedRoot(idmaps);
      if (templated && (root.uid !== undefined || root.gid !== undefined)) {
        for (const d of storage.inside) await dir.chownSubdir(d, root.uid ?? -1, root.gid ?? -1);
      }
      await dir.unlink('partial');
      await this.publisher.created(refOf(loc), configSummary(config));
      return { name: req.name, lxcpath: loc.lxcpath, message: reply.message, warnings: config.warnings.slice() };
    } catch (err) {
      await dir.removeAll(idmaps).catch(() => undefined);
      await discardStorage(storage, placed);
      throw err;
    } finally {
      dir.close();
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
    loc: ContainerLocation, owner: string, req: CreateRequest, base: ContainerConfig, idmaps: IdmapEntry[], storage: CreateStorage,
    asOwner = false,
  ): Promise<PopulateReply> {
    const lines = base.lines().filter((l) => l.kind !== 'blank' && !l.dropped).map((l) => l.text);
    if (!req.template || req.template === 'none') return { config: lines };
    const saved = savedWithStorage(lines, storage);
    try {
      return await this.bus.service<PopulateReply>(ServiceName.imageFetcher, ServiceVerb.populate, {
        name: loc.name, owner, lxcpath: loc.lxcpath, containerDir: loc.dir, rootfs: storage.rootfs,
        template: req.template, args: req.templateArgs, config: saved,
        // As lxc-create runs templates in the user namespace: images then pick config-user, excludes-user.
        mode: idmaps.length > 0 ? 'user' : 'system',
        idmaps,
        ...(asOwner ? { asOwner } : {}),
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
