/* lxc.mount.auto cgroup:force (see cgroup-mount.h). */
#define _GNU_SOURCE
#include "cgroup-mount.h"
#include "shim.h"
#include "util.h"
#include <limits.h>
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

/* The v1 super options that name the hierarchy (controllers, name=); others are mount options. */
static void v1_controllers(char *super, char *out, size_t len)
{
	static const char *const skip[] = {"rw", "ro", "xattr", "noprefix", "clone_children", "cpuset_v2_mode", NULL};
	char *save = NULL;
	size_t n = 0;
	out[0] = 0;
	for (char *t = strtok_r(super, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int i;
		for (i = 0; skip[i] && strcmp(t, skip[i]) != 0; i++)
			;
		if (skip[i] || strncmp(t, "release_agent=", 14) == 0)
			continue;
		n += (size_t)snprintf(out + n, n < len ? len - n : 0, "%s%s", n ? "," : "", t);
	}
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
	if (!h->v2)
		v1_controllers(super, h->opts, sizeof h->opts);
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

static int mount_one(const char *dir, const hierarchy *h, int mode, lx_error *err)
{
	unsigned long flags = LX_CG_FLAGS | (mode == LX_CGMNT_RO ? MS_RDONLY : 0);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return lx_fail_sys(err, "mkdir", dir);
	if (mount("none", dir, h->v2 ? "cgroup2" : "cgroup", flags, h->v2 ? NULL : h->opts) < 0)
		return lx_fail_sys(err, "mount", dir);
	return 0;
}

/* Co-mounted controllers (cpu,cpuacct) are also reachable by each name, as on the host. */
static void link_comounted(const char *top, const hierarchy *h)
{
	char names[NAME_MAX + 1], link[PATH_MAX], *save = NULL;
	if (h->v2 || !strchr(h->base, ','))
		return;
	snprintf(names, sizeof names, "%s", h->base);
	for (char *t = strtok_r(names, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		snprintf(link, sizeof link, "%s/%s", top, t);
		if (symlink(h->base, link) < 0 && errno != EEXIST)
			lx_log("cgroup mount: symlink %s: %s", link, lx_errname(errno));
	}
}

int lx_cgroup_mount(const char *root, int mode, lx_error *err)
{
	hierarchy hs[LX_CG_MAX];
	char top[PATH_MAX], dir[PATH_MAX];
	int n;
	if (mode == LX_CGMNT_NONE)
		return 0;
	if ((n = read_hierarchies(hs, err)) < 0)
		return -1;
	snprintf(top, sizeof top, "%s/sys/fs/cgroup", root);
	if (lx_mkdir_p(top, 0755) < 0)
		return lx_fail_sys(err, "mkdir", top);
	for (int i = 0; i < n; i++)
		if (hs[i].at_root && hs[i].v2)
			return mount_one(top, &hs[i], mode, err); /* a pure cgroup2 host */
	if (mount("none", top, "tmpfs", LX_CG_FLAGS, "size=10240k,mode=755") < 0)
		return lx_fail_sys(err, "mount", top);
	for (int pass = 0; pass < 2; pass++) /* v1 from the last one up, then cgroup2 */
		for (int i = pass ? 0 : n - 1; pass ? i < n : i >= 0; i += pass ? 1 : -1) {
			if (hs[i].v2 != pass || hs[i].at_root)
				continue;
			snprintf(dir, sizeof dir, "%s/%s", top, hs[i].base);
			if (mount_one(dir, &hs[i], mode, err) < 0)
				return -1;
			link_comounted(top, &hs[i]);
		}
	return 0;
}
