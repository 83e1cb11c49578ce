/*
 * Running something as root of a fresh user namespace whose maps newuidmap/newgidmap wrote:
 * LXC's lxc-usernsexec (`lxcbus-shim usernsexec ...`) and, for a shim run by an ordinary user
 * (rootless stack), the chowns LXC's chown_mapped_root does (console ptys to the container's
 * root), which that user cannot do on the host.
 */
#ifndef LXCBUS_USERNS_EXEC_H
#define LXCBUS_USERNS_EXEC_H
#include "userns.h"

/* `lxcbus-shim usernsexec [-h] [-m <map>]... [-s] [-- cmd [arg ...]]`; returns the exit status. */
int lx_usernsexec_main(int argc, char **argv);
/* Appends the caller's own uid and gid above the ns ids `u` already maps (lxc-usernsexec -s). */
int lx_userns_map_self(lx_userns *u);
/*
 * Forks a child that unshares `flags` (CLONE_NEWUSER and more), waits for its maps (`u`, written
 * by lx_userns_write_maps), becomes uid/gid 0 there and returns fn(arg) as its exit status.
 * Returns the child's wait status, or -1 with `err` when the maps could not be written.
 */
int lx_userns_spawn(const lx_userns *u, int flags, int (*fn)(void *), void *arg, lx_error *err);
/* chown `path` to the container's root (u's ns 0) from an unprivileged caller who owns it. */
int lx_userns_chown_unprivileged(const lx_userns *u, const char *path, lx_error *err);

#endif
