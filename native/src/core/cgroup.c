/* Container cgroup (see cgroup.h). */
#define _GNU_SOURCE
#include "cgroup.h"
#include "util.h"
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>

static int file_exists(const char *dir, const char *file)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/%s", dir, file);
	return access(p, F_OK) == 0;
}

static int read_small(const char *dir, const char *file, char *buf, size_t len)
{
	char p[PATH_MAX];
	cleanup_close int fd = -1;
	ssize_t n;
	snprintf(p, sizeof p, "%s/%s", dir, file);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || (n = read(fd, buf, len - 1)) < 0)
		return -1;
	buf[n] = 0;
	return (int)n;
}

/* A v1 cpuset child starts with empty cpus/mems and refuses tasks until they are copied down. */
static void cpuset_inherit(const char *parent, const char *child)
{
	static const char *const files[] = {"cpuset.cpus", "cpuset.mems"};
	char val[4096], cur[4096], p[PATH_MAX];
	for (int i = 0; i < 2; i++) {
		if (read_small(child, files[i], cur, sizeof cur) < 0 || (cur[0] && cur[0] != '\n'))
			continue;
		if (read_small(parent, files[i], val, sizeof val) <= 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", child, files[i]);
		lx_write_file(p, val, 0);
	}
}

/* Enables every controller the parent offers in its subtree_control (best effort). */
static void enable_controllers(const char *dir)
{
	char ctrls[1024], p[PATH_MAX], *save = NULL;
	if (read_small(dir, "cgroup.controllers", ctrls, sizeof ctrls) < 0)
		return;
	snprintf(p, sizeof p, "%s/cgroup.subtree_control", dir);
	for (char *c = strtok_r(ctrls, " \n", &save); c; c = strtok_r(NULL, " \n", &save)) {
		char req[64];
		snprintf(req, sizeof req, "+%s", c);
		lx_write_file(p, req, 0);
	}
}

/* <hier>/lxcbus/<name>, one directory per `/`-separated component of name. */
static int make_leaf(lx_cgroup *cg, const char *hier, const char *name, int v2, lx_error *err)
{
	char dir[PATH_MAX], parent[PATH_MAX], rel[PATH_MAX], *save = NULL;
	if (cg->n >= LX_CGROUP_MAX)
		return lx_fail(err, E2BIG, "mkdir", hier, "too many cgroup hierarchies");
	snprintf(parent, sizeof parent, "%s", hier);
	snprintf(rel, sizeof rel, "lxcbus/%s", name);
	for (char *c = strtok_r(rel, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		snprintf(dir, sizeof dir, "%s/%s", parent, c);
		if (v2)
			enable_controllers(parent);
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			return lx_fail_sys(err, "mkdir", dir);
		if (!v2)
			cpuset_inherit(parent, dir);
		snprintf(parent, sizeof parent, "%s", dir);
	}
	cg->paths[cg->n++] = strdup(dir);
	return 0;
}

/* One owner level at most (`alice/c1.ab12cd`): no empty component, no `.` or `..`. */
static int bad_name(const char *name)
{
	char copy[256];
	int n = 0;
	if (strlen(name) >= sizeof copy || !*name || name[0] == '/' || name[strlen(name) - 1] == '/' || strstr(name, "//"))
		return 1;
	snprintf(copy, sizeof copy, "%s", name);
	for (char *save = NULL, *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save), n++)
		if (strcmp(c, ".") == 0 || strcmp(c, "..") == 0)
			return 1;
	return n > 2;
}

static int seen_dev(dev_t *devs, int n, dev_t d)
{
	for (int i = 0; i < n; i++)
		if (devs[i] == d)
			return 1;
	return 0;
}

static int create_v1(lx_cgroup *cg, const char *root, const char *name, lx_error *err)
{
	DIR *d = opendir(root);
	struct dirent *de;
	dev_t devs[LX_CGROUP_MAX];
	int ndev = 0, rc = 0;
	if (!d)
		return lx_fail_sys(err, "opendir", root);
	while (rc == 0 && (de = readdir(d)) != NULL) {
		char hier[PATH_MAX];
		struct stat st;
		if (de->d_name[0] == '.')
			continue;
		snprintf(hier, sizeof hier, "%s/%s", root, de->d_name);
		if (stat(hier, &st) < 0 || !S_ISDIR(st.st_mode) || !file_exists(hier, "cgroup.procs"))
			continue;
		if (seen_dev(devs, ndev, st.st_dev) || ndev >= LX_CGROUP_MAX)
			continue;
		devs[ndev++] = st.st_dev;
		rc = make_leaf(cg, hier, name, file_exists(hier, "cgroup.controllers"), err);
	}
	closedir(d);
	if (rc == 0 && cg->n == 0)
		return lx_fail(err, ENOENT, "opendir", root, "no cgroup hierarchy under `%s`", root);
	return rc;
}

int lx_cgroup_create(lx_cgroup *cg, const char *root, const char *name, lx_error *err)
{
	memset(cg, 0, sizeof *cg);
	/* `cgroup.root none`: a rootless stack with no delegated cgroup; LXC then skips every
	 * hierarchy it cannot write and runs without one (docs/decisions/rootless.md). */
	if (strcmp(root, LX_CGROUP_NONE) == 0)
		return 0;
	if (bad_name(name))
		return lx_fail(err, EINVAL, "mkdir", name, "bad cgroup name `%s`", name);
	if (file_exists(root, "cgroup.controllers"))
		return make_leaf(cg, root, name, 1, err);
	return create_v1(cg, root, name, err);
}

int lx_cgroup_attach(const lx_cgroup *cg, pid_t pid, lx_error *err)
{
	char p[PATH_MAX], val[32];
	snprintf(val, sizeof val, "%d", pid);
	for (int i = 0; i < cg->n; i++) {
		snprintf(p, sizeof p, "%s/cgroup.procs", cg->paths[i]);
		if (lx_write_file(p, val, 0) < 0)
			return lx_fail_sys(err, "write", p);
	}
	return 0;
}

int lx_cgroup_chown(const lx_cgroup *cg, uid_t uid, gid_t gid, lx_error *err)
{
	static const char *const files[] = {"cgroup.procs", "cgroup.threads", "cgroup.subtree_control", "tasks"};
	char p[PATH_MAX];
	for (int i = 0; i < cg->n; i++) {
		if (chown(cg->paths[i], uid, gid) < 0)
			return lx_fail_sys(err, "chown", cg->paths[i]);
		for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
			snprintf(p, sizeof p, "%s/%s", cg->paths[i], files[f]);
			if (chown(p, uid, gid) < 0 && errno != ENOENT)
				return lx_fail_sys(err, "chown", p);
		}
	}
	return 0;
}

static int kill_procs(const char *dir)
{
	char buf[65536], *save = NULL;
	int n = 0;
	if (read_small(dir, "cgroup.procs", buf, sizeof buf) < 0)
		return 0;
	for (char *t = strtok_r(buf, "\n", &save); t; t = strtok_r(NULL, "\n", &save), n++)
		kill(atoi(t), SIGKILL);
	return n;
}

/* An owner's subtree (lxcbus/alice) goes with its last container; busy means another one lives. */
static void remove_owner_dir(const char *leaf)
{
	char parent[PATH_MAX], *slash;
	snprintf(parent, sizeof parent, "%s", leaf);
	slash = strrchr(parent, '/');
	if (!slash)
		return;
	*slash = 0;
	slash = strrchr(parent, '/');
	if (slash && strcmp(slash + 1, "lxcbus") != 0)
		rmdir(parent);
}

int lx_cgroup_destroy(lx_cgroup *cg, int timeout_ms, lx_error *err)
{
	int64_t deadline = lx_now_ms() + timeout_ms;
	int rc = 0;
	for (int i = 0; i < cg->n; i++) {
		if (!cg->paths[i])
			continue;
		for (;;) {
			kill_procs(cg->paths[i]);
			if (rmdir(cg->paths[i]) == 0 || errno == ENOENT) {
				remove_owner_dir(cg->paths[i]);
				break;
			}
			if (errno != EBUSY || lx_now_ms() > deadline) {
				rc = lx_fail_sys(err, "rmdir", cg->paths[i]);
				break;
			}
			nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
		}
		free(cg->paths[i]);
		cg->paths[i] = NULL;
	}
	return rc;
}
