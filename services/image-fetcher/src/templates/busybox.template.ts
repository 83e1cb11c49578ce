/**
 * The `busybox` template: a minimal system container whose every command is the host's
 * busybox. Mirrors /usr/share/lxc/templates/lxc-busybox (LXC 5.0.2): options
 * `--busybox-path <file>` and `-h/--help` (prints usage, leaves the rootfs empty and
 * succeeds, as the shell template does). It prints nothing otherwise.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { busyboxConfig, BUSYBOX_LIB_DIRS } from './busybox-config.lines';
import { isExecutableFile, locateBusybox } from './busybox-binary.locator';
import { configureBusybox, installBusyboxTree } from './busybox-rootfs.builder';
import { optionValue, parseTemplateArgs, type OptionSpec } from './template-args.parser';
import { TemplateBadArgsError, TemplateFailedError, TemplateToolMissingError } from './template.errors';
import type { Template, TemplateProgress, TemplateRequest, TemplateResult } from './template.types';
import { INTERNAL_OPTIONS, rejectInternalOptions } from './template-internal.options';

const OPTIONS: readonly OptionSpec[] = [
  { long: 'help', short: 'h', takesValue: false },
  { long: 'busybox-path', takesValue: true },
  ...INTERNAL_OPTIONS,
  { long: 'path', short: 'p', takesValue: true },
  { long: 'name', short: 'n', takesValue: true },
];

export const BUSYBOX_USAGE = `LXC busybox image builder

Special arguments:

  [ -h | --help ]: Print this help message and exit.

BUSYBOX template specific arguments:

  [ --busybox-path <path> ]: busybox pathname (default: first static busybox on PATH)
`;

export interface BusyboxTemplateOptions {
  /** Finds the host busybox when --busybox-path is not given; defaults to locateBusybox on PATH. */
  readonly locate?: () => Promise<string | undefined>;
}

export class BusyboxTemplate implements Template {
  readonly name = 'busybox';

  constructor(private readonly options: BusyboxTemplateOptions = {}) {}

  async create(req: TemplateRequest, progress?: TemplateProgress): Promise<TemplateResult> {
    const parsed = parseTemplateArgs(req.args, OPTIONS, BUSYBOX_USAGE);
    rejectInternalOptions(parsed, BUSYBOX_USAGE);
    if (parsed.has('help')) {
      BUSYBOX_USAGE.split('\n').forEach((l) => progress?.(l));
      return { config: [...req.config] };
    }
    const busybox = await this.resolveBusybox(optionValue(parsed, 'busybox-path'));
    await this.step('install rootfs', () => installBusyboxTree(req.rootfs, busybox));
    await this.step('configure busybox', () => configureBusybox(req.rootfs, busybox));
    const hostLibDirs = await existingHostDirs(BUSYBOX_LIB_DIRS);
    return { config: busyboxConfig({ name: req.name, rootfs: req.rootfs, config: req.config, hostLibDirs }) };
  }

  private async resolveBusybox(given: string | undefined): Promise<string> {
    if (given !== undefined) {
      if (given === '') throw new TemplateBadArgsError('--busybox-path is empty', BUSYBOX_USAGE);
      if (!(await isExecutableFile(given))) {
        throw new TemplateBadArgsError(`failed to find busybox binary (${given})`, BUSYBOX_USAGE);
      }
      return path.resolve(given);
    }
    const found = await (this.options.locate ?? (() => locateBusybox()))();
    if (!found) throw new TemplateToolMissingError('busybox', 'not on PATH; pass --busybox-path');
    return found;
  }

  private async step<T>(step: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw new TemplateFailedError(this.name, step, err);
    }
  }
}

async function existingHostDirs(dirs: readonly string[]): Promise<string[]> {
  const present: string[] = [];
  for (const dir of dirs) {
    const st = await fs.stat(`/${dir}`).catch(() => undefined);
    if (st?.isDirectory()) present.push(dir);
  }
  return present;
}
