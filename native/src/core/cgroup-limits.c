/* Cgroup limits, live reads and writes, OOM count (see cgroup-limits.h). */
#define _GNU_SOURCE
#include "bpf-devices.h"
#include "cgroup-limits.h"
#include "util.h"
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>

enum { ANY_PREFER_V1, V1_ONLY, V2_ONLY };

static int has_file(const char *dir, const char *file)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/%s", dir, file);
	return access(p, F_OK) == 0;
}

static int is_v2(const char *dir)
{
	return has_file(dir, "cgroup.controllers");
}

static int pure_v2(const lx_cgroup *cg)
{
	return cg->n == 1 && is_v2(cg->paths[0]);
}

/* The directory holding `key`, or NULL. */
static const char *find_dir(const lx_cgroup *cg, const char *key, int which)
{
	const char *v2 = NULL;
	for (int i = 0; i < cg->n; i++) {
		if (!cg->paths[i] || !has_file(cg->paths[i], key))
			continue;
		if (!is_v2(cg->paths[i]) && which != V2_ONLY)
			return cg->paths[i];
		if (is_v2(cg->paths[i]) && !v2)
			v2 = cg->paths[i];
	}
	return which == V1_ONLY ? NULL : v2;
}

static int valid_key(const char *key)
{
	return key[0] && key[0] != '.' && !strchr(key, '/') && strchr(key, '.') && strlen(key) < 128;
}

static int write_key(const char *dir, const char *key, const char *value, lx_error *err)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/%s", dir, key);
	/* O_TRUNC is a no-op on cgroupfs; it keeps fake trees (plain files) exact. */
	if (lx_write_file(p, value, O_TRUNC) < 0)
		return lx_fail_sys(err, "write", p);
	return 0;
}

static int apply_v1(const lx_cgroup *cg, const lx_kv *kv, lx_error *err)
{
	const char *dir;
	if (pure_v2(cg))
		return 0; /* LXC ignores lxc.cgroup.* where there is no v1 hierarchy */
	dir = valid_key(kv->key) ? find_dir(cg, kv->key, V1_ONLY) : NULL;
	if (!dir)
		return lx_fail(err, ENOENT, "open", kv->key, "no v1 cgroup controller has `%s`", kv->key);
	return write_key(dir, kv->key, kv->value, err);
}

int lx_cgroup_legacy(const lx_cgroup *cg)
{
	return !pure_v2(cg);
}

static int apply_v2(const lx_cgroup *cg, const lx_kv *kv, lx_error *err)
{
	const char *dir;
	if (strncmp(kv->key, "devices.", 8) == 0)
		return 0; /* all of them at once, as one BPF program (below) */
	dir = valid_key(kv->key) ? find_dir(cg, kv->key, V2_ONLY) : NULL;
	if (!dir)
		return lx_fail(err, ENOENT, "open", kv->key, "the cgroup2 leaf has no `%s` (controller not enabled?)",
			       kv->key);
	return write_key(dir, kv->key, kv->value, err);
}

int lx_cgroup_limits_apply(const lx_cgroup *cg, const lx_confine *c, lx_error *err)
{
	if (cg->n == 0) {
		/* No cgroup (rootless, nothing delegated): a limit cannot hold, so the start fails as LXC's. */
		if (c->ncg_v1 + c->ncg_v2 > 0)
			return lx_fail(err, EPERM, "mkdir", NULL,
				       "lxc.cgroup limits need a cgroup, and none is delegated to this user");
		return 0;
	}
	for (size_t i = 0; i < c->ncg_v1; i++)
		if (apply_v1(cg, &c->cg_v1[i], err) < 0)
			return lx_wrap(err, "lxc.cgroup.%s = %s", c->cg_v1[i].key, c->cg_v1[i].value);
	if (lx_cgroup_legacy(cg))
		return 0;
	for (size_t i = 0; i < c->ncg_v2; i++)
		if (apply_v2(cg, &c->cg_v2[i], err) < 0)
			return lx_wrap(err, "lxc.cgroup2.%s = %s", c->cg_v2[i].key, c->cg_v2[i].value);
	if (lx_bpf_devices_attach(cg->paths[0], c->cg_v2, c->ncg_v2, err) < 0)
		return lx_wrap(err, "lxc.cgroup2.devices");
	return 0;
}

int lx_cgroup_get(const lx_cgroup *cg, const char *key, char *buf, size_t len, lx_error *err)
{
	const char *dir = valid_key(key) ? find_dir(cg, key, ANY_PREFER_V1) : NULL;
	char p[PATH_MAX];
	cleanup_close int fd = -1;
	ssize_t n;
	if (!dir)
		return lx_fail(err, ENOENT, "open", key, "no cgroup file `%s`", key);
	snprintf(p, sizeof p, "%s/%s", dir, key);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || (n = read(fd, buf, len - 1)) < 0)
		return lx_fail_sys(err, "read", p);
	buf[n] = 0;
	return 0;
}

int lx_cgroup_set(const lx_cgroup *cg, const char *key, const char *value, lx_error *err)
{
	const char *dir = valid_key(key) ? find_dir(cg, key, ANY_PREFER_V1) : NULL;
	if (!dir)
		return lx_fail(err, ENOENT, "open", key, "no cgroup file `%s`", key);
	return write_key(dir, key, value, err);
}

static long field(const char *text, const char *name)
{
	size_t n = strlen(name);
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (strncmp(l, name, n) == 0 && l[n] == ' ')
			return atol(l + n + 1);
	return 0;
}

long lx_cgroup_oom_kills(const lx_cgroup *cg)
{
	char buf[4096];
	lx_error ignored;
	if (lx_cgroup_get(cg, "memory.oom_control", buf, sizeof buf, &ignored) == 0)
		return field(buf, "oom_kill");
	if (lx_cgroup_get(cg, "memory.events", buf, sizeof buf, &ignored) == 0)
		return field(buf, "oom_kill");
	return 0;
}
