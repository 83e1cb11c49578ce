/**
 * The executor acts as root for every owner, so it checks that a request under
 * owner alice's subject names only alice's lxcpaths (NATS already keeps her to
 * her own subjects). Rule and reasons: @lxcbus/bus-client checkLxcpathOwner.
 */
import { ForbiddenError } from '@lxcbus/contracts';
import { checkLxcpathOwner, type OwnershipFs } from '@lxcbus/bus-client';
import { userInfo } from 'node:os';
import { isRootless } from '../rootless/rootless-mode';

export interface LxcpathGuardOptions {
  rootLxcpath: string;
  passwdFile?: string;
  fs?: OwnershipFs;
}

export function assertOwnsLxcpath(owner: string, lxcpath: string, opts: LxcpathGuardOptions): void {
  // A rootless executor runs as its user and serves her alone: no one else's containers, not root's.
  const self = isRootless() ? userInfo().username : null;
  if (self !== null && owner !== self) throw new ForbiddenError(`${owner} may not use this stack: it is run by ${self} without root and serves only ${self}`, { owner, lxcpath });
  const r = checkLxcpathOwner(owner, lxcpath, opts);
  if (!r.ok) throw new ForbiddenError(`${owner} may not use lxcpath ${lxcpath}: ${r.reason}`, { owner, lxcpath });
}
