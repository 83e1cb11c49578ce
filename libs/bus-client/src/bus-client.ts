/** The one client every program uses: commands for an owner on a host, and service calls. */
import type { NatsConnection } from 'nats';
import {
  subjects, type CommandVerb, type OkReply, type ServiceName, type ServiceVerb,
} from '@lxcbus/contracts';
import { requestJson, type RequestOptions } from './request';

export interface BusClientIdentity {
  host: string;
  owner: string;
  timeoutMs: number;
}

export class BusClient {
  constructor(readonly nc: NatsConnection, readonly identity: BusClientIdentity) {}

  command<T extends object>(verb: CommandVerb, body: object, opts: Partial<RequestOptions> = {}): Promise<OkReply<T>> {
    const subject = subjects.command(this.identity.host, this.identity.owner, verb);
    return requestJson<T>(this.nc, subject, body, { timeoutMs: opts.timeoutMs ?? this.identity.timeoutMs, msgId: opts.msgId });
  }

  service<T extends object>(
    service: ServiceName,
    verb: ServiceVerb,
    body: object,
    opts: Partial<RequestOptions> & { host?: string } = {},
  ): Promise<OkReply<T>> {
    const subject = subjects.service(opts.host ?? this.identity.host, service, verb);
    return requestJson<T>(this.nc, subject, body, { timeoutMs: opts.timeoutMs ?? this.identity.timeoutMs });
  }
}
