/* lxc.mount.auto cgroup:force (see cgroup-mount.h). */
#define _GNU_SOURCE
#include "cgroup-mount.h"
#include "shim.h"
#include "safe-open.h"
#include "util.h"
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define LX_CG_FLAGS (MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RELATIME)
#define LX_CG_MAX 32

typedef struct hierarchy {
	char base[NAME_MAX + 1]; /* the host mount point's last component: cpu, cpu,cpuacct, unified */
	char opts[256];		 /* the controllers (or name=...) for a v1 mount; empty for cgroup2 */
	int v2, at_root;	 /* at_root: mounted on /sys/fs/cgroup itself (a pure cgroup2 host) */
} hierarchy;

/* The v1 super options that name the hierarchy (controllers, name=); others are mount options.
 * -1 when they do not fit in `len`: a cut list would mount another hierarchy than the host's. */
static int v1_controllers(char *super, char *out, size_t len)
{
	static const char *const skip[] = {"rw", "ro", "xattr", "noprefix", "clone_children", "cpuset_v2_mode", NULL};
	char *save = NULL;
	size_t n = 0;
	out[0] = 0;
	for (char *t = strtok_r(super, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int i, w;
		for (i = 0; skip[i] && strcmp(t, skip[i]) != 0; i++)
			;
		if (skip[i] || strncmp(t, "release_agent=", 14) == 0)
			continue;
		w = snprintf(out + n, len - n, "%s%s", n ? "," : "", t);
		if (w < 0 || (size_t)w >= len - n)
			return out[0] = 0, -1;
		n += (size_t)w;
	}
	return 0;
}

/* One /proc/self/mountinfo line: a cgroup or cgroup2 mount under /sys/fs/cgroup, else 0. */
static int parse_line(char *line, hierarchy *h)
{
	char *f[10] = {0}, *save = NULL, *sep = strstr(line, " - ");
	int n = 0;
	if (!sep)
		return 0;
	*sep = 0;
	for (char *t = strtok_r(line, " ", &save); t && n < 5; t = strtok_r(NULL, " ", &save))
		f[n++] = t; /* id parent dev root mountpoint */
	save = NULL;
	char *type = strtok_r(sep + 3, " ", &save), *src = strtok_r(NULL, " ", &save), *super = strtok_r(NULL, " \n", &save);
	if (n < 5 || !type || !src || !super)
		return 0;
	if (strcmp(type, "cgroup") != 0 && strcmp(type, "cgroup2") != 0)
		return 0;
	memset(h, 0, sizeof *h);
	h->v2 = strcmp(type, "cgroup2") == 0;
	h->at_root = strcmp(f[4], "/sys/fs/cgroup") == 0;
	if (!h->at_root && strncmp(f[4], "/sys/fs/cgroup/", 15) != 0)
		return 0;
	snprintf(h->base, sizeof h->base, "%s", h->at_root ? "" : f[4] + 15);
	if (strchr(h->base, '/'))
		return 0; /* something mounted deeper inside a hierarchy */
	if (!h->v2 && v1_controllers(super, h->opts, sizeof h->opts) < 0) {
		lx_log("cgroup mount: %s: its controllers do not fit in the mount options, hierarchy skipped", f[4]);
		return 0;
	}
	return h->v2 || h->opts[0];
}

static int read_hierarchies(hierarchy *hs, lx_error *err)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *line = NULL;
	size_t cap = 0;
	int n = 0;
	if (!f)
		return lx_fail_sys(err, "open", "/proc/self/mountinfo");
	while (getline(&line, &cap, f) > 0 && n < LX_CG_MAX)
		if (parse_line(line, &hs[n]))
			n++;
	free(line);
	fclose(f);
	return n;
}

static int mount_at(int fd, const char *dir, const hierarchy *h, int mode, lx_error *err)
{
	unsigned long flags = LX_CG_FLAGS | (mode == LX_CGMNT_RO ? MS_RDONLY : 0);
	char p[64];
	snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
	if (mount("none", p, h->v2 ? "cgroup2" : "cgroup", flags, h->v2 ? NULL : h->opts) < 0)
		return lx_fail_sys(err, "mount", dir);
	return 0;
}

/* One hierarchy's directory in our fresh tmpfs (`topfd`): nobody else can have put a symlink there. */
static int mount_one(int topfd, const char *top, const hierarchy *h, int mode, lx_error *err)
{
	char dir[PATH_MAX];
	cleanup_close int fd = -1;
	snprintf(dir, sizeof dir, "%s/%s", top, h->base);
	if (mkdirat(topfd, h->base, 0755) < 0 && errno != EEXIST)
		return lx_fail_sys(err, "mkdir", dir);
	fd = openat(topfd, h->base, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return lx_fail_sys(err, "open", dir);
	return mount_at(fd, dir, h, mode, err);
}

/* Co-mounted controllers (cpu,cpuacct) are also reachable by each name, as on the host. */
static void link_comounted(int topfd, const char *top, const hierarchy *h)
{
	char names[NAME_MAX + 1], *save = NULL;
	if (h->v2 || !strchr(h->base, ','))
		return;
	snprintf(names, sizeof names, "%s", h->base);
	for (char *t = strtok_r(names, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (symlinkat(h->base, topfd, t) < 0 && errno != EEXIST)
			lx_log("cgroup mount: symlink %s/%s: %s", top, t, lx_errname(errno));
}

/*
 * <rootfs>/sys/fs/cgroup, created where missing and opened as the container will see it: a symlink
 * on the way (the rootfs is the container's: /sys -> /somewhere) resolves inside the rootfs, as
 * after pivot, never to the host's directories. -1 (error set) if it cannot be made there.
 */
static int open_top(int rootfd, const char *top, lx_error *err)
{
	static const char *const parts[] = {"sys", "sys/fs", "sys/fs/cgroup"};
	int fd = -1;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		const char *name = strrchr(parts[i], '/') ? strrchr(parts[i], '/') + 1 : parts[i];
		int parent = i ? fd : rootfd;
		/* mkdirat never follows a last-component symlink: an existing one is EEXIST, then resolved below. */
		if (mkdirat(parent, name, 0755) < 0 && errno != EEXIST)
			return lx_fail_sys(err, "mkdir", top);
		fd = lx_openat2(rootfd, parts[i], O_PATH | O_DIRECTORY | O_CLOEXEC, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
		if (i)
			close(parent);
		if (fd < 0)
			return lx_fail_sys(err, "open", top);
	}
	return fd;
}

static int mount_all(int rootfd, const char *top, const hierarchy *hs, int n, int mode, lx_error *err)
{
	cleanup_close int fd = open_top(rootfd, top, err);
	char p[64];
	if (fd < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (hs[i].at_root && hs[i].v2)
			return mount_at(fd, top, &hs[i], mode, err); /* a pure cgroup2 host */
	snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
	if (mount("none", p, "tmpfs", LX_CG_FLAGS, "size=10240k,mode=755") < 0)
		return lx_fail_sys(err, "mount", top);
	close(fd);
	/* The tmpfs now covers the directory `fd` was: the hierarchies go in the tmpfs. */
	fd = lx_openat2(rootfd, "sys/fs/cgroup", O_PATH | O_DIRECTORY | O_CLOEXEC, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
	if (fd < 0)
		return lx_fail_sys(err, "open", top);
	for (int pass = 0; pass < 2; pass++) /* v1 from the last one up, then cgroup2 */
		for (int i = pass ? 0 : n - 1; pass ? i < n : i >= 0; i += pass ? 1 : -1) {
			if (hs[i].v2 != pass || hs[i].at_root)
				continue;
			if (mount_one(fd, top, &hs[i], mode, err) < 0)
				return -1;
			link_comounted(fd, top, &hs[i]);
		}
	return 0;
}

int lx_cgroup_mount(const char *root, int mode, lx_error *err)
{
	hierarchy hs[LX_CG_MAX];
	char top[PATH_MAX];
	cleanup_close int rootfd = -1;
	int n;
	if (mode == LX_CGMNT_NONE)
		return 0;
	if ((n = read_hierarchies(hs, err)) < 0)
		return -1;
	snprintf(top, sizeof top, "%s/sys/fs/cgroup", root);
	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return lx_fail_sys(err, "open", root);
	return mount_all(rootfd, top, hs, n, mode, err);
}
