/**
 * Folds one container event into the container record. Pure, so the whole
 * materialisation rule is unit-tested without a bus. Events older than the
 * record (by stream sequence) are ignored: several state-reporter instances
 * may apply events of one container out of order.
 */
import type { CloudEvent, ContainerRecord, EventDataOf, EventType } from '@lxcbus/contracts';

export type ReduceResult = { kind: 'put'; record: ContainerRecord } | { kind: 'delete' } | { kind: 'skip' };

const EMPTY_CONFIG = { autostart: false, groups: [], unprivileged: false, interfaces: [] };

function base(data: EventDataOf<'created'> | EventDataOf<'state'> | EventDataOf<'exit'>, time: string): ContainerRecord {
  return {
    host: data.host, owner: data.owner, name: data.name, lxcpath: data.lxcpath,
    state: 'STOPPED', pid: null, ips: [], config: EMPTY_CONFIG, lastExit: null,
    createdAt: time, updatedAt: time, eventSeq: 0,
  };
}

export function reduce(current: ContainerRecord | null, type: EventType, event: CloudEvent, seq: number): ReduceResult {
  if (current && seq <= current.eventSeq) return { kind: 'skip' };
  const time = event.time;
  switch (type) {
    case 'created': {
      const d = event.data as EventDataOf<'created'>;
      const r = current ?? base(d, time);
      return { kind: 'put', record: { ...r, config: d.config, state: current?.state ?? 'STOPPED', updatedAt: time, eventSeq: seq } };
    }
    case 'destroyed':
      return current ? { kind: 'delete' } : { kind: 'skip' };
    case 'state': {
      const d = event.data as EventDataOf<'state'>;
      const r = current ?? base(d, time);
      const stopped = d.state === 'STOPPED';
      return {
        kind: 'put',
        record: {
          ...r,
          state: d.state,
          pid: stopped ? null : d.pid ?? r.pid,
          ips: stopped ? [] : d.ips ?? r.ips,
          config: d.config ?? r.config,
          updatedAt: time,
          eventSeq: seq,
        },
      };
    }
    case 'exit': {
      const d = event.data as EventDataOf<'exit'>;
      const r = current ?? base(d, time);
      return { kind: 'put', record: { ...r, lastExit: { status: d.status, code: d.code, signal: d.signal, time }, updatedAt: time, eventSeq: seq } };
    }
    default:
      return { kind: 'skip' };
  }
}
