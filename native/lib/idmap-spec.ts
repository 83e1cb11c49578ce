/**
 * The user-namespace keys of the spec file (parser: native/src/core/userns.c): `idmap`
 * (repeat, `u|g <nsid> <hostid> <range>`) and `idmap.writer` (`auto`: as LXC, newuidmap and
 * newgidmap unless the map includes host root; `direct`: the shim writes the map files itself).
 * Only the kernel's own limits are checked here; delegation is the id-mapper's business.
 */
import { InvalidArgumentError } from './errors';
import type { ContainerSpec, IdMapSpec } from './types';

const ID_LIMIT = 2 ** 32 - 1;
/** Extents the kernel accepts per map (user_namespaces(7)). */
export const MAX_IDMAP_EXTENTS = 340;

export function idmapSpecLines(spec: Pick<ContainerSpec, 'idmaps' | 'idmapWriter'>): Array<[string, string]> {
  const maps = spec.idmaps ?? [];
  if (maps.length === 0) return [];
  const out: Array<[string, string]> = maps.map((m) => ['idmap', `${m.kind} ${m.nsid} ${m.hostid} ${m.range}`]);
  out.push(['idmap.writer', spec.idmapWriter ?? 'auto']);
  return out;
}

export function validateIdmaps(maps: unknown, writer: unknown): void {
  if (maps === undefined) return;
  if (!Array.isArray(maps)) throw new InvalidArgumentError('spec.idmaps', 'must be an array');
  if (writer !== undefined && writer !== 'auto' && writer !== 'direct') {
    throw new InvalidArgumentError('spec.idmapWriter', 'must be auto or direct');
  }
  for (const kind of ['u', 'g']) {
    if (maps.filter((m: IdMapSpec) => m?.kind === kind).length > MAX_IDMAP_EXTENTS) {
      throw new InvalidArgumentError('spec.idmaps', `more than ${MAX_IDMAP_EXTENTS} ${kind} lines`);
    }
  }
  maps.forEach((m: IdMapSpec, i) => {
    const what = `spec.idmaps[${i}]`;
    if (typeof m !== 'object' || m === null || (m.kind !== 'u' && m.kind !== 'g')) throw new InvalidArgumentError(`${what}.kind`, 'must be u or g');
    for (const k of ['nsid', 'hostid', 'range'] as const) {
      if (!Number.isInteger(m[k]) || m[k] < 0 || m[k] > ID_LIMIT) throw new InvalidArgumentError(`${what}.${k}`, 'must be an id 0..4294967295');
    }
    if (m.range === 0 || m.nsid + m.range > ID_LIMIT || m.hostid + m.range > ID_LIMIT) {
      throw new InvalidArgumentError(what, 'range must be >= 1 and end before id 4294967295');
    }
  });
}
