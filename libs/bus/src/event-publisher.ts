/** Publishes container events as CloudEvents into the JetStream stream (at-least-once, de-duplicated by id). */
import type { JetStreamClient, NatsConnection, PubAck } from 'nats';
import { buildEvent, subjects, type EventDataOf, type EventType } from '@lxcbus/contracts';

const enc = new TextEncoder();

export class EventPublisher {
  private readonly js: JetStreamClient;

  constructor(nc: NatsConnection, private readonly source: string) {
    this.js = nc.jetstream();
  }

  async publish<T extends EventType>(type: T, data: EventDataOf<T>): Promise<PubAck> {
    const event = buildEvent(type, this.source, data);
    const subject = subjects.event(data.host, data.owner, data.name, type);
    return this.js.publish(subject, enc.encode(JSON.stringify(event)), { msgID: event.id });
  }
}
