/** Each service answers `lxcbus.v1.svc.<host>.<service>.ping` with its pid and uptime. */
import type { NatsConnection } from 'nats';
import { DomainError, NoRespondersError, subjects, ServiceVerb, type PingReply, type ServiceName } from '@lxcbus/contracts';
import { requestJson } from '@lxcbus/bus-client';
import { sleep } from './process-probe';

export type PingResult = { up: true; reply: Omit<PingReply, 'ok'> } | { up: false; reason: string };

export async function pingService(nc: NatsConnection, host: string, service: ServiceName, timeoutMs: number): Promise<PingResult> {
  try {
    const reply = await requestJson<Omit<PingReply, 'ok'>>(nc, subjects.service(host, service, ServiceVerb.ping), {}, { timeoutMs });
    return { up: true, reply };
  } catch (err) {
    if (err instanceof NoRespondersError) return { up: false, reason: 'no responders' };
    return { up: false, reason: err instanceof DomainError ? err.code.toLowerCase() : String(err) };
  }
}

/** Resolves when every service answered once; rejects naming the silent ones at the deadline. */
export async function waitForServices(nc: NatsConnection, host: string, services: readonly ServiceName[], timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  const pending = new Set(services);
  while (pending.size > 0) {
    // The launcher closes the connection when startup is abandoned (signal, a service died).
    if (nc.isClosed()) throw new Error('bus connection closed');
    for (const s of [...pending]) {
      if ((await pingService(nc, host, s, 1_000)).up) pending.delete(s);
    }
    if (pending.size === 0) return;
    if (Date.now() >= until) throw new Error(`no ping answer within ${timeoutMs} ms from ${[...pending].join(', ')}`);
    await sleep(200);
  }
}

export function formatUptime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const [d, h, m, sec] = [Math.floor(s / 86400), Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60), s % 60];
  if (d > 0) return `${d}d${h}h`;
  if (h > 0) return `${h}h${m}m`;
  if (m > 0) return `${m}m${sec}s`;
  return `${sec}s`;
}
