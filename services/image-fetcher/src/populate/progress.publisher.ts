/**
 * Template output and byte counts as `progress` events on the container's event
 * subject, so the CLI (or any subscriber) can show LXC's lines and a progress bar.
 * Byte events are throttled (a busy download would otherwise publish per chunk);
 * events go out in order through one promise chain and a failed publish is only
 * logged: progress must never fail a create.
 */
import type { Logger } from '@nestjs/common';
import type { EventPublisher } from '@lxcbus/bus';
import type { ContainerRef } from '@lxcbus/contracts';

const MIN_INTERVAL_MS = 200;

export class ProgressPublisher {
  private chain: Promise<unknown> = Promise.resolve();
  private lastAt = new Map<string, number>();

  constructor(private readonly events: EventPublisher, private readonly ref: ContainerRef, private readonly logger: Logger) {}

  line(message: string): void {
    this.send({ phase: 'output', message });
  }

  bytes(phase: string, done: number, total: number | undefined): void {
    const now = Date.now();
    const finished = total !== undefined && done >= total;
    if (!finished && now - (this.lastAt.get(phase) ?? 0) < MIN_INTERVAL_MS) return;
    this.lastAt.set(phase, now);
    this.send({ phase, bytesDone: done, ...(total !== undefined ? { bytesTotal: total } : {}) });
  }

  /** Resolves once every event so far has been handed to JetStream. */
  flush(): Promise<unknown> {
    return this.chain;
  }

  private send(p: { phase: string; bytesDone?: number; bytesTotal?: number; message?: string }): void {
    this.chain = this.chain
      .then(() => this.events.publish('progress', { ...this.ref, ...p }))
      .catch((err: unknown) => this.logger.warn(`progress event: ${err instanceof Error ? err.message : String(err)}`));
  }
}
