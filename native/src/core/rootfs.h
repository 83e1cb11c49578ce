/*
 * The container's mount tree, built in the child's new mount namespace before exec:
 * private propagation, rootfs bound onto itself, lxc.mount.auto proc/sys, autodev /dev,
 * lxc.mount.entry lines, terminal binds, then pivot_root with the old root detached.
 */
#ifndef LXCBUS_ROOTFS_H
#define LXCBUS_ROOTFS_H
#include "devices.h"
#include "error.h"
#include "spec.h"

int lx_rootfs_setup(const lx_spec *spec, const lx_dev_ctx *dev, lx_error *err);

#endif
