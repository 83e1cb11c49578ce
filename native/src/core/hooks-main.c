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
#include "safe-open.h"
#include "shim.h"
#include <getopt.h>
#include <linux/openat2.h>
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

static int parse_id(const char *s, unsigned long *id, const char *opt, lx_error *err)
{
	char *end = NULL;
	errno = 0;
	*id = strtoul(s, &end, 10);
	if (!*s || *end || errno || *id > 0x7fffffffUL || *s == '-')
		return lx_fail(err, EINVAL, "hooks", NULL, "%s `%s`: not an id", opt, s);
	return 0;
}

static int parse(int argc, char **argv, struct hooks_req *r, lx_error *err)
{
	static const struct option opts[] = {
		{"type", 1, 0, 't'}, {"name", 1, 0, 'n'}, {"version", 1, 0, 'v'}, {"uid", 1, 0, 'u'}, {"gid", 1, 0, 'g'},
		{"env", 1, 0, 'e'},  {"arg", 1, 0, 'a'},  {"overlay", 1, 0, 'o'}, {0, 0, 0, 0},
	};
	int c, ids = 0;
	unsigned long id;
	r->type = -1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't': r->type = lx_hook_type_parse(optarg); break;
		case 'n': r->spec.name = optarg; break;
		case 'v': r->spec.hook_version = atoi(optarg) == 1; break;
		case 'u': if (parse_id(optarg, &id, "--uid", err) < 0) return -1; r->extra.uid = (uid_t)id, ids |= 1; break;
		case 'g': if (parse_id(optarg, &id, "--gid", err) < 0) return -1; r->extra.gid = (gid_t)id, ids |= 2; break;
		case 'e': if (r->nenv < MAX_ITEMS) r->env[r->nenv++] = optarg; break;
		case 'a': if (r->nargs < MAX_ITEMS) r->args[r->nargs++] = optarg; break;
		case 'o': r->overlay = optarg; break;
		default: return lx_fail(err, EINVAL, "hooks", NULL, "bad option");
		}
	}
	if ((r->type != LX_HOOK_CLONE && r->type != LX_HOOK_DESTROY) || !r->spec.name || optind >= argc)
		return lx_fail(err, EINVAL, "hooks", NULL, "usage: hooks --type clone|destroy --name NAME ... -- HOOK...");
	/* The ids are given only when the hooks are another owner's: they then never run as root. */
	if (ids && (ids != 3 || r->extra.uid == 0))
		return lx_fail(err, EINVAL, "hooks", NULL, "--uid and --gid go together, and --uid 0 is refused (omit both to run as the caller)");
	r->extra.drop = ids == 3;
	if (r->overlay && r->type != LX_HOOK_CLONE)
		return lx_fail(err, EINVAL, "hooks", NULL, "--overlay is for clone hooks only (they get a mount namespace of their own)");
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

/* A layer goes into overlayfs' option string: a ',' would add options of the caller's choosing,
 * a ':' another lower layer, and '\\' is the escape of both. */
static int check_layer(const char *layer, lx_error *err)
{
	if (!*layer || strpbrk(layer, ",:\\"))
		return lx_fail(err, EINVAL, "hooks", layer, "overlay layer `%s`: empty or contains ',', ':' or '\\'", layer);
	return 0;
}

/* A directory of the overlay, opened without following any symlink on its path. */
static int open_nofollow(const char *what, const char *path, lx_error *err)
{
	int fd = lx_openat2(AT_FDCWD, path, O_PATH | O_DIRECTORY | O_CLOEXEC, RESOLVE_NO_SYMLINKS);
	if (fd >= 0)
		return fd;
	if (errno == ENOSYS)
		return lx_fail(err, ENOSYS, "openat2", path, "overlay %s `%s`: the kernel has no openat2", what, path);
	if (errno == ELOOP)
		return lx_fail(err, ELOOP, "open", path, "overlay %s `%s`: refusing to follow a symlink", what, path);
	return lx_fail_sys(err, "open", path);
}

/*
 * An overlay clone's layers on TARGET, in that namespace. All four lie in directories the
 * container's owner may control, and the mount is root's: a symlinked TARGET (-> /etc) would cover
 * /etc for the hooks, a symlinked upper or work layer would have root's copy-ups write there. Each
 * is opened without following symlinks and the mount is given the open directories themselves.
 */
static int mount_overlay(const char *spec, lx_error *err)
{
	char copy[PATH_MAX * 4], data[256], fdpath[64];
	char *lower = copy, *upper, *work, *target;
	cleanup_close int lfd = -1, ufd = -1, wfd = -1, tfd = -1;
	if (snprintf(copy, sizeof copy, "%s", spec) >= (int)sizeof copy)
		return lx_fail(err, ENAMETOOLONG, "hooks", NULL, "overlay too long");
	/* Exactly four fields: a ':' in any path would shift the others. */
	if (!(upper = strchr(lower, ':')) || !(work = strchr(upper + 1, ':')) || !(target = strchr(work + 1, ':')) ||
	    strchr(target + 1, ':'))
		return lx_fail(err, EINVAL, "hooks", spec, "overlay `%s`: LOWER:UPPER:WORK:TARGET expected, no ':' in the paths", spec);
	*upper++ = 0, *work++ = 0, *target++ = 0;
	if (check_layer(lower, err) < 0 || check_layer(upper, err) < 0 || check_layer(work, err) < 0)
		return -1;
	if ((lfd = open_nofollow("lower layer", lower, err)) < 0 || (ufd = open_nofollow("upper layer", upper, err)) < 0 ||
	    (wfd = open_nofollow("work dir", work, err)) < 0 || (tfd = open_nofollow("target", target, err)) < 0)
		return -1;
	snprintf(data, sizeof data, "lowerdir=/proc/self/fd/%d,upperdir=/proc/self/fd/%d,workdir=/proc/self/fd/%d", lfd, ufd, wfd);
	snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", tfd);
	if (mount("overlay", fdpath, "overlay", MS_NOSUID | MS_NODEV, data) < 0)
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
