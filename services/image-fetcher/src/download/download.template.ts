/**
 * The `download` template (`lxc-create -t download -- -d D -r R -a A`), as
 * /usr/share/lxc/templates/lxc-download 5.0.2 with a shared, verified cache: resolve
 * the image on the server, take it from the cache (fetching it there at most once),
 * make the rootfs from the cached tree, then the image's config, templates,
 * mingetty patch and create-message, exactly as lxc-download does with them.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DomainError, ImageNotFoundError } from '@lxcbus/contracts';
import { composeLocalConfig, splitLines } from '../templates/local-config.composer';
import { readMetadataDir, type ImageMetadata } from '../templates/local-metadata.reader';
import { patchMingetty } from '../templates/mingetty.patch';
import { placeholderValues, substitute, type Substitutions } from '../templates/placeholder.substitution';
import { renderRootfsTemplates } from '../templates/rootfs-template.renderer';
import { TemplateBadArgsError, TemplateError, TemplateFailedError } from '../templates/template.errors';
import type { Template, TemplateBytes, TemplateProgress, TemplateRequest, TemplateResult } from '../templates/template.types';
import { DOWNLOAD_USAGE, missingFields, parseDownloadArgs, type DownloadOptions } from './download.options';
import type { DownloadReporter } from './download-reporter';
import type { DownloadSettings } from './download.settings';
import type { ImageCache } from './image-cache';
import { filterRows, listImages } from './image-index';
import { materializeRootfs } from './image-rootfs';
import { DOWNLOAD_COMPAT_LEVEL } from './lxc-index.source';
import { renderConfigDir } from './template-config.dir';

export class DownloadTemplate implements Template {
  readonly name = 'download';

  constructor(readonly cache: ImageCache, readonly settings: DownloadSettings) {}

  async create(req: TemplateRequest, progress?: TemplateProgress, bytes?: TemplateBytes): Promise<TemplateResult> {
    const o = parseDownloadArgs(req.args);
    const mode = req.mode ?? 'system';
    const say = (l: string) => progress?.(l);
    if (o.help) {
      DOWNLOAD_USAGE.split('\n').forEach(say);
      throw new TemplateBadArgsError('--help given: lxc-download prints usage and fails', DOWNLOAD_USAGE);
    }
    if (o.list) await this.refuseList(o, mode, say);
    const missing = missingFields(o);
    if (missing.length > 0) {
      throw new TemplateBadArgsError(`missing ${missing.map((f) => `--${f}`).join(', ')}: the interactive questions are asked by the client (lxc-create), which then passes -d, -r and -a`, DOWNLOAD_USAGE);
    }
    if (!o.validate) say('WARNING: Running without gpg validation!');
    const reporter: DownloadReporter = { line: say, bytes: (p, d, t) => bytes?.(p, d, t) };
    const image = await this.cache.acquire({
      key: { server: o.server, mode, dist: o.dist as string, release: o.release as string, arch: o.arch as string, variant: o.variant },
      flush: o.flushCache, force: o.forceCache, validate: o.validate, reporter,
    });
    let meta: ImageMetadata;
    try {
      meta = await readMetadataDir(path.join(image.dir, 'meta'), mode, DOWNLOAD_COMPAT_LEVEL, 'meta.tar.xz');
      await this.step('install include files', () => renderConfigDir(this.settings.shareConfigDir, this.settings.templateConfigDir));
      say('Unpacking the rootfs');
      await this.step('unpack rootfs', () => materializeRootfs({
        tree: path.join(image.dir, 'tree'), rootfs: req.rootfs, mode, devices: image.manifest.devices, excludes: meta.excludes,
      }));
    } finally {
      // Read and copied: a concurrent --flush-cache may remove the image now.
      await this.cache.release(image);
    }
    const subs = placeholderValues({ ...req, templateConfig: this.settings.templateConfigDir, hookDir: this.settings.hookDir });
    const config = await this.step('write config', () => this.finishConfig(req, meta, subs));
    await this.step('render templates', () => renderRootfsTemplates(req.rootfs, meta.templates, subs, 'meta.tar.xz'));
    await this.step('patch mingetty', () => patchMingetty(req.rootfs));
    return meta.createMessage === undefined ? { config } : { config, message: meta.createMessage };
  }

  /** `--list` inside a create: lxc-download prints the rows and exits 1; so does this. */
  private async refuseList(o: DownloadOptions, mode: 'system' | 'user', say: (l: string) => void): Promise<never> {
    const rows = filterRows(await listImages(this.cache.indexContext({ server: o.server, mode })), o);
    rows.forEach((r) => say([r.dist, r.release, r.arch, r.variant, r.build].join('\t')));
    throw new ImageNotFoundError('--list given: the image list was printed; no container is created', { rows });
  }

  private async finishConfig(req: TemplateRequest, meta: ImageMetadata, subs: Substitutions): Promise<string[]> {
    // lxc-create saves `lxc.rootfs.path = dir:...` before running the template; add it where the caller did not.
    const saved = req.config.some((l) => /^\s*lxc\.rootfs\.path\s*=/.test(l)) ? req.config : [...req.config, `lxc.rootfs.path = dir:${req.rootfs}`];
    const composed = composeLocalConfig({
      name: req.name, containerDir: req.containerDir, saved, imageConfig: meta.config, hasFstab: meta.fstab !== undefined,
    });
    if (meta.fstab !== undefined) await fs.writeFile(path.join(req.containerDir, 'fstab'), substitute(meta.fstab, subs));
    return splitLines(substitute(composed.map((l) => `${l}\n`).join(''), subs));
  }

  private async step<T>(step: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof TemplateError || err instanceof DomainError) throw err;
      throw new TemplateFailedError(this.name, step, err);
    }
  }
}
