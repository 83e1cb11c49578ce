/*
 * The container cgroup. Under a cgroup2-only root (`<root>/cgroup.controllers` exists) it is
 * `<root>/lxcbus/<name>` with the root's controllers enabled on the way down. `name` may hold
 * one owner level (`alice/c1.ab12cd`: the per-user subtree of ordinary users' containers). Otherwise every
 * hierarchy mounted under the root (v1 controllers, name=systemd, the hybrid `unified`) gets
 * `<root>/<hierarchy>/lxcbus/<name>`; co-mounted hierarchies are visited once.
 */
#ifndef LXCBUS_CGROUP_H
#define LXCBUS_CGROUP_H
#include "error.h"
#include <sys/types.h>

#define LX_CGROUP_MAX 16

typedef struct lx_cgroup {
	char *paths[LX_CGROUP_MAX];
	int n;
} lx_cgroup;

/* cgroup.root value for "no cgroup at all": n stays 0, so attach, chown and destroy do nothing. */
#define LX_CGROUP_NONE "none"

int lx_cgroup_create(lx_cgroup *cg, const char *root, const char *name, lx_error *err);
/* Writes `pid` (0 = the caller) into cgroup.procs of every hierarchy. */
int lx_cgroup_attach(const lx_cgroup *cg, pid_t pid, lx_error *err);
/*
 * Hands the leaf to a container's mapped root, as LXC does for unprivileged containers: the
 * directory and the files through which it manages its own subtree (cgroup.procs,
 * cgroup.threads, cgroup.subtree_control; v1 `tasks`). Limits set by the host stay root's.
 */
int lx_cgroup_chown(const lx_cgroup *cg, uid_t uid, gid_t gid, lx_error *err);
/* SIGKILLs whatever is left and removes the directories; waits up to `timeout_ms` for them to empty. */
int lx_cgroup_destroy(lx_cgroup *cg, int timeout_ms, lx_error *err);

#endif
