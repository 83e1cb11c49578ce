/**
 * Nest subscribes only to the verbs it has handlers for, so a command with a
 * verb nobody knows would meet "no responders". This catch-all answers those
 * with UNKNOWN_VERB and stays silent for every known verb.
 */
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection, Subscription } from 'nats';
import { BUS_CONNECTION, SERVICE_IDENTITY, type ServiceIdentity } from '@lxcbus/bus';
import { COMMAND_VERBS, parseCommandSubject, subjects, UnknownVerbError } from '@lxcbus/contracts';

const enc = new TextEncoder();

@Injectable()
export class UnknownVerbResponder implements OnApplicationBootstrap, OnApplicationShutdown {
  private sub?: Subscription;

  constructor(
    @Inject(BUS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SERVICE_IDENTITY) private readonly id: ServiceIdentity,
  ) {}

  onApplicationBootstrap(): void {
    this.sub = this.nc.subscribe(subjects.anyCommandPattern(this.id.host), {
      callback: (_err, msg) => {
        const verb = parseCommandSubject(msg.subject)?.verb ?? '';
        if ((COMMAND_VERBS as readonly string[]).includes(verb) || !msg.reply) return;
        const error = new UnknownVerbError(`unknown verb ${JSON.stringify(verb)}; known verbs: ${COMMAND_VERBS.join(', ')}`).toWire();
        msg.respond(enc.encode(JSON.stringify({ ok: false, error })));
      },
    });
  }

  onApplicationShutdown(): void {
    this.sub?.unsubscribe();
  }
}
