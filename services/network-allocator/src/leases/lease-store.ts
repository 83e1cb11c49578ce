/** The NET_LEASES_BUCKET with compare-and-set: claims are creates, updates name the revision they read. */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { KV, NatsConnection } from 'nats';
import { BUS_CONNECTION } from '@lxcbus/bus';
import { NET_LEASES_BUCKET } from '@lxcbus/contracts';

const enc = new TextEncoder();
const dec = new TextDecoder();
/** JetStream's "wrong last sequence": someone else wrote the key first. */
const WRONG_LAST_SEQUENCE = 10071;

export interface Versioned<T> {
  value: T;
  revision: number;
}

function isConflict(err: unknown): boolean {
  return (err as { api_error?: { err_code?: number } })?.api_error?.err_code === WRONG_LAST_SEQUENCE;
}

@Injectable()
export class LeaseStore implements OnModuleInit {
  private kv!: KV;

  constructor(@Inject(BUS_CONNECTION) private readonly nc: NatsConnection) {}

  async onModuleInit(): Promise<void> {
    const replicas = Number(process.env.LXCBUS_JS_REPLICAS || 1);
    this.kv = await this.nc.jetstream().views.kv(NET_LEASES_BUCKET, { history: 1, replicas });
  }

  /** Creates the key; false when it already exists. */
  async claim(key: string, value: unknown): Promise<boolean> {
    return this.putAt(key, value, 0);
  }

  /** Writes only if the key is still at `revision` (0: must not exist); false when another writer won. */
  async putAt(key: string, value: unknown, revision: number): Promise<boolean> {
    try {
      if (revision === 0) await this.kv.create(key, enc.encode(JSON.stringify(value)));
      else await this.kv.update(key, enc.encode(JSON.stringify(value)), revision);
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  }

  async get<T>(key: string): Promise<Versioned<T> | null> {
    const e = await this.kv.get(key);
    if (!e || e.operation !== 'PUT' || e.value.length === 0) return null;
    return { value: JSON.parse(dec.decode(e.value)) as T, revision: e.revision };
  }

  async remove(key: string): Promise<void> {
    await this.kv.delete(key);
  }

  async keys(filter: string): Promise<string[]> {
    const out: string[] = [];
    for await (const k of await this.kv.keys(filter)) out.push(k);
    return out;
  }
}
