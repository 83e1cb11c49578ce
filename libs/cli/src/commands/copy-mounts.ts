/**
 * lxc-copy -m: the mount specifications of an ephemeral clone, read as LXC
 * 5.0.2's lxc_copy.c does: comma-separated `bind=` / `overlay=` items
 * (getsubopt; other keys are skipped), `bind=SRC`, `bind=SRC:ro|rw`,
 * `bind=SRC:DEST` or `bind=SRC:DEST:ro|rw` (an option word may be a prefix,
 * `r` reading as ro); SRC and DEST are normalised (`.`, `..` and repeated `/`
 * resolved) with SRC made absolute and DEST relative to the rootfs, DEST
 * defaulting to SRC; `overlay=SRC[:DEST]` the same without an option.
 */
import type { CopyMount } from '@lxcbus/contracts';

export type MountsParse = { mounts: CopyMount[] } | { error: string };

function components(path: string): string[] {
  const out: string[] = [];
  for (const c of path.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') out.pop();
    else out.push(c);
  }
  return out;
}

const asSource = (p: string) => `/${components(p).join('/')}`;
const asDest = (p: string) => components(p).join('/');
/** LXC compares with strncmp over the word's length: any prefix of "ro" / "rw" counts, "ro" checked last. */
const optionOf = (w: string): 'ro' | 'rw' | undefined => ('ro'.startsWith(w) ? 'ro' : 'rw'.startsWith(w) ? 'rw' : undefined);

function parseBind(spec: string): CopyMount | string {
  const parts = spec.split(':');
  let dest = parts[0];
  let opt: 'ro' | 'rw' | undefined = 'rw';
  if (parts.length === 2) {
    const o = parts[1] !== '' ? optionOf(parts[1]) : undefined;
    if (o) opt = o;
    else dest = parts[1];
  } else if (parts.length === 3) {
    dest = parts[1];
    opt = optionOf(parts[2]);
  } else if (parts.length > 3) {
    return `bad mount specification "bind=${spec}": excess elements`;
  }
  if (!opt) return `bad mount specification "bind=${spec}": the option must be ro or rw`;
  const bind: CopyMount = { type: 'bind', source: asSource(parts[0]), dest: asDest(dest), readOnly: opt === 'ro' };
  return bind.dest === '' ? `bad mount specification "bind=${spec}": no target` : bind;
}

/** `overlay=SRC` or `overlay=SRC:DEST`. */
function parseOverlay(spec: string): CopyMount | string {
  const parts = spec.split(':');
  if (parts.length > 2) return `bad mount specification "overlay=${spec}": excess elements`;
  const m: CopyMount = { type: 'overlay', source: asSource(parts[0]), dest: asDest(parts[1] ?? parts[0]), readOnly: false };
  return m.dest === '' ? `bad mount specification "overlay=${spec}": no target` : m;
}

export function parseMounts(options: readonly string[]): MountsParse {
  const mounts: CopyMount[] = [];
  for (const item of options.flatMap((o) => o.split(','))) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? item : item.slice(0, eq);
    if (key !== 'bind' && key !== 'overlay') continue;
    const value = eq < 0 ? '' : item.slice(eq + 1);
    const m = key === 'bind' ? parseBind(value) : parseOverlay(value);
    if (typeof m === 'string') return { error: m };
    mounts.push(m);
  }
  return { mounts };
}
