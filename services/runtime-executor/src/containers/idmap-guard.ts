/**
 * lxc.idmap checked by the id-mapper before anything is created or started: maps an
 * owner's /etc/subuid and /etc/subgid do not delegate, overlapping or malformed maps,
 * and an unmapped container root are refused there with the file and the range. Its
 * BAD_REQUEST / FORBIDDEN come back as the same DomainError classes and go to the caller
 * as they are, so `lxc-create` and `lxc-start` print the id-mapper's message.
 */
import { Injectable } from '@nestjs/common';
import { BusClient } from '@lxcbus/bus-client';
import { ServiceName, ServiceVerb, type IdmapEntry, type IdmapValidateReply } from '@lxcbus/contracts';
import type { ContainerConfig } from '@lxcbus/lxc-config';

export interface CheckedIdmaps {
  idmaps: IdmapEntry[];
  warnings: string[];
}

@Injectable()
export class IdmapGuard {
  constructor(private readonly bus: BusClient) {}

  async check(owner: string, config: ContainerConfig): Promise<CheckedIdmaps> {
    const idmaps = idmapsOf(config);
    // Root's privileged containers need no id-mapper; every other owner must have maps (it says so).
    if (idmaps.length === 0 && owner === 'root') return { idmaps, warnings: [] };
    const reply = await this.bus.service<IdmapValidateReply>(ServiceName.idMapper, ServiceVerb.validate, { owner, idmaps });
    return { idmaps, warnings: reply.warnings };
  }
}

export function idmapsOf(config: ContainerConfig): IdmapEntry[] {
  return config.idmaps().map(({ kind, nsid, hostid, range }) => ({ kind, nsid, hostid, range }));
}

/** The host uid/gid of container root under these maps (undefined for a kind left unmapped). */
export function mappedRoot(idmaps: readonly IdmapEntry[]): { uid?: number; gid?: number } {
  const at0 = (kind: 'u' | 'g') => idmaps.find((m) => m.kind === kind && m.nsid === 0)?.hostid;
  return { uid: at0('u'), gid: at0('g') };
}
