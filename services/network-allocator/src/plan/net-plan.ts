/**
 * Turns a container's lxc.net.* entries into a network plan, with LXC's semantics:
 *
 * - no lxc.net entries: like `empty` (own netns, lo only and DOWN); LXC 5.0.2 does the same;
 * - lo comes up only when some entry has `flags = up` (observed with `empty` + `up`);
 * - `none`: the container shares the host's netns, but only when *every* entry is
 *   `none` (one `empty` beside it and LXC clones a new netns again);
 * - sharing the host's netns is refused unless the container is privileged and root
 *   owns it: in a user namespace the kernel refuses the sysfs mount for a netns the
 *   container does not own, so LXC fails there late and obscurely;
 * - veth and macvlan are planned here and allocated by leases/ (names, MACs, addresses);
 *   the other interface types are refused whole, before anything is created.
 */
import { BadRequestError, ConfigInvalidError, ForbiddenError, UnsupportedError, type NetPlanReply, type NetPlanRequest } from '@lxcbus/contracts';
import { isNetType, NET_TYPES } from './net-types';

export function planNetwork(req: NetPlanRequest): NetPlanReply {
  const networks = [...req.networks].sort((a, b) => a.index - b.index);
  checkIndexes(networks);
  for (const n of networks) checkType(n);
  const shareHost = networks.length > 0 && networks.every((n) => n.type === 'none');
  if (shareHost && (req.owner !== 'root' || req.unprivileged)) {
    const who = req.owner !== 'root' ? `owner ${req.owner} is not root` : 'the container is unprivileged (lxc.idmap)';
    throw new ForbiddenError(
      `lxc.net type none shares the host's network namespace, which only privileged containers owned by root may do: ${who}`,
      { owner: req.owner, name: req.name, unprivileged: req.unprivileged, types: ['none'] },
    );
  }
  return {
    isolate: !shareHost,
    loopbackUp: !shareHost && networks.some((n) => n.flags === 'up'),
    networks: networks.map((n) => ({ index: n.index, type: n.type })),
  };
}

function checkIndexes(networks: readonly { index: number }[]): void {
  for (let i = 1; i < networks.length; i++) {
    if (networks[i].index === networks[i - 1].index) {
      throw new BadRequestError(`lxc.net.${networks[i].index} is given twice`, { index: networks[i].index });
    }
  }
}

function checkType(n: { index: number; type: string }): void {
  if (!isNetType(n.type)) {
    // LXC 5.0.2 refuses the config with the same words: `Invalid network type bogus`.
    throw new ConfigInvalidError(`Invalid network type ${n.type} (lxc.net.${n.index}.type)`, {
      index: n.index,
      type: n.type,
      known: Object.keys(NET_TYPES),
    });
  }
  if (!NET_TYPES[n.type].supported) {
    throw new UnsupportedError(
      `lxc.net.${n.index}.type = ${n.type}: ${n.type} networking is not available yet in this lxcbus version ` +
        `(ipvlan, vlan and phys come later); use veth, macvlan or empty`,
      { index: n.index, type: n.type, supported: supportedTypes() },
    );
  }
}

function supportedTypes(): string[] {
  return Object.entries(NET_TYPES)
    .filter(([, t]) => t.supported)
    .map(([name]) => name);
}
