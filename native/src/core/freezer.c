/*
 * The freezer, v1 (`freezer.state`: write FROZEN/THAWED, read FREEZING until done) or v2
 * (`cgroup.freeze` 1/0, `frozen 1` in cgroup.events once done). The shim never blocks on
 * it: the request is written here and server.c polls lx_freezer_reached with a deadline.
 */
#define _GNU_SOURCE
#include "cgroup-limits.h"
#include "util.h"
#include <stdio.h>

int lx_freezer_begin(const lx_cgroup *cg, int freeze, lx_error *err)
{
	char buf[64];
	if (lx_cgroup_get(cg, "freezer.state", buf, sizeof buf, err) == 0)
		return lx_cgroup_set(cg, "freezer.state", freeze ? "FROZEN" : "THAWED", err);
	if (lx_cgroup_get(cg, "cgroup.freeze", buf, sizeof buf, err) == 0)
		return lx_cgroup_set(cg, "cgroup.freeze", freeze ? "1" : "0", err);
	return lx_fail(err, ENOTSUP, "open", "freezer.state", "the container's cgroup has no freezer");
}

void lx_freezer_ensure_thawed(const lx_cgroup *cg)
{
	const char *st = lx_freezer_state(cg);
	lx_error ignored;
	if (st && strcmp(st, "THAWED") != 0)
		lx_freezer_begin(cg, 0, &ignored);
}

int lx_freezer_reached(const lx_cgroup *cg, int freeze)
{
	const char *st = lx_freezer_state(cg);
	return st && strcmp(st, freeze ? "FROZEN" : "THAWED") == 0;
}

const char *lx_freezer_state(const lx_cgroup *cg)
{
	char buf[512];
	lx_error ignored;
	if (lx_cgroup_get(cg, "freezer.state", buf, sizeof buf, &ignored) == 0)
		return strncmp(buf, "FROZEN", 6) == 0 ? "FROZEN" : strncmp(buf, "FREEZING", 8) == 0 ? "FREEZING" : "THAWED";
	if (lx_cgroup_get(cg, "cgroup.events", buf, sizeof buf, &ignored) < 0)
		return NULL;
	if (strstr(buf, "frozen 1"))
		return "FROZEN";
	if (lx_cgroup_get(cg, "cgroup.freeze", buf, sizeof buf, &ignored) == 0 && buf[0] == '1')
		return "FREEZING";
	return "THAWED";
}
