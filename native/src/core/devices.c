/* /dev setup (see devices.h). */
#define _GNU_SOURCE
#include "devices.h"
#include "util.h"
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

static const struct {
	const char *name;
	unsigned maj, min;
} nodes[] = {
	{"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
};

static const struct {
	const char *name, *target;
} links[] = {
	{"fd", "/proc/self/fd"},	   {"stdin", "/proc/self/fd/0"}, {"stdout", "/proc/self/fd/1"},
	{"stderr", "/proc/self/fd/2"}, {"ptmx", "pts/ptmx"},
};

static int touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* mknod is refused inside a user namespace; a bind of the host node is LXC's fallback. */
static int make_node(const char *dev, const char *name, unsigned maj, unsigned min, lx_error *err)
{
	char p[PATH_MAX], host[64];
	snprintf(p, sizeof p, "%s/%s", dev, name);
	if (mknod(p, S_IFCHR | 0666, makedev(maj, min)) == 0)
		return chmod(p, 0666) < 0 ? lx_fail_sys(err, "chmod", p) : 0;
	if (errno != EPERM)
		return lx_fail_sys(err, "mknod", p);
	snprintf(host, sizeof host, "/dev/%s", name);
	if (touch(p) < 0)
		return lx_fail_sys(err, "open", p);
	if (mount(host, p, NULL, MS_BIND, NULL) < 0)
		return lx_fail_sys(err, "mount", p);
	return 0;
}

static int mount_devpts(const char *dev, const lx_spec *spec, lx_error *err)
{
	char p[PATH_MAX], opts[128];
	int n;
	snprintf(p, sizeof p, "%s/pts", dev);
	if (mkdir(p, 0755) < 0 && errno != EEXIST)
		return lx_fail_sys(err, "mkdir", p);
	n = snprintf(opts, sizeof opts, "newinstance,ptmxmode=0666,mode=0620,gid=5");
	if (spec->pty_max > 0)
		snprintf(opts + n, sizeof opts - (size_t)n, ",max=%d", spec->pty_max + spec->tty_max);
	if (mount("devpts", p, "devpts", MS_NOSUID | MS_NOEXEC, opts) < 0)
		return lx_fail_sys(err, "mount", p);
	return 0;
}

int lx_autodev(const char *root, const lx_spec *spec, lx_error *err)
{
	char dev[PATH_MAX], p[PATH_MAX];
	snprintf(dev, sizeof dev, "%s/dev", root);
	if (mkdir(dev, 0755) < 0 && errno != EEXIST)
		return lx_fail_sys(err, "mkdir", dev);
	if (mount("none", dev, "tmpfs", MS_NOSUID | MS_NOEXEC, "size=500000,mode=755") < 0)
		return lx_fail_sys(err, "mount", dev);
	for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++)
		if (make_node(dev, nodes[i].name, nodes[i].maj, nodes[i].min, err) < 0)
			return -1;
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", dev, links[i].name);
		if (symlink(links[i].target, p) < 0)
			return lx_fail_sys(err, "symlink", p);
	}
	snprintf(p, sizeof p, "%s/shm", dev);
	if (mkdir(p, 01777) < 0 && errno != EEXIST)
		return lx_fail_sys(err, "mkdir", p);
	return mount_devpts(dev, spec, err);
}

static int bind_tty(const char *slave, const char *target, lx_error *err)
{
	struct stat st;
	if (lstat(target, &st) < 0 && touch(target) < 0)
		return lx_fail_sys(err, "open", target);
	if (mount(slave, target, NULL, MS_BIND, NULL) < 0)
		return lx_fail_sys(err, "mount", target);
	return 0;
}

int lx_bind_terminals(const char *root, const lx_dev_ctx *ctx, lx_error *err)
{
	char p[PATH_MAX];
	struct stat st;
	snprintf(p, sizeof p, "%s/dev", root);
	if (stat(p, &st) < 0 || !S_ISDIR(st.st_mode))
		return 0; /* no /dev in the rootfs and no autodev: nothing to bind onto */
	if (ctx->console_slave) {
		snprintf(p, sizeof p, "%s/dev/console", root);
		if (bind_tty(ctx->console_slave, p, err) < 0)
			return lx_wrap(err, "console");
	}
	for (int i = 0; i < ctx->ntty; i++) {
		snprintf(p, sizeof p, "%s/dev/tty%d", root, i + 1);
		if (bind_tty(ctx->tty_slaves[i], p, err) < 0)
			return lx_wrap(err, "tty%d", i + 1);
	}
	return 0;
}
