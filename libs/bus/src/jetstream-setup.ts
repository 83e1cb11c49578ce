/**
 * The JetStream objects lxcbus needs, created idempotently by whichever
 * service boots first. Replicas come from LXCBUS_JS_REPLICAS (1 on a single
 * machine, 3 in a fleet cluster).
 */
import {
  DiscardPolicy, RetentionPolicy, StorageType, type JetStreamManager, type NatsConnection, type StreamConfig,
} from 'nats';
import { CONTAINERS_BUCKET, EVENTS_STREAM, HOSTS_BUCKET, subjects } from '@lxcbus/contracts';

export interface JetStreamLayout {
  replicas: number;
  eventsMaxAgeMs: number;
  hostTtlMs: number;
}

export const JETSTREAM_DEFAULTS: JetStreamLayout = {
  replicas: 1,
  eventsMaxAgeMs: 7 * 24 * 3600 * 1000,
  hostTtlMs: 30_000,
};

const ms = (n: number) => n * 1_000_000;

export function eventsStreamConfig(layout: JetStreamLayout): Partial<StreamConfig> {
  return {
    name: EVENTS_STREAM,
    subjects: [subjects.allEvents()],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: ms(layout.eventsMaxAgeMs),
    duplicate_window: ms(120_000),
    num_replicas: layout.replicas,
  };
}

async function ensureStream(jsm: JetStreamManager, cfg: Partial<StreamConfig>): Promise<void> {
  try {
    await jsm.streams.info(cfg.name as string);
  } catch {
    try {
      await jsm.streams.add(cfg);
    } catch (err) {
      // Another service may have created it between info and add.
      await jsm.streams.info(cfg.name as string).catch(() => {
        throw err;
      });
    }
  }
}

export async function ensureJetStream(nc: NatsConnection, layout: JetStreamLayout = JETSTREAM_DEFAULTS): Promise<void> {
  const jsm = await nc.jetstreamManager();
  await ensureStream(jsm, eventsStreamConfig(layout));
  const js = nc.jetstream();
  await js.views.kv(CONTAINERS_BUCKET, { history: 5, replicas: layout.replicas });
  await js.views.kv(HOSTS_BUCKET, { history: 1, replicas: layout.replicas, ttl: layout.hostTtlMs });
}
