/* Idmapped rootfs (see idmapped.h). */
#define _GNU_SOURCE
#include "idmapped.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <unistd.h>

/* MS_* flags of lxc.rootfs.options as mount_setattr attributes, applied with the idmap in one call. */
static unsigned long long attrs_of(unsigned long ms)
{
	unsigned long long a = MOUNT_ATTR_IDMAP;
	a |= ms & MS_RDONLY ? MOUNT_ATTR_RDONLY : 0;
	a |= ms & MS_NOSUID ? MOUNT_ATTR_NOSUID : 0;
	a |= ms & MS_NODEV ? MOUNT_ATTR_NODEV : 0;
	a |= ms & MS_NOEXEC ? MOUNT_ATTR_NOEXEC : 0;
	a |= ms & MS_NOATIME ? MOUNT_ATTR_NOATIME : ms & MS_STRICTATIME ? MOUNT_ATTR_STRICTATIME : 0;
	a |= ms & MS_NODIRATIME ? MOUNT_ATTR_NODIRATIME : 0;
	return a;
}

/* Names the kernel's reason: the errors of mount_setattr(2) for MOUNT_ATTR_IDMAP are terse. */
static const char *idmap_reason(int e)
{
	switch (e) {
	case ENOSYS:
		return "the kernel has no mount_setattr (idmapped mounts need Linux 5.12)";
	case EINVAL:
		return "the filesystem of the rootfs does not support idmapped mounts, or lxc.idmap lacks a uid or a gid map";
	case EPERM:
		return "not allowed to idmap this mount (the shim is not root in the filesystem's user namespace)";
	default:
		return "idmapped mount refused";
	}
}

int lx_idmapped_rootfs_open(const char *rootfs, pid_t pid, unsigned long ms_flags, lx_error *err)
{
	char ns[64];
	struct mount_attr attr = {0};
	int fd, userns;
	snprintf(ns, sizeof ns, "/proc/%d/ns/user", (int)pid);
	userns = open(ns, O_RDONLY | O_CLOEXEC);
	if (userns < 0)
		return lx_fail_sys(err, "open", ns);
	fd = open_tree(AT_FDCWD, rootfs, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
	if (fd < 0) {
		close(userns);
		return lx_fail(err, errno, "open_tree", rootfs, "idmapped rootfs: %s", idmap_reason(errno));
	}
	attr.attr_set = attrs_of(ms_flags);
	attr.userns_fd = (unsigned long long)userns;
	if (mount_setattr(fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) < 0) {
		int e = errno;
		close(fd);
		close(userns);
		return lx_fail(err, e, "mount_setattr", rootfs, "idmapped rootfs: %s", idmap_reason(e));
	}
	close(userns);
	return fd;
}

int lx_idmapped_attach(int fd, const char *target, lx_error *err)
{
	if (move_mount(fd, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH) < 0)
		return lx_fail(err, errno, "move_mount", target, "attach idmapped rootfs on `%s`", target);
	return 0;
}

int lx_fd_send(int sock, int fd, lx_error *err)
{
	char byte = 'F', ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = &byte, .iov_len = 1};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl};
	struct cmsghdr *c;
	memset(ctl, 0, sizeof ctl);
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	if (sendmsg(sock, &msg, MSG_NOSIGNAL) != 1)
		return lx_fail_sys(err, "sendmsg", "init handshake");
	return 0;
}

int lx_fd_recv(int sock, lx_error *err)
{
	char byte = 0, ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = &byte, .iov_len = 1};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl};
	struct cmsghdr *c;
	int fd;
	ssize_t n;
	do
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return lx_fail_sys(err, "recvmsg", "init handshake");
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(sizeof(int)))
		return lx_fail(err, EPROTO, "recvmsg", NULL, "handshake: expected the idmapped rootfs");
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	if (n != 1 || byte != 'F' || (msg.msg_flags & MSG_CTRUNC)) {
		close(fd); /* a descriptor came with the wrong message: not kept open in the shim */
		return lx_fail(err, EPROTO, "recvmsg", NULL, "handshake: expected the idmapped rootfs");
	}
	return fd;
}
