/*
 * Opening a file in a directory an ordinary user controls, as root, without being steered:
 * the path is walked one component at a time (openat, O_NOFOLLOW), and a symlink is followed
 * only where nobody but root can have put it. Used for the shim's log file, which lives in the
 * container dir (writable by the owner's group for an ordinary user's container).
 */
#ifndef LXCBUS_SAFE_OPEN_H
#define LXCBUS_SAFE_OPEN_H
#include <sys/types.h>

/* open(2) of an absolute `path`; -1 with errno ELOOP when an untrusted symlink is met. */
int lx_open_untrusted(const char *path, int flags, mode_t mode);
/* openat2(2) with `resolve` (RESOLVE_* of linux/openat2.h); -1 with errno, ENOSYS on a kernel without it. */
int lx_openat2(int dirfd, const char *path, int flags, unsigned long long resolve);

#endif
