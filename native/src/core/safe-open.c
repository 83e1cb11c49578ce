/* See safe-open.h. */
#define _GNU_SOURCE
#include "safe-open.h"
#include "util.h"
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_LINKS 40

/* A symlink in a root-owned directory no one else can write, itself root's: root put it there. */
static int trusted_link(int dirfd, const char *name, char *target, size_t len)
{
	struct stat dir, link;
	ssize_t n;
	if (fstat(dirfd, &dir) < 0 || fstatat(dirfd, name, &link, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISLNK(link.st_mode))
		return 0;
	if (dir.st_uid != 0 || (dir.st_mode & 022) || link.st_uid != 0)
		return 0;
	n = readlinkat(dirfd, name, target, len - 1);
	if (n <= 0)
		return 0;
	target[n] = 0;
	return 1;
}

static int walk(const char *path, int flags, mode_t mode, int links)
{
	char buf[PATH_MAX], target[PATH_MAX], next[PATH_MAX * 2];
	char *save = NULL, *part, *following;
	int dirfd, fd = -1;
	if (path[0] != '/' || strlen(path) >= sizeof buf || links > MAX_LINKS)
		return errno = links > MAX_LINKS ? ELOOP : EINVAL, -1;
	snprintf(buf, sizeof buf, "%s", path);
	dirfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	for (part = strtok_r(buf, "/", &save); part && dirfd >= 0; part = following) {
		following = strtok_r(NULL, "/", &save);
		if (trusted_link(dirfd, part, target, sizeof target)) {
			/* Walk the target (relative: from this directory) with the rest of the path after it. */
			char here[PATH_MAX], proc[64];
			ssize_t n;
			snprintf(proc, sizeof proc, "/proc/self/fd/%d", dirfd);
			n = readlink(proc, here, sizeof here - 1);
			here[n > 0 ? n : 0] = 0;
			snprintf(next, sizeof next, "%s/%s/%s/%s", target[0] == '/' ? "" : here, target, following ? following : "",
				 following && save ? save : "");
			close(dirfd);
			return walk(next, flags, mode, links + 1);
		}
		if (!following) {
			fd = openat(dirfd, part, flags | O_NOFOLLOW | O_CLOEXEC, mode);
			break;
		}
		int sub = openat(dirfd, part, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(dirfd);
		dirfd = sub;
	}
	if (dirfd >= 0) {
		int saved = errno;
		close(dirfd);
		errno = saved;
	}
	return fd;
}

int lx_open_untrusted(const char *path, int flags, mode_t mode)
{
	return walk(path, flags, mode, 0);
}

int lx_openat2(int dirfd, const char *path, int flags, unsigned long long resolve)
{
	struct open_how how = {.flags = (unsigned long long)flags, .resolve = resolve};
	return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
}
