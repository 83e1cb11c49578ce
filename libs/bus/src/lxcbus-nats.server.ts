/**
 * Nest's NATS server with two lxcbus rules: handler patterns carry a `{host}`
 * placeholder that becomes this host's id at bind time (decorators are static,
 * host ids are not), and the plain JSON wire codec.
 */
import { ServerNats, type NatsOptions } from '@nestjs/microservices';
import { HOST_PLACEHOLDER } from '@lxcbus/contracts';
import { JsonWireDeserializer, JsonWireSerializer } from './wire-codec';

export class LxcbusNatsServer extends ServerNats {
  constructor(private readonly host: string, options: NatsOptions['options']) {
    super({ ...options, serializer: new JsonWireSerializer(), deserializer: new JsonWireDeserializer() });
  }

  override bindEvents(client: Parameters<ServerNats['bindEvents']>[0]): void {
    const entries = [...this.messageHandlers.entries()];
    this.messageHandlers.clear();
    for (const [pattern, handler] of entries) {
      this.messageHandlers.set(pattern.split(HOST_PLACEHOLDER).join(this.host), handler);
    }
    super.bindEvents(client);
  }
}
