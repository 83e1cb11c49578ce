/*
 * lxc.hook.pre-mount: run by the container's init in its new mount namespace (mounts already
 * private, so nothing a hook mounts reaches the host), before the rootfs is mounted, as LXC 5.0
 * does. Each hook is a shell command run as `/bin/sh -c "<hook> <name> lxc pre-mount"` (LXC's
 * hook version 0 arguments) with LXC's environment: LXC_NAME, LXC_CONFIG_FILE, LXC_ROOTFS_MOUNT,
 * LXC_ROOTFS_PATH, LXC_HOOK_TYPE, LXC_HOOK_SECTION. Output goes to the container's log file;
 * a hook that fails fails the start.
 */
#ifndef LXCBUS_HOOKS_H
#define LXCBUS_HOOKS_H
#include "error.h"
#include "spec.h"

int lx_hooks_premount(const lx_spec *spec, lx_error *err);

#endif
