/**
 * CloudEvents 1.0 (structured JSON mode) for everything that happens to a
 * container. `id` doubles as the JetStream Nats-Msg-Id, so a re-published
 * event is stored once.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CONTAINER_STATES, ContainerState } from './states';
import type { EventType } from './subjects';

export const CLOUDEVENTS_SPEC_VERSION = '1.0';

export const ContainerRef = z.object({
  host: z.string(),
  owner: z.string(),
  name: z.string(),
  lxcpath: z.string(),
});
export type ContainerRef = z.infer<typeof ContainerRef>;

/** What lxc-ls needs from the config, carried on created/STARTING events. */
export const ConfigSummary = z.object({
  autostart: z.boolean(),
  groups: z.array(z.string()),
  unprivileged: z.boolean(),
  interfaces: z.array(z.string()),
});
export type ConfigSummary = z.infer<typeof ConfigSummary>;

export const EventData = {
  created: ContainerRef.extend({ config: ConfigSummary }),
  destroyed: ContainerRef,
  state: ContainerRef.extend({
    state: z.enum(CONTAINER_STATES as [ContainerState, ...ContainerState[]]),
    pid: z.number().int().nullable(),
    config: ConfigSummary.optional(),
    ips: z.array(z.string()).optional(),
    reason: z.string().optional(),
  }),
  exit: ContainerRef.extend({
    /** As lxc-monitor prints it: the raw wait status of init. */
    status: z.number().int(),
    code: z.number().int().nullable(),
    signal: z.number().int().nullable(),
    /** True when the exit happened while no runtime-executor watched (found on re-adoption). */
    missed: z.boolean(),
    /** Why, when known beyond the status: e.g. the OOM killer at the memory limit. */
    reason: z.string().optional(),
  }),
  progress: ContainerRef.extend({
    phase: z.string(),
    bytesDone: z.number().int().nonnegative().optional(),
    bytesTotal: z.number().int().nonnegative().optional(),
    message: z.string().optional(),
  }),
} as const;

export type EventDataOf<T extends EventType> = z.infer<(typeof EventData)[T]>;

export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: T;
}

export function eventTypeName(type: EventType): string {
  return `io.lxcbus.container.${type}.v1`;
}

export function buildEvent<T extends EventType>(
  type: T,
  source: string,
  data: EventDataOf<T>,
  now: Date = new Date(),
): CloudEvent<EventDataOf<T>> {
  return {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    id: randomUUID(),
    source,
    type: eventTypeName(type),
    subject: `${data.owner}/${data.name}`,
    time: now.toISOString(),
    datacontenttype: 'application/json',
    data,
  };
}

export const CloudEventEnvelope = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().min(1),
  subject: z.string(),
  time: z.string(),
  datacontenttype: z.literal('application/json'),
  data: z.unknown(),
});

/** Parses and validates an event; returns null for anything that is not one of ours. */
export function parseEvent(raw: unknown): { type: EventType; event: CloudEvent } | null {
  const env = CloudEventEnvelope.safeParse(raw);
  if (!env.success) return null;
  const m = /^io\.lxcbus\.container\.([a-z]+)\.v1$/.exec(env.data.type);
  if (!m || !(m[1] in EventData)) return null;
  const type = m[1] as EventType;
  const data = EventData[type].safeParse(env.data.data);
  if (!data.success) return null;
  return { type, event: { ...(env.data as CloudEvent), data: data.data } };
}
