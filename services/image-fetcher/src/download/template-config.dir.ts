/**
 * lxcbus's own LXC include files (common.conf, userns.conf, <dist>.common.conf,
 * <dist>.userns.conf, common.seccomp), the ones image configs name through
 * LXC_TEMPLATE_CONFIG. Their sources are in `services/image-fetcher/share/lxc/config`
 * with `LXCBUS_CONFIG_DIR` where LXC writes `/usr/share/lxc/config`: container configs
 * need absolute include paths that outlive the checkout, so the files are rendered into
 * a stable directory (the state dir, not the cache: flushing images must not break
 * existing containers) when the service starts, and on first use.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';

const RELATIVE = path.join('services', 'image-fetcher', 'share', 'lxc', 'config');
export const CONFIG_DIR_PLACEHOLDER = 'LXCBUS_CONFIG_DIR';

/** The source directory, found by walking up from this file (src/ under ts-jest, dist/ when built). */
export function locateShareConfigDir(start: string = __dirname): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, RELATIVE);
    if (existsSync(path.join(candidate, 'common.conf'))) return candidate;
    if (dir === path.dirname(dir)) return undefined;
  }
}

const rendered = new Map<string, Promise<void>>();

/** Renders every source file into `dest` (rewriting only what changed); once per process and dest. */
export function renderConfigDir(source: string | undefined, dest: string): Promise<void> {
  let p = rendered.get(dest);
  if (!p) {
    p = render(source, dest);
    rendered.set(dest, p);
    p.catch(() => rendered.delete(dest));
  }
  return p;
}

async function render(source: string | undefined, dest: string): Promise<void> {
  if (!source) throw new Error(`lxcbus include files not found (${RELATIVE}) for ${dest}`);
  await fs.mkdir(dest, { recursive: true, mode: 0o755 });
  for (const name of await fs.readdir(source)) {
    const text = (await fs.readFile(path.join(source, name), 'utf8')).split(CONFIG_DIR_PLACEHOLDER).join(dest);
    const target = path.join(dest, name);
    if ((await fs.readFile(target, 'utf8').catch(() => undefined)) === text) continue;
    await fs.writeFile(`${target}.tmp`, text, { mode: 0o644 });
    await fs.rename(`${target}.tmp`, target);
  }
}
