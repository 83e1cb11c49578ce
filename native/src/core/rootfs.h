/*
 * The container's mount tree, built in the child's new mount namespace before exec:
 * private propagation, rootfs bound onto itself (or overlayfs, or the idmapped tree; lxc.rootfs.options), lxc.mount.auto proc/sys and forced cgroup (cgroup-mount.h), autodev /dev,
 * lxc.mount.entry lines, terminal binds, then pivot_root with the old root detached.
 */
#ifndef LXCBUS_ROOTFS_H
#define LXCBUS_ROOTFS_H
#include "devices.h"
#include "error.h"
#include "spec.h"

/* The MS_* flags of lxc.rootfs.options (ro, nosuid, ...). */
unsigned long lx_rootfs_flags(const lx_spec *spec);
/* idmapped_fd: the detached idmapped rootfs from the shim (idmapped.h), or -1. */
int lx_rootfs_setup(const lx_spec *spec, const lx_dev_ctx *dev, int idmapped_fd, lx_error *err);

#endif
