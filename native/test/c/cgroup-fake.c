/*
 * Drives cgroup.c, cgroup-limits.c and freezer.c against a fake cgroupfs tree (plain files
 * in a temp dir; no root needed). Used by native/test/cgroup-fake.spec.ts:
 *   cgroup-fake <root> <name> create                  creates the leaf, prints its paths
 *   cgroup-fake <root> <name> apply <v1|v2> KEY VAL   applies one limit
 *   cgroup-fake <root> <name> get KEY | set KEY VAL   lxc-cgroup
 *   cgroup-fake <root> <name> freeze|thaw|state|oom
 * Each prints `OK ...` or `ERR <ENAME> <message>`.
 */
#define _GNU_SOURCE
#include "cgroup-limits.h"
#include <stdio.h>
#include <string.h>

static int fail(const lx_error *e)
{
	char msg[1200];
	lx_error_format(e, msg, sizeof msg);
	printf("ERR %s %s\n", lx_errname(e->errnum), msg);
	return 1;
}

/* The fake tree already holds the leaf after `create`; reuse it without mkdir side effects. */
static int open_cg(lx_cgroup *cg, const char *root, const char *name, lx_error *err)
{
	return lx_cgroup_create(cg, root, name, err);
}

static int limit(lx_cgroup *cg, char **argv, lx_error *err)
{
	lx_kv kv = {.key = argv[1], .value = argv[2]};
	lx_confine c = {0};
	if (strcmp(argv[0], "v1") == 0)
		c.cg_v1 = &kv, c.ncg_v1 = 1;
	else
		c.cg_v2 = &kv, c.ncg_v2 = 1;
	return lx_cgroup_limits_apply(cg, &c, err);
}

int main(int argc, char **argv)
{
	lx_cgroup cg;
	lx_error err = {0};
	char buf[4096];
	const char *op = argc > 3 ? argv[3] : "";
	if (argc < 4 || open_cg(&cg, argv[1], argv[2], &err) < 0)
		return argc < 4 ? 2 : fail(&err);
	if (strcmp(op, "create") == 0) {
		printf("OK");
		for (int i = 0; i < cg.n; i++)
			printf(" %s", cg.paths[i]);
		printf("\n");
		return 0;
	}
	if (strcmp(op, "apply") == 0 && argc == 7)
		return limit(&cg, argv + 4, &err) < 0 ? fail(&err) : (printf("OK\n"), 0);
	if (strcmp(op, "get") == 0 && argc == 5)
		return lx_cgroup_get(&cg, argv[4], buf, sizeof buf, &err) < 0 ? fail(&err) : (printf("OK %s", buf), 0);
	if (strcmp(op, "set") == 0 && argc == 6)
		return lx_cgroup_set(&cg, argv[4], argv[5], &err) < 0 ? fail(&err) : (printf("OK\n"), 0);
	if (strcmp(op, "freeze") == 0 || strcmp(op, "thaw") == 0)
		return lx_freezer_begin(&cg, op[0] == 'f', &err) < 0 ? fail(&err) : (printf("OK\n"), 0);
	if (strcmp(op, "state") == 0)
		return printf("OK %s\n", lx_freezer_state(&cg) ?: "NONE"), 0;
	if (strcmp(op, "oom") == 0)
		return printf("OK %ld\n", lx_cgroup_oom_kills(&cg)), 0;
	return 2;
}
