/**
 * Materialises container records from the event stream. A durable consumer
 * shared by every state-reporter instance (each event goes to one of them);
 * an event is acked only after its record is written, so the consumer's ack
 * floor tells readers how far the records are up to date (see read-barrier).
 */
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg, type NatsConnection } from 'nats';
import { BUS_CONNECTION } from '@lxcbus/bus';
import { EVENTS_STREAM, parseEvent, parseEventSubject, recordKey, subjects } from '@lxcbus/contracts';
import { reduce } from './record-reducer';
import { RecordStore } from './record-store';

export const MATERIALIZER_CONSUMER = 'state-reporter';
const MAX_CAS_RETRIES = 8;

@Injectable()
export class MaterializerService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(MaterializerService.name);
  private messages?: ConsumerMessages;

  constructor(@Inject(BUS_CONNECTION) private readonly nc: NatsConnection, private readonly store: RecordStore) {}

  async onModuleInit(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    await jsm.consumers.info(EVENTS_STREAM, MATERIALIZER_CONSUMER).catch(() =>
      jsm.consumers.add(EVENTS_STREAM, {
        durable_name: MATERIALIZER_CONSUMER,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: subjects.allEvents(),
        max_ack_pending: 1000,
        ack_wait: 30_000_000_000,
      }),
    );
    const consumer = await this.nc.jetstream().consumers.get(EVENTS_STREAM, MATERIALIZER_CONSUMER);
    this.messages = await consumer.consume({ max_messages: 256 });
    void this.run(this.messages);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.messages?.close();
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    for await (const m of messages) {
      try {
        await this.apply(m);
        m.ack();
      } catch (err) {
        this.logger.error({ err, subject: m.subject, seq: m.seq }, 'could not apply event; will be redelivered');
        m.nak(1000);
      }
    }
  }

  private async apply(m: JsMsg): Promise<void> {
    const where = parseEventSubject(m.subject);
    let raw: unknown;
    try {
      raw = m.json();
    } catch {
      raw = null;
    }
    const parsed = parseEvent(raw);
    if (!where || !parsed) {
      this.logger.warn({ subject: m.subject, seq: m.seq }, 'ignoring a message that is not an lxcbus event');
      return;
    }
    const d = parsed.event.data as { host: string; owner: string; name: string; lxcpath: string };
    const key = recordKey(d.host, d.owner, d.lxcpath, d.name);
    for (let attempt = 0; attempt < MAX_CAS_RETRIES; attempt++) {
      const stored = await this.store.getKey(key);
      const result = reduce(stored?.record ?? null, parsed.type, parsed.event, m.seq);
      if (result.kind === 'skip') return;
      const done = result.kind === 'put'
        ? await this.store.putIf(result.record, stored?.revision ?? 0)
        : await this.store.deleteIf(stored!.record, stored!.revision);
      if (done) return;
    }
    throw new Error(`compare-and-set lost ${MAX_CAS_RETRIES} times on ${key}`);
  }
}
