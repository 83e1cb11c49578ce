/**
 * The `local` template: a container from an image tarball pair already on disk, as
 * /usr/share/lxc/templates/lxc-local (LXC 5.0.2): `-m/--metadata <meta tarball>` and
 * `-f/--fstree <rootfs tarball>`, `-h/--help` (usage, then failure, as the shell
 * template exits 1). Steps: read metadata, unpack the rootfs, make /dev/pts, compose
 * the config, copy the fstab, substitute placeholders, patch mingetty, return the
 * create-message.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { composeLocalConfig, splitLines } from './local-config.composer';
import { readImageMetadata, type ImageMetadata } from './local-metadata.reader';
import { placeholderValues, substitute, type Substitutions } from './placeholder.substitution';
import { renderRootfsTemplates } from './rootfs-template.renderer';
import { patchMingetty } from './mingetty.patch';
import { extractArchive } from './tar-archive';
import { optionValue, parseTemplateArgs, type OptionSpec, type ParsedOptions } from './template-args.parser';
import { INTERNAL_OPTIONS, rejectInternalOptions } from './template-internal.options';
import { TemplateBadArgsError, TemplateError, TemplateFailedError } from './template.errors';
import type { Template, TemplateProgress, TemplateRequest, TemplateResult } from './template.types';

const OPTIONS: readonly OptionSpec[] = [
  { long: 'help', short: 'h', takesValue: false },
  { long: 'metadata', short: 'm', takesValue: true },
  { long: 'fstree', short: 'f', takesValue: true },
  ...INTERNAL_OPTIONS,
  { long: 'name', takesValue: true },
  { long: 'path', takesValue: true },
];

export const LOCAL_USAGE = `LXC container image downloader

Special arguments:
[ -h | --help ]: Print this help message and exit.
[ -m | --metadata ]: Path to the metadata for the image.
[ -f | --fstree ]: Path to the filesystem tree for the image.
`;

export class LocalTemplate implements Template {
  readonly name = 'local';

  async create(req: TemplateRequest, progress?: TemplateProgress): Promise<TemplateResult> {
    const { metadata, fstree } = await this.parseArgs(req.args, progress);
    progress?.('Unpacking the rootfs');
    const meta = await readImageMetadata(metadata, req.mode ?? 'system', this.name);
    await extractArchive(fstree, req.rootfs, { excludes: meta.excludes, template: this.name });
    const subs = placeholderValues(req);
    const config = await this.step('write config', () => this.finishConfig(req, meta, subs));
    await this.step('render templates', () => renderRootfsTemplates(req.rootfs, meta.templates, subs, metadata));
    await this.step('patch mingetty', () => patchMingetty(req.rootfs));
    return meta.createMessage === undefined ? { config } : { config, message: meta.createMessage };
  }

  private async parseArgs(args: readonly string[], progress?: TemplateProgress) {
    const parsed: ParsedOptions = parseTemplateArgs(args, OPTIONS, LOCAL_USAGE);
    rejectInternalOptions(parsed, LOCAL_USAGE);
    if (parsed.has('help')) {
      LOCAL_USAGE.split('\n').forEach((l) => progress?.(l));
      throw new TemplateBadArgsError('--help given: lxc-local prints usage and fails', LOCAL_USAGE);
    }
    return {
      metadata: await requireFile(optionValue(parsed, 'metadata'), '--metadata'),
      fstree: await requireFile(optionValue(parsed, 'fstree'), '--fstree'),
    };
  }

  /** Config lines plus, for old images, the container's fstab written beside the config. */
  private async finishConfig(req: TemplateRequest, meta: ImageMetadata, subs: Substitutions): Promise<string[]> {
    await fs.mkdir(path.join(req.rootfs, 'dev', 'pts'), { recursive: true });
    const composed = composeLocalConfig({
      name: req.name,
      containerDir: req.containerDir,
      saved: req.config,
      imageConfig: meta.config,
      hasFstab: meta.fstab !== undefined,
    });
    if (meta.fstab !== undefined) {
      await fs.writeFile(path.join(req.containerDir, 'fstab'), substitute(meta.fstab, subs));
    }
    return splitLines(substitute(composed.map((l) => `${l}\n`).join(''), subs));
  }

  private async step<T>(step: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof TemplateError) throw err;
      throw new TemplateFailedError(this.name, step, err);
    }
  }
}

async function requireFile(value: string | undefined, option: string): Promise<string> {
  if (value === undefined || value === '') throw new TemplateBadArgsError(`${option} <file> is required`, LOCAL_USAGE);
  const file = path.resolve(value);
  const st = await fs.stat(file).catch(() => undefined);
  if (!st?.isFile()) throw new TemplateBadArgsError(`${option}: ${value}: no such file`, LOCAL_USAGE);
  return file;
}
