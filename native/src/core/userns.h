/*
 * User namespaces: the container's lxc.idmap entries, written into /proc/<init>/{uid,gid}_map
 * by the shim, and the child's switch to the namespace's root once they are written.
 *
 * Who writes a map follows LXC (lxc_map_ids): when the map includes our own host id (root
 * mapped into the container) we write the file ourselves; otherwise through newuidmap and
 * newgidmap when they are installed setuid (shadow's `uidmap`), so even root's maps must be
 * delegated by /etc/subuid and /etc/subgid; without them, root writes the file directly.
 * `idmap.writer direct` skips the helpers: the executor uses it when it acts for another
 * owner, whose ranges the id-mapper has already checked against that owner's delegation.
 */
#ifndef LXCBUS_USERNS_H
#define LXCBUS_USERNS_H
#include "error.h"
#include <sys/types.h>

#define LX_IDMAP_MAX 340 /* extents the kernel accepts per map */

typedef struct lx_idmap {
	char kind; /* 'u' or 'g' */
	unsigned long nsid, hostid, range;
} lx_idmap;

typedef struct lx_userns {
	lx_idmap maps[LX_IDMAP_MAX];
	int n;
	int direct; /* idmap.writer direct */
} lx_userns;

/* `idmap` (value `u 0 100000 65536`) and `idmap.writer` (`auto`|`direct`). 1 = taken, 0 = not ours. */
int lx_userns_key(lx_userns *u, const char *key, const char *value, lx_error *err);
static inline int lx_userns_enabled(const lx_userns *u)
{
	return u->n > 0;
}
/* The host id that container id `nsid` of `kind` maps to, or -1 when it is unmapped. */
long lx_userns_host_id(const lx_userns *u, char kind, unsigned long nsid);
/* Parent, after clone and before the child goes on: both maps of `pid`. */
int lx_userns_write_maps(const lx_userns *u, pid_t pid, lx_error *err);
/* Child, once its maps are written: become uid/gid 0 of the namespace, keeping its capabilities. */
int lx_userns_become_root(const lx_userns *u, lx_error *err);
/* Host-side objects the container's root must own (ptys, cgroup files): chown to its mapped root. */
int lx_userns_chown(const lx_userns *u, const char *path, lx_error *err);

#endif
