/** Bodies of service-to-service calls (`lxcbus.v1.svc.<host>.<service>.<verb>`). */
import { z } from 'zod';
import { CONTAINER_NAME_PATTERN } from './names';

export const PingReply = z.object({ ok: z.literal(true), service: z.string(), host: z.string(), pid: z.number(), uptimeMs: z.number() });
export type PingReply = z.infer<typeof PingReply>;

/** One `lxc.idmap = <kind> <nsid> <hostid> <range>` entry. */
export const IdmapEntry = z.object({
  kind: z.enum(['u', 'g']),
  nsid: z.number().int().min(0).max(0xffff_fffe),
  hostid: z.number().int().min(0).max(0xffff_fffe),
  range: z.number().int().min(1).max(0xffff_ffff),
}).strict();
export type IdmapEntry = z.infer<typeof IdmapEntry>;

export const PopulateRequest = z.object({
  name: z.string().regex(CONTAINER_NAME_PATTERN),
  owner: z.string(),
  lxcpath: z.string().startsWith('/'),
  containerDir: z.string().startsWith('/'),
  rootfs: z.string().startsWith('/'),
  template: z.string().min(1),
  args: z.array(z.string()).default([]),
  /** The config lines lxc-create saved before running the template (default.conf or -f, then lxc.rootfs.path). */
  config: z.array(z.string()).max(100_000).default([]),
  /** `user` when the container has lxc.idmap entries: images then pick config-user / excludes-user. */
  mode: z.enum(['system', 'user']).default('system'),
  /** The container's lxc.idmap (already validated): the rootfs is shifted into it after the template ran. */
  idmaps: z.array(IdmapEntry).max(1024).default([]),
  /**
   * Root-run stack, ordinary owner: run the template as her, as root of her user namespace
   * (newuidmap checks her delegation), so that root never writes in her tree. Only
   * OWNER_NAMESPACE_TEMPLATES; the files land on her ids directly and no shift follows.
   */
  asOwner: z.boolean().optional(),
}).strict();
export type PopulateRequest = z.infer<typeof PopulateRequest>;
/** Templates that can run as the owner in her user namespace (download needs root's image cache). */
export const OWNER_NAMESPACE_TEMPLATES: readonly string[] = ['busybox', 'local'];
export interface PopulateReply {
  /** The whole container config after the template ran, line by line (LXC's header not included). */
  config: string[];
  /** The image's create-message, printed by lxc-create after a blank line and `---`. */
  message?: string;
}

export const UsageRequest = z.object({
  containers: z.array(z.object({ owner: z.string(), name: z.string(), lxcpath: z.string() })).max(10_000),
}).strict();
export type UsageRequest = z.infer<typeof UsageRequest>;
/** A container's cgroup figures, as the executor reads them (absent where the cgroup lacks the file). */
export interface UsageFigures {
  cpuNs?: number;
  memBytes?: number;
  kmemBytes?: number;
  blkioBytes?: number;
  swapBytes?: number;
  /** lxc-top's extra figures: CPU in USER_HZ ticks, blkio read/write bytes and I/O count, memory+swap. */
  cpuUserTicks?: number;
  cpuSysTicks?: number;
  blkioReadBytes?: number;
  blkioWriteBytes?: number;
  blkioIos?: number;
  memswBytes?: number;
}
export interface UsageEntry extends UsageFigures {
  owner: string;
  name: string;
  lxcpath: string;
  /** Per interface, from the container's side (its TX is the host end's RX); absent for a host-netns container. */
  links?: { name: string; txBytes: number; rxBytes: number }[];
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

export const IdmapValidateRequest = z.object({
  owner: z.string().min(1).max(32),
  idmaps: z.array(IdmapEntry).max(1024),
}).strict();
export type IdmapValidateRequest = z.infer<typeof IdmapValidateRequest>;
export interface IdmapValidateReply {
  owner: string;
  /** Accepted, yet worth telling the user (e.g. what real LXC would additionally need to start it). */
  warnings: string[];
}

export const NetPlanRequest = z.object({
  owner: z.string(),
  name: z.string(),
  networks: z.array(z.object({
    index: z.number().int().min(0),
    type: z.string(),
    /** lxc.net.N.flags (`up`); any net with `up` brings the container's lo up. */
    flags: z.string().optional(),
  })).max(64),
  /** The container has lxc.idmap entries (root-run unprivileged counts too): it cannot share the host netns. */
  unprivileged: z.boolean().default(false),
}).strict();
export type NetPlanRequest = z.infer<typeof NetPlanRequest>;
export interface NetPlanReply {
  /** false only when every configured net is `none` (the host netns is shared), as in LXC. */
  isolate: boolean;
  /** Bring lo up in the container's own netns: LXC leaves it DOWN unless some net has `flags = up`. */
  loopbackUp: boolean;
  networks: { index: number; type: string }[];
}
