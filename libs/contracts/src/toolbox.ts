/**
 * Requests and replies of the toolbox verbs runtime-executor answers from the
 * container directories it owns: `config-get` (lxc-info -c), `copy` (lxc-copy)
 * and `snapshot` (lxc-snapshot). decisions/toolbox.md explains the choices.
 */
import { z } from 'zod';
import { CONTAINER_NAME_PATTERN } from './names';

const name = z.string().regex(CONTAINER_NAME_PATTERN);
const absPath = z.string().min(1).max(4096).refine((p) => p.startsWith('/') && !p.split('/').includes('..'), {
  message: 'must be an absolute path without ".."',
});
/** A snapshot directory under <container>/snaps: one path component, same alphabet as container names. */
const snapName = z.string().regex(CONTAINER_NAME_PATTERN);

export const ConfigGetRequest = z.object({
  name,
  lxcpath: absPath.optional(),
  keys: z.array(z.string().min(1).max(256)).min(1).max(64),
}).strict();
export type ConfigGetRequest = z.infer<typeof ConfigGetRequest>;

/**
 * One `-m` mount of lxc-copy -e: `bind` (ro or rw) or `overlay` (the source as the lower layer, an upper
 * and a workdir made in the clone's directory); the host source, the target inside the rootfs (no leading "/").
 */
export const CopyMount = z.object({
  type: z.enum(['bind', 'overlay']).default('bind'),
  source: absPath.refine((p) => !/[\s,]/.test(p), { message: 'must not contain whitespace or ","' }),
  dest: z.string().min(1).max(4096).refine((p) => !p.startsWith('/') && !/[\s]/.test(p) && !p.split('/').includes('..'), {
    message: 'must be a relative path inside the rootfs without whitespace or ".."',
  }),
  readOnly: z.boolean().default(false),
}).strict();
export type CopyMount = z.infer<typeof CopyMount>;

export const CopyRequest = z.object({
  name,
  lxcpath: absPath.optional(),
  newName: name,
  /** lxc-copy -p: where the copy goes; default the source's lxcpath. */
  newLxcpath: absPath.optional(),
  /** lxc-copy -R: the source is removed once the copy is complete. */
  rename: z.boolean().default(false),
  /** -K: keep lxc.uts.name. */
  keepName: z.boolean().default(false),
  /** -M: keep every lxc.net.N.hwaddr. */
  keepMac: z.boolean().default(false),
  /** -a: copy a running container's rootfs as it is (no freeze, as LXC). */
  allowRunning: z.boolean().default(false),
  /** -s: an overlay snapshot clone of a dir origin (recorded in the origin's lxc_snapshots). */
  snapshot: z.boolean().default(false),
  /** -e: a snapshot clone with `lxc.ephemeral = 1` (destroyed by the executor when it stops). */
  ephemeral: z.boolean().default(false),
  /** -e -D: the ephemeral clone is written without `lxc.ephemeral = 1`, so it stays when it stops. */
  keepData: z.boolean().default(false),
  /** -e -m bind=SRC[:DEST][:ro] / overlay=SRC[:DEST]: lxc.mount.entry lines appended to the clone's config, as LXC writes them. */
  mounts: z.array(CopyMount).max(256).default([]),
  /** -e -t: the clone's overlay directory on a tmpfs, mounted by LXC's pre-mount hook script written beside its config. */
  tmpfs: z.boolean().default(false),
  /** -B: the new container's store; overlay (overlayfs) is for snapshot clones only, as in LXC. */
  bdev: z.enum(['dir', 'overlay', 'overlayfs']).optional(),
  /** `lxc-copy ... -- ARGS`: extra arguments for the clone's lxc.hook.clone (not with -e, where they are a command). */
  hookArgs: z.array(z.string().max(4096)).max(256).default([]),
}).strict();
export type CopyRequest = z.infer<typeof CopyRequest>;

const target = { name, lxcpath: absPath.optional() };
export const SnapshotRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('create'), ...target, comment: z.string().max(1 << 20).optional() }).strict(),
  z.object({ action: z.literal('list'), ...target, comments: z.boolean().default(false) }).strict(),
  z.object({ action: z.literal('restore'), ...target, snapshot: snapName, newName: name.optional() }).strict(),
  /** `ALL` destroys every snapshot, as lxc-snapshot -d ALL. */
  z.object({ action: z.literal('destroy'), ...target, snapshot: snapName }).strict(),
]);
export type SnapshotRequest = z.infer<typeof SnapshotRequest>;

/** One key's answer; `value` is what LXC's getter returns (list keys end with "\n"), null when LXC says "invalid". */
export interface ConfigValue {
  key: string;
  value: string | null;
}
export interface ConfigGetReply {
  values: ConfigValue[];
}

export interface CopyReply {
  name: string;
  lxcpath: string;
}

/** A row of `lxc-snapshot -L`: `<name> (<lxcpath>) <timestamp>`, the comment text with -C. */
export interface SnapshotRow {
  name: string;
  lxcpath: string;
  timestamp: string;
  comment?: string;
}
export interface SnapshotReply {
  /** create: the new snapshot; list: all, in name order; destroy: the removed ones; restore: none. */
  snapshots: SnapshotRow[];
  /** create: the snapshot is an overlay on the container's lower layer (no "copy-clone" notice, unlike a dir container's). */
  overlay?: boolean;
}
