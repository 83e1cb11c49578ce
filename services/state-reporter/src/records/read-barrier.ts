/**
 * Read-your-writes for queries: before answering, wait (bounded) until every
 * event that was in the stream when the query arrived has been applied, i.e.
 * the materializer's ack floor has reached the stream's last sequence. So
 * `lxc-start -d && lxc-info` never shows a stale STARTING.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { BUS_CONNECTION } from '@lxcbus/bus';
import { EVENTS_STREAM } from '@lxcbus/contracts';
import { MATERIALIZER_CONSUMER } from './materializer.service';

const BARRIER_TIMEOUT_MS = 2_000;

@Injectable()
export class ReadBarrier {
  constructor(@Inject(BUS_CONNECTION) private readonly nc: NatsConnection) {}

  async wait(timeoutMs = BARRIER_TIMEOUT_MS): Promise<boolean> {
    const jsm = await this.nc.jetstreamManager();
    const target = (await jsm.streams.info(EVENTS_STREAM)).state.last_seq;
    const until = Date.now() + timeoutMs;
    let pause = 2;
    for (;;) {
      const c = await jsm.consumers.info(EVENTS_STREAM, MATERIALIZER_CONSUMER);
      if (c.ack_floor.stream_seq >= target || (c.num_pending === 0 && c.num_ack_pending === 0)) return true;
      if (Date.now() >= until) return false;
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 50);
    }
  }
}
