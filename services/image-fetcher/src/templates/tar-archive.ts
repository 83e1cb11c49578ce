/**
 * Image tarballs through GNU tar. tar picks the decompressor (xz, gzip, bzip2, zstd)
 * from the file's magic when reading, so no -J/-z is passed. Before unpacking, the
 * member list is checked: an absolute name or a `..` component is refused outright,
 * and the headers are judged by the download template's rules (no write through a
 * symlink the archive made, no hard link out of the tree or through a symlink, no
 * relative symlink climbing above the root; see download/archive-safety.ts).
 */
import { promises as fs } from 'node:fs';
import { TemplateBadArchiveError, TemplateFailedError, TemplateToolMissingError, TemplateUnsafeArchiveError } from './template.errors';
import { ImageUnsafeError } from '@lxcbus/contracts';
import { checkArchive } from '../download/archive-safety';
import { readTarEntries } from '../download/tar-headers';
import { describeExit, runCapture, type RunResult } from './child-process.runner';

export interface ExtractOptions {
  /** `--exclude` patterns, matched `--anchored` as lxc-local does (e.g. `./dev/null`). */
  readonly excludes?: readonly string[];
  /** Template name for error context. */
  readonly template: string;
}

async function tar(args: readonly string[]): Promise<RunResult> {
  try {
    return await runCapture('tar', args);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new TemplateToolMissingError('tar');
    throw err;
  }
}

/** Member names as `tar -tf` prints them. */
export async function listMembers(archive: string): Promise<string[]> {
  const r = await tar(['-tf', archive]);
  if (r.code !== 0) throw new TemplateBadArchiveError(archive, describeExit('tar -t', r));
  return r.stdout.split('\n').filter((l) => l !== '');
}

export function isUnsafeMember(name: string): boolean {
  return name.startsWith('/') || name.split('/').includes('..');
}

/** Lists the archive and throws on the first member that could land outside the target. */
export async function assertSafeArchive(archive: string): Promise<string[]> {
  const members = await listMembers(archive);
  const bad = members.find(isUnsafeMember);
  if (bad !== undefined) throw new TemplateUnsafeArchiveError(archive, bad);
  try {
    checkArchive(archive, await readTarEntries(archive));
  } catch (err) {
    if (err instanceof ImageUnsafeError) throw new TemplateUnsafeArchiveError(archive, String(err.details?.member), String(err.details?.reason));
    throw err;
  }
  return members;
}

/**
 * `tar --anchored [--exclude=..] --numeric-owner -xpf <archive> -C <dest>` after the
 * safety check; `dest` is created (mkdir -p) only once the archive has passed it.
 */
export async function extractArchive(archive: string, dest: string, opts: ExtractOptions): Promise<void> {
  await assertSafeArchive(archive);
  try {
    await fs.mkdir(dest, { recursive: true });
  } catch (err) {
    throw new TemplateFailedError(opts.template, `create ${dest}`, err);
  }
  const excludes = (opts.excludes ?? []).map((e) => `--exclude=${e}`);
  const r = await tar(['--anchored', ...excludes, '--numeric-owner', '-xpf', archive, '-C', dest]);
  if (r.code !== 0) {
    throw new TemplateFailedError(opts.template, `unpack ${archive}`, new Error(describeExit('tar -x', r)));
  }
}
