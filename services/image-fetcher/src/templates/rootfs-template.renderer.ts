/**
 * Renders the files an image lists in `templates` (e.g. /etc/hostname containing
 * LXC_NAME). lxc-local skips entries that do not exist or are not regular files; we do
 * the same, and additionally skip any whose real location is outside the rootfs (a
 * symlinked /etc in the image must not make us rewrite the host's /etc). An entry
 * spelled with `..` is refused as hostile.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { rootfsPath, substitute, type Substitutions } from './placeholder.substitution';
import { TemplateUnsafeArchiveError } from './template.errors';

export interface RenderOutcome {
  readonly rendered: string[];
  readonly skipped: string[];
}

export async function renderRootfsTemplates(
  rootfs: string,
  entries: readonly string[],
  subs: Substitutions,
  source: string,
): Promise<RenderOutcome> {
  const realRoot = await fs.realpath(rootfs);
  // sed works on bytes: latin1 round-trips any file unchanged, values are re-encoded to match.
  const byteSubs = subs.map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('latin1')] as const);
  const rendered: string[] = [];
  const skipped: string[] = [];
  for (const entry of entries) {
    const file = rootfsPath(rootfs, entry);
    if (file === undefined) {
      if (entry.split('/').includes('..')) throw new TemplateUnsafeArchiveError(`${source} templates`, entry);
      skipped.push(entry);
      continue;
    }
    if (!(await isRegularInside(file, realRoot))) {
      skipped.push(entry);
      continue;
    }
    const text = await fs.readFile(file, 'latin1');
    await fs.writeFile(file, substitute(text, byteSubs), 'latin1');
    rendered.push(entry);
  }
  return { rendered, skipped };
}

async function isRegularInside(file: string, realRoot: string): Promise<boolean> {
  const st = await fs.lstat(file).catch(() => undefined);
  if (!st?.isFile()) return false;
  const realDir = await fs.realpath(path.dirname(file)).catch(() => undefined);
  if (realDir === undefined) return false;
  return realDir === realRoot || realDir.startsWith(realRoot + path.sep);
}
