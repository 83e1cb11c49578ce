/*
 * lxc.mount.auto = cgroup[...]:force inside the container's cgroup namespace (LXC skips
 * every cgroup automount there unless forced). As LXC 5.0.2 does it, measured on a hybrid
 * host: a tmpfs "none" (size=10240k,mode=755, always rw) on /sys/fs/cgroup, then each host
 * hierarchy mounted afresh under its host mount point's name (the v1 ones in reverse order
 * of the host's mountinfo, cgroup2 last); in a cgroup namespace that shows the container's
 * own cgroup as "/". `ro` mounts the hierarchies read-only; `rw`, `mixed` and no mode give
 * writable ones. On a pure cgroup2 host the cgroup2 is mounted on /sys/fs/cgroup itself.
 */
#ifndef LXCBUS_CGROUP_MOUNT_H
#define LXCBUS_CGROUP_MOUNT_H
#include "error.h"

enum lx_cgroup_mount_mode { LX_CGMNT_NONE, LX_CGMNT_RO, LX_CGMNT_RW };

/* `root`: the rootfs path (before pivot), already in the container's cgroup namespace. */
int lx_cgroup_mount(const char *root, int mode, lx_error *err);

#endif
