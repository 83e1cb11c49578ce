/*
 * Cgroup files of a running container: limits from lxc.cgroup.* / lxc.cgroup2.* written
 * before init joins, lxc-cgroup reads and writes, the OOM-kill count, and the freezer.
 *
 * A key is a cgroup file name (`memory.limit_in_bytes`, `pids.max`). v1 keys go to the v1
 * hierarchy that has the file; v2 keys to the cgroup2 leaf. As LXC 5.0 does, v1 keys are
 * ignored on a pure v2 host and v2 keys on a legacy (v1 or hybrid) layout ("Ignoring cgroup2
 * limits on legacy cgroup system", measured: lxc.cgroup2.memory.max and devices rules have no
 * effect on this hybrid host under real LXC).
 * Devices: v1 devices.allow/deny are written to the devices controller; on a pure v2 host
 * the lxc.cgroup2.devices rules become one BPF_CGROUP_DEVICE program (bpf-devices.c).
 */
#ifndef LXCBUS_CGROUP_LIMITS_H
#define LXCBUS_CGROUP_LIMITS_H
#include "cgroup.h"
#include "confine.h"
#include <stddef.h>

int lx_cgroup_limits_apply(const lx_cgroup *cg, const lx_confine *c, lx_error *err);
/* A v1 or hybrid layout: lxc.cgroup2.* keys are ignored there. */
int lx_cgroup_legacy(const lx_cgroup *cg);
/* lxc-cgroup: `key` must name a file of the container's cgroup (no '/'). */
int lx_cgroup_get(const lx_cgroup *cg, const char *key, char *buf, size_t len, lx_error *err);
int lx_cgroup_set(const lx_cgroup *cg, const char *key, const char *value, lx_error *err);
/* Kills by the OOM killer inside the container's memory cgroup so far (0 if unknown). */
long lx_cgroup_oom_kills(const lx_cgroup *cg);

/* freezer.c. begin writes the request; state says whether it is reached (1), not yet (0). */
int lx_freezer_begin(const lx_cgroup *cg, int freeze, lx_error *err);
int lx_freezer_reached(const lx_cgroup *cg, int freeze);
/* Frozen tasks do not die: stop and kill thaw first, as lxc-stop does. */
void lx_freezer_ensure_thawed(const lx_cgroup *cg);
/* "FROZEN", "FREEZING" or "THAWED" (or NULL when there is no freezer). */
const char *lx_freezer_state(const lx_cgroup *cg);

#endif
