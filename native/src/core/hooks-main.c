/*
 * lxcbus-shim hooks --type clone|destroy --name NAME [--version 1] [--uid UID --gid GID]
 *                   [--env KEY=VALUE]... [--arg ARG]... [--overlay LOWER:UPPER:WORK:TARGET] -- HOOK...
 *
 * lxc-copy's clone hooks and lxc-destroy's destroy hooks, for runtime-executor, through the same
 * runner as a start's (hooks.c). As LXC's do_lxcapi_clone, clone hooks run in a mount namespace
 * of their own with the clone's rootfs mounted: an overlay clone's layers are mounted on TARGET there
 * (a dir clone's rootfs is already in place); destroy hooks in the host's, as LXC's. Exits 0, or 1
 * with the error on stderr.
 */
#define _GNU_SOURCE
#include "hooks.h"
#include "shim.h"
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <sys/mount.h>

#define MAX_ITEMS 256

struct hooks_req {
	lx_spec spec;
	int type;
	const char *env[MAX_ITEMS + 1], *args[MAX_ITEMS + 1], *overlay;
	size_t nenv, nargs;
	lx_hook_extra extra;
};

static int parse(int argc, char **argv, struct hooks_req *r, lx_error *err)
{
	static const struct option opts[] = {
		{"type", 1, 0, 't'}, {"name", 1, 0, 'n'}, {"version", 1, 0, 'v'}, {"uid", 1, 0, 'u'}, {"gid", 1, 0, 'g'},
		{"env", 1, 0, 'e'},  {"arg", 1, 0, 'a'},  {"overlay", 1, 0, 'o'}, {0, 0, 0, 0},
	};
	int c;
	r->type = -1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't': r->type = lx_hook_type_parse(optarg); break;
		case 'n': r->spec.name = optarg; break;
		case 'v': r->spec.hook_version = atoi(optarg) == 1; break;
		case 'u': r->extra.uid = (uid_t)strtoul(optarg, NULL, 10); break;
		case 'g': r->extra.gid = (gid_t)strtoul(optarg, NULL, 10); break;
		case 'e': if (r->nenv < MAX_ITEMS) r->env[r->nenv++] = optarg; break;
		case 'a': if (r->nargs < MAX_ITEMS) r->args[r->nargs++] = optarg; break;
		case 'o': r->overlay = optarg; break;
		default: return lx_fail(err, EINVAL, "hooks", NULL, "bad option");
		}
	}
	if ((r->type != LX_HOOK_CLONE && r->type != LX_HOOK_DESTROY) || !r->spec.name || optind >= argc)
		return lx_fail(err, EINVAL, "hooks", NULL, "usage: hooks --type clone|destroy --name NAME ... -- HOOK...");
	r->spec.hooks[r->type] = argv + optind;
	r->spec.nhooks[r->type] = (size_t)(argc - optind);
	r->extra.env = r->env;
	r->extra.args = r->args;
	r->extra.bare = 1;
	return 0;
}

/* As LXC's clone_update_rootfs: the clone hooks get a mount namespace of their own, so nothing
 * they (or we) mount reaches the host or outlives them. */
static int private_mounts(lx_error *err)
{
	if (unshare(CLONE_NEWNS) < 0)
		return lx_fail_sys(err, "unshare(CLONE_NEWNS)", NULL);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return lx_fail_sys(err, "mount", "/");
	return 0;
}

/* An overlay clone's layers on TARGET, in that namespace. */
static int mount_overlay(const char *spec, lx_error *err)
{
	char copy[PATH_MAX * 4], data[PATH_MAX * 4];
	char *lower = copy, *upper, *work, *target;
	if (snprintf(copy, sizeof copy, "%s", spec) >= (int)sizeof copy)
		return lx_fail(err, ENAMETOOLONG, "hooks", NULL, "overlay too long");
	if (!(upper = strchr(lower, ':')) || !(work = strchr(upper + 1, ':')) || !(target = strchr(work + 1, ':')))
		return lx_fail(err, EINVAL, "hooks", spec, "overlay: LOWER:UPPER:WORK:TARGET expected");
	*upper++ = 0, *work++ = 0, *target++ = 0;
	snprintf(data, sizeof data, "lowerdir=%s,upperdir=%s,workdir=%s", lower, upper, work);
	if (mount("overlay", target, "overlay", 0, data) < 0)
		return lx_fail_sys(err, "mount", target);
	return 0;
}

int lx_hooks_main(int argc, char **argv)
{
	static struct hooks_req r;
	lx_error err = {0};
	char msg[1200];
	/* As LXC's run_buffer, the hook's output goes to the log only: lxc-copy and lxc-destroy print none of it. */
	lx_hooks_set_log(open("/dev/null", O_WRONLY | O_CLOEXEC));
	if (parse(argc, argv, &r, &err) == 0 && (r.type != LX_HOOK_CLONE || private_mounts(&err) == 0) &&
	    (!r.overlay || mount_overlay(r.overlay, &err) == 0) &&
	    lx_hooks_run(&r.spec, r.type, &r.extra, &err) == 0)
		return 0;
	lx_error_format(&err, msg, sizeof msg);
	fprintf(stderr, "%s\n", msg);
	return 1;
}
