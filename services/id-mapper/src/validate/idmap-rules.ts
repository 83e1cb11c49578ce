/**
 * The rules a container's lxc.idmap entries must meet before anything writes a uid_map.
 *
 * Structural rules come from the kernel (user_namespaces(7)): within one kind, neither
 * the container ranges nor the host ranges may overlap, no extent may wrap past
 * 2^32-1, and a map holds at most 340 lines. lxcbus adds one: a kind that is mapped at
 * all must map id 0, or the container's root would be the overflow id.
 *
 * Delegation follows newuidmap(1): an owner may map a host range only if /etc/subuid
 * (/etc/subgid) delegates all of it to them, possibly over adjacent lines, or if it is
 * exactly their own uid (gid) with count 1. Root too, as in LXC, whose maps go through
 * newuidmap/newgidmap even for root (and so does the shim): only a root map that
 * includes host id 0 is written directly and needs no delegation.
 *
 * An owner other than root gets no privileged containers: both kinds must be mapped,
 * since the root-run executor acting for them must never run their init as host root.
 */
import { BadRequestError, ForbiddenError, type IdmapEntry, type IdRange } from '@lxcbus/contracts';
import { ID_LIMIT } from '../ranges/subid-file';

export const MAX_EXTENTS = 340;

export interface IdmapPolicy {
  readonly owner: string;
  readonly delegated: Readonly<Record<IdmapEntry['kind'], readonly IdRange[]>>;
  /** The owner's own uid (for `u`) and primary gid (for `g`), when known. */
  readonly ownIds?: Readonly<Record<IdmapEntry['kind'], number>>;
  /** The files the delegation came from, named in errors. */
  readonly files: Readonly<Record<IdmapEntry['kind'], string>>;
}

const KIND_WORD = { u: 'uid', g: 'gid' } as const;

export function formatEntry(e: IdmapEntry): string {
  return `lxc.idmap = ${e.kind} ${e.nsid} ${e.hostid} ${e.range}`;
}

/** Throws BAD_REQUEST or FORBIDDEN with details; returns warnings otherwise. */
export function checkIdmaps(idmaps: readonly IdmapEntry[], policy: IdmapPolicy): string[] {
  const warnings: string[] = [];
  for (const kind of ['u', 'g'] as const) {
    const maps = idmaps.filter((m) => m.kind === kind);
    if (maps.length === 0) continue;
    checkStructure(kind, maps);
    if (policy.owner === 'root' && maps.some((m) => m.hostid === 0)) continue;
    for (const m of maps) checkDelegated(m, policy);
  }
  if (policy.owner !== 'root') {
    const missing = (['u', 'g'] as const).find((kind) => !idmaps.some((m) => m.kind === kind));
    if (missing) throw unmappedOwner(missing, policy);
  }
  return warnings;
}

function checkStructure(kind: IdmapEntry['kind'], maps: readonly IdmapEntry[]): void {
  if (maps.length > MAX_EXTENTS) {
    throw new BadRequestError(`${maps.length} ${kind} lines in lxc.idmap: the kernel takes at most ${MAX_EXTENTS}`, {
      kind,
      count: maps.length,
      max: MAX_EXTENTS,
    });
  }
  for (const m of maps) {
    if (m.nsid + m.range > ID_LIMIT || m.hostid + m.range > ID_LIMIT) {
      throw new BadRequestError(`${formatEntry(m)}: range runs past id ${ID_LIMIT - 1}`, { entry: m });
    }
  }
  for (const side of ['nsid', 'hostid'] as const) {
    const sorted = [...maps].sort((a, b) => a[side] - b[side]);
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1];
      if (prev[side] + prev.range > sorted[i][side]) {
        const where = side === 'nsid' ? 'container' : 'host';
        throw new BadRequestError(`${formatEntry(prev)} and ${formatEntry(sorted[i])}: ${where} ${KIND_WORD[kind]}s overlap`, {
          kind,
          overlap: side,
          entries: [prev, sorted[i]],
        });
      }
    }
  }
  if (!maps.some((m) => m.nsid === 0)) {
    throw new BadRequestError(`no lxc.idmap line maps container ${KIND_WORD[kind]} 0 (${maps.map(formatEntry).join('; ')}): the container's root would be unmapped`, {
      kind,
      entries: maps,
    });
  }
}

function checkDelegated(m: IdmapEntry, policy: IdmapPolicy): void {
  if (m.range === 1 && policy.ownIds?.[m.kind] === m.hostid) return;
  const delegated = policy.delegated[m.kind];
  if (covered({ start: m.hostid, count: m.range }, delegated)) return;
  const file = policy.files[m.kind];
  throw new ForbiddenError(
    `${formatEntry(m)}: host ${KIND_WORD[m.kind]}s ${m.hostid}-${m.hostid + m.range - 1} are not delegated to ${policy.owner} in ${file}`,
    { file, owner: policy.owner, entry: m, hostRange: { start: m.hostid, count: m.range }, delegated },
  );
}

function unmappedOwner(kind: IdmapEntry['kind'], policy: IdmapPolicy): BadRequestError {
  return new BadRequestError(
    `${policy.owner}'s containers need lxc.idmap lines for container ${KIND_WORD[kind]}s (0 at least) in ${policy.files[kind]} ranges: ` +
      'unprivileged users get no privileged containers (add them to ~/.config/lxc/default.conf)',
    { kind, owner: policy.owner, file: policy.files[kind] },
  );
}

/** True when `want` lies inside the union of `ranges` (adjacent and overlapping lines join up). */
export function covered(want: IdRange, ranges: readonly IdRange[]): boolean {
  let next = want.start;
  const end = want.start + want.count;
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  for (const r of sorted) {
    if (r.start > next) break;
    next = Math.max(next, r.start + r.count);
    if (next >= end) return true;
  }
  return next >= end;
}
