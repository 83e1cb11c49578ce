/** Container records in JetStream KV, written with compare-and-set on the entry revision. */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { KV, NatsConnection } from 'nats';
import { BUS_CONNECTION } from '@lxcbus/bus';
import { CONTAINERS_BUCKET, recordKey, recordPrefix, type ContainerRecord } from '@lxcbus/contracts';

const enc = new TextEncoder();
const dec = new TextDecoder();

export interface StoredRecord {
  record: ContainerRecord;
  revision: number;
}

@Injectable()
export class RecordStore implements OnModuleInit {
  private kv!: KV;

  constructor(@Inject(BUS_CONNECTION) private readonly nc: NatsConnection) {}

  async onModuleInit(): Promise<void> {
    this.kv = await this.nc.jetstream().views.kv(CONTAINERS_BUCKET);
  }

  async get(host: string, owner: string, lxcpath: string, name: string): Promise<StoredRecord | null> {
    return this.getKey(recordKey(host, owner, lxcpath, name));
  }

  async getKey(key: string): Promise<StoredRecord | null> {
    const e = await this.kv.get(key);
    if (!e || e.operation !== 'PUT' || e.value.length === 0) return null;
    return { record: JSON.parse(dec.decode(e.value)) as ContainerRecord, revision: e.revision };
  }

  /** Writes only if the entry is still at `revision` (0: must not exist); false when someone else won. */
  async putIf(record: ContainerRecord, revision: number): Promise<boolean> {
    const key = recordKey(record.host, record.owner, record.lxcpath, record.name);
    try {
      if (revision === 0) await this.kv.create(key, enc.encode(JSON.stringify(record)));
      else await this.kv.update(key, enc.encode(JSON.stringify(record)), revision);
      return true;
    } catch {
      return false;
    }
  }

  async deleteIf(record: ContainerRecord, revision: number): Promise<boolean> {
    const key = recordKey(record.host, record.owner, record.lxcpath, record.name);
    try {
      await this.kv.delete(key, { previousSeq: revision });
      return true;
    } catch {
      return false;
    }
  }

  async list(host: string, owner: string, lxcpath: string): Promise<ContainerRecord[]> {
    const keys: string[] = [];
    for await (const k of await this.kv.keys(recordPrefix(host, owner, lxcpath))) keys.push(k);
    const found = await Promise.all(keys.map((k) => this.getKey(k)));
    return found.filter((s): s is StoredRecord => s !== null).map((s) => s.record).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Resolves when the record's state is one of `states`, or with the last state at the deadline. */
  async watchUntil(key: string, done: (r: ContainerRecord | null) => boolean, timeoutMs: number): Promise<ContainerRecord | null> {
    const watch = await this.kv.watch({ key });
    let last: ContainerRecord | null = null;
    const timer = setTimeout(() => watch.stop(), timeoutMs);
    try {
      for await (const e of watch) {
        last = e.operation === 'PUT' && e.value.length > 0 ? (JSON.parse(dec.decode(e.value)) as ContainerRecord) : null;
        if (done(last)) return last;
      }
      return last;
    } finally {
      clearTimeout(timer);
      watch.stop();
    }
  }
}
