/*
 * lxc.rootfs.options = idmap=container: the rootfs as an idmapped mount (Linux 5.12+).
 * The kernel only idmaps a detached mount whose filesystem the caller controls as host root,
 * so the shim (in the initial user namespace) clones the rootfs tree with open_tree, sets
 * MOUNT_ATTR_IDMAP with the init's user namespace once its maps are written, and hands the
 * mount fd to the init over the handshake socket (SCM_RIGHTS); the init attaches it on the
 * rootfs mountpoint with move_mount in its own mount namespace. As LXC 5.0 does.
 */
#ifndef LXCBUS_IDMAPPED_H
#define LXCBUS_IDMAPPED_H
#include "error.h"
#include <sys/types.h>

/* Parent: a detached, idmapped clone of `rootfs` (recursive) for `pid`'s user namespace; mount flags set too. */
int lx_idmapped_rootfs_open(const char *rootfs, pid_t pid, unsigned long ms_flags, lx_error *err);
/* Child: attaches the detached tree `fd` on `target`. */
int lx_idmapped_attach(int fd, const char *target, lx_error *err);
int lx_fd_send(int sock, int fd, lx_error *err);
/* Returns the received fd (close-on-exec), or -1 with *err filled. */
int lx_fd_recv(int sock, lx_error *err);

#endif
