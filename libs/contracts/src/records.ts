/** Container records in the JetStream KV bucket lxcbus-containers, written by state-reporter. */
import { lxcpathId } from './names';
import type { ContainerState } from './states';
import type { ConfigSummary } from './events';

export interface ContainerRecord {
  host: string;
  owner: string;
  name: string;
  lxcpath: string;
  state: ContainerState;
  pid: number | null;
  ips: string[];
  config: ConfigSummary;
  lastExit: { status: number; code: number | null; signal: number | null; time: string } | null;
  createdAt: string;
  updatedAt: string;
  /** Stream sequence of the last event applied; older events are ignored. */
  eventSeq: number;
}

/** `<host>.<owner>.<lxcpath id>.<name>`: one lxcpath's containers never collide with another's. */
export function recordKey(host: string, owner: string, lxcpath: string, name: string): string {
  return `${host}.${owner}.${lxcpathId(lxcpath)}.${name}`;
}

/** Key filter for every container of an owner in an lxcpath on a host. */
export function recordPrefix(host: string, owner: string, lxcpath: string): string {
  return `${host}.${owner}.${lxcpathId(lxcpath)}.>`;
}
