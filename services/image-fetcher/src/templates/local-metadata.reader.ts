/**
 * Reads an image's meta tarball the way lxc-local does: unpack it into a private temp
 * dir, pick each file with relevant_file (`<f>-<mode>` if present, then `.<compat>`),
 * read what the template needs, and remove the temp dir whatever happens. Only
 * regular files are read, so a meta tarball cannot make us read a host file through a
 * symlink.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { extractArchive } from './tar-archive';
import { TemplateBadArchiveError } from './template.errors';
import type { TemplateMode } from './template.types';

/** lxc-local pins COMPAT_LEVEL=5 (lxc-download uses 7), matching distrobuilder's unsuffixed files. */
export const LOCAL_COMPAT_LEVEL = 5;

export interface ImageMetadata {
  /** Text of `config` (or `config-user`), unmodified. */
  readonly config: string;
  /** In-rootfs paths listed in `templates`, in file order. */
  readonly templates: string[];
  /** `excludes` (`excludes-user` in user mode) patterns for the rootfs unpack. */
  readonly excludes: string[];
  /** `fstab` fragment text, if the image ships one (old images). */
  readonly fstab?: string;
  /** `create-message` text, verbatim. */
  readonly createMessage?: string;
  /** `expiry`: unix seconds after which a cached copy is re-checked (lxc-download's rule). */
  readonly expiry?: number;
}

export async function readImageMetadata(
  archive: string,
  mode: TemplateMode,
  template: string,
): Promise<ImageMetadata> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lxcbus-meta-'));
  try {
    await extractArchive(archive, dir, { template });
    return await readMetadataDir(dir, mode, LOCAL_COMPAT_LEVEL, archive);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * The metadata of an unpacked meta tarball in `dir`, each file picked by relevant_file
 * at the given compat level (lxc-local 5, lxc-download 7); `source` names it in errors.
 */
export async function readMetadataDir(dir: string, mode: TemplateMode, compat: number, source: string): Promise<ImageMetadata> {
  const read = (name: string) => readRelevant(dir, name, mode, compat);
  const config = await read('config');
  if (config === undefined) throw new TemplateBadArchiveError(source, 'meta tarball is missing the configuration file');
  const expiry = Number((await read('expiry'))?.trim());
  return {
    config,
    templates: lines(await read('templates')),
    excludes: lines(await read('excludes')),
    fstab: await read('fstab'),
    createMessage: await read('create-message'),
    ...(Number.isFinite(expiry) && expiry > 0 ? { expiry } : {}),
  };
}

/** relevant_file: `<name>`, replaced by `<name>-<mode>` if it exists, then by `.<compat>` if that exists. */
export async function relevantFile(dir: string, name: string, mode: TemplateMode, compat = LOCAL_COMPAT_LEVEL): Promise<string> {
  let file = path.join(dir, name);
  if (await exists(`${file}-${mode}`)) file = `${file}-${mode}`;
  if (await exists(`${file}.${compat}`)) file = `${file}.${compat}`;
  return file;
}

async function readRelevant(dir: string, name: string, mode: TemplateMode, compat: number): Promise<string | undefined> {
  const file = await relevantFile(dir, name, mode, compat);
  const st = await fs.lstat(file).catch(() => undefined);
  if (!st?.isFile()) return undefined;
  return fs.readFile(file, 'utf8');
}

async function exists(file: string): Promise<boolean> {
  return (await fs.lstat(file).catch(() => undefined)) !== undefined;
}

/** `while read -r line`: every line, a last one without newline included, IFS blanks trimmed. */
function lines(text: string | undefined): string[] {
  if (text === undefined || text === '') return [];
  const all = text.split('\n').map((l) => l.replace(/^[ \t]+|[ \t]+$/g, ''));
  if (text.endsWith('\n')) all.pop();
  return all;
}
