/** Bodies of service-to-service calls (`lxcbus.v1.svc.<host>.<service>.<verb>`). */
import { z } from 'zod';
import { CONTAINER_NAME_PATTERN } from './names';

export const PingReply = z.object({ ok: z.literal(true), service: z.string(), host: z.string(), pid: z.number(), uptimeMs: z.number() });
export type PingReply = z.infer<typeof PingReply>;

export const PopulateRequest = z.object({
  name: z.string().regex(CONTAINER_NAME_PATTERN),
  owner: z.string(),
  lxcpath: z.string().startsWith('/'),
  containerDir: z.string().startsWith('/'),
  rootfs: z.string().startsWith('/'),
  template: z.string().min(1),
  args: z.array(z.string()).default([]),
}).strict();
export type PopulateRequest = z.infer<typeof PopulateRequest>;
export interface PopulateReply {
  /** lxc.* lines the template appends to the container config. */
  config: string[];
  message?: string;
}

export const UsageRequest = z.object({
  containers: z.array(z.object({ owner: z.string(), name: z.string(), lxcpath: z.string() })).max(10_000),
}).strict();
export type UsageRequest = z.infer<typeof UsageRequest>;
export interface UsageEntry {
  owner: string;
  name: string;
  lxcpath: string;
  cpuNs?: number;
  memBytes?: number;
  kmemBytes?: number;
  blkioBytes?: number;
  swapBytes?: number;
}
export interface UsageReply {
  usage: UsageEntry[];
}

export const RangesRequest = z.object({ owner: z.string().min(1).max(32) }).strict();
export type RangesRequest = z.infer<typeof RangesRequest>;
export interface IdRange {
  start: number;
  count: number;
}
export interface RangesReply {
  owner: string;
  uid: IdRange[];
  gid: IdRange[];
}

export const NetPlanRequest = z.object({
  owner: z.string(),
  name: z.string(),
  networks: z.array(z.object({ index: z.number().int().min(0), type: z.string() })).max(64),
}).strict();
export type NetPlanRequest = z.infer<typeof NetPlanRequest>;
export interface NetPlanReply {
  /** true when the container gets its own network namespace (any type but `none`). */
  isolate: boolean;
  networks: { index: number; type: string }[];
}
