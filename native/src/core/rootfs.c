/* Mount tree and pivot_root (see rootfs.h). */
#define _GNU_SOURCE
#include "rootfs.h"
#include "hooks.h"
#include "cgroup-mount.h"
#include "idmapped.h"
#include "util.h"
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>

#define LX_MNT_SAFE (MS_NOSUID | MS_NODEV | MS_NOEXEC)

static int do_mount(const char *src, const char *target, const char *type, unsigned long flags, const char *data,
		    lx_error *err)
{
	if (mount(src, target, type, flags, data) < 0)
		return lx_fail_sys(err, "mount", target);
	return 0;
}

static int bind_ro(const char *path, unsigned long extra, lx_error *err)
{
	if (do_mount(path, path, NULL, MS_BIND | MS_REC, NULL, err) < 0)
		return -1;
	return do_mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | extra, NULL, err);
}

static int mount_proc(const char *root, int mode, lx_error *err)
{
	char p[PATH_MAX];
	if (mode == LX_PROC_NONE)
		return 0;
	snprintf(p, sizeof p, "%s/proc", root);
	mkdir(p, 0555);
	if (do_mount("proc", p, "proc", LX_MNT_SAFE, NULL, err) < 0)
		return -1;
	if (mode != LX_PROC_MIXED)
		return 0;
	/* /proc/sys/net stays writable: bound first, it survives as a child of the ro /proc/sys bind. */
	snprintf(p, sizeof p, "%s/proc/sys/net", root);
	if (access(p, F_OK) == 0 && do_mount(p, p, NULL, MS_BIND, NULL, err) < 0)
		return -1;
	snprintf(p, sizeof p, "%s/proc/sys", root);
	if (bind_ro(p, LX_MNT_SAFE, err) < 0)
		return -1;
	snprintf(p, sizeof p, "%s/proc/sysrq-trigger", root);
	return access(p, F_OK) == 0 ? bind_ro(p, LX_MNT_SAFE, err) : 0;
}

static int mount_sys(const char *root, int mode, lx_error *err)
{
	char p[PATH_MAX], net[PATH_MAX];
	if (mode == LX_SYS_NONE)
		return 0;
	snprintf(p, sizeof p, "%s/sys", root);
	mkdir(p, 0555);
	if (do_mount("sysfs", p, "sysfs", LX_MNT_SAFE | (mode == LX_SYS_RO ? MS_RDONLY : 0), NULL, err) < 0)
		return -1;
	if (mode != LX_SYS_MIXED)
		return 0;
	snprintf(net, sizeof net, "%s/sys/devices/virtual/net", root);
	if (access(net, F_OK) == 0 && do_mount(net, net, NULL, MS_BIND, NULL, err) < 0)
		return -1;
	return do_mount(NULL, p, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | LX_MNT_SAFE, NULL, err);
}

typedef struct mount_opts {
	unsigned long flags;
	int optional, create_dir, create_file, relative;
	char data[512];
} mount_opts;

static void parse_opts(const char *options, mount_opts *o)
{
	static const struct {
		const char *name;
		unsigned long set, clear;
	} table[] = {
		{"defaults", 0, 0},	       {"ro", MS_RDONLY, 0},	       {"rw", 0, MS_RDONLY},
		{"nosuid", MS_NOSUID, 0},      {"nodev", MS_NODEV, 0},	       {"noexec", MS_NOEXEC, 0},
		{"bind", MS_BIND, 0},	       {"rbind", MS_BIND | MS_REC, 0}, {"relatime", MS_RELATIME, 0},
		{"noatime", MS_NOATIME, 0},    {"nodiratime", MS_NODIRATIME, 0}, {"sync", MS_SYNCHRONOUS, 0},
		{"strictatime", MS_STRICTATIME, 0},
	};
	char copy[1024], *save = NULL;
	size_t dl = 0;
	memset(o, 0, sizeof *o);
	snprintf(copy, sizeof copy, "%s", options);
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		size_t i, n = sizeof table / sizeof table[0];
		for (i = 0; i < n && strcmp(t, table[i].name) != 0; i++)
			;
		if (i < n) {
			o->flags = (o->flags | table[i].set) & ~table[i].clear;
		} else if (strcmp(t, "optional") == 0) {
			o->optional = 1;
		} else if (strcmp(t, "create=dir") == 0) {
			o->create_dir = 1;
		} else if (strcmp(t, "create=file") == 0) {
			o->create_file = 1;
		} else if (strcmp(t, "relative") == 0) {
			o->relative = 1; /* the source is a path inside the rootfs */
		} else if (dl + strlen(t) + 2 < sizeof o->data) {
			dl += (size_t)snprintf(o->data + dl, sizeof o->data - dl, "%s%s", dl ? "," : "", t);
		}
	}
}

static int create_target(const char *target, const mount_opts *o, lx_error *err)
{
	char parent[PATH_MAX], *slash;
	if (!o->create_dir && !o->create_file)
		return 0;
	snprintf(parent, sizeof parent, "%s", target);
	slash = strrchr(parent, '/');
	if (slash)
		*slash = 0;
	if (lx_mkdir_p(o->create_dir ? target : parent, 0755) < 0)
		return lx_fail_sys(err, "mkdir", target);
	if (o->create_file) {
		int fd = open(target, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		if (fd < 0)
			return lx_fail_sys(err, "open", target);
		close(fd);
	}
	return 0;
}

/* A target reached through a symlink must still land inside the rootfs. */
static int check_inside(const char *root_real, const char *target, lx_error *err)
{
	char real[PATH_MAX];
	size_t n = strlen(root_real);
	if (!realpath(target, real))
		return lx_fail_sys(err, "realpath", target);
	if (strncmp(real, root_real, n) != 0 || (real[n] != 0 && real[n] != '/'))
		return lx_fail(err, EXDEV, "mount", target, "mount target `%s` escapes the rootfs", target);
	return 0;
}

/* In a user namespace the flags of a mount copied from the host are locked: a remount must repeat them. */
static unsigned long locked_flags(const char *target)
{
	static const struct {
		unsigned long st, ms;
	} map[] = {{ST_NOSUID, MS_NOSUID}, {ST_NODEV, MS_NODEV}, {ST_NOEXEC, MS_NOEXEC}, {ST_NOATIME, MS_NOATIME},
		   {ST_NODIRATIME, MS_NODIRATIME}, {ST_RELATIME, MS_RELATIME}};
	struct statvfs sv;
	unsigned long flags = 0;
	if (statvfs(target, &sv) < 0)
		return 0;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (sv.f_flag & map[i].st)
			flags |= map[i].ms;
	return flags;
}

static int mount_entry(const char *root_real, const lx_mount_entry *m, lx_error *err)
{
	char target[PATH_MAX], source[PATH_MAX];
	mount_opts o;
	const char *rel = m->target;
	while (*rel == '/')
		rel++;
	snprintf(target, sizeof target, "%s/%s", root_real, rel);
	parse_opts(m->options, &o);
	snprintf(source, sizeof source, "%s", m->source);
	if (o.relative)
		snprintf(source, sizeof source, "%s/%s", root_real, m->source + strspn(m->source, "/"));
	if (create_target(target, &o, err) < 0 || check_inside(root_real, target, err) < 0 ||
	    (o.relative && check_inside(root_real, source, err) < 0))
		return o.optional ? 0 : -1;
	if (mount(source, target, m->fstype, o.flags, o.data[0] ? o.data : NULL) < 0) {
		if (o.optional)
			return 0;
		return lx_fail_sys(err, "mount", target);
	}
	if ((o.flags & MS_BIND) && (o.flags & MS_RDONLY))
		return do_mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | (o.flags & ~MS_REC) | locked_flags(target), NULL, err);
	return 0;
}

static int pivot(const char *root, lx_error *err)
{
	if (chdir(root) < 0)
		return lx_fail_sys(err, "chdir", root);
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return lx_fail_sys(err, "pivot_root", root);
	/* The old root is now stacked on "."; detaching it leaves only the rootfs. */
	if (umount2(".", MNT_DETACH) < 0)
		return lx_fail_sys(err, "umount2", "/");
	if (chdir("/") < 0)
		return lx_fail_sys(err, "chdir", "/");
	return 0;
}

/* Flags of lxc.rootfs.options that a bind mount only takes on a remount. */
#define LX_ROOT_REMOUNT (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | MS_STRICTATIME | MS_RELATIME)

/* lxc.rootfs.path = overlay:<lower>:<upper>: an overlayfs on the rootfs mountpoint instead of the bind. */
static int mount_overlay(const char *root, const lx_spec *spec, const mount_opts *o, lx_error *err)
{
	char data[3 * PATH_MAX + 640];
	if (!spec->rootfs_upper || !spec->rootfs_work)
		return lx_fail(err, EINVAL, "mount", root, "overlay rootfs needs rootfs.upper and rootfs.work");
	if (lx_mkdir_p(spec->rootfs_upper, 0755) < 0 || lx_mkdir_p(spec->rootfs_work, 0755) < 0)
		return lx_fail_sys(err, "mkdir", spec->rootfs_work);
	/* As LXC's ovl_mount: the options' flags go to the mount, their data after the layers. */
	if ((size_t)snprintf(data, sizeof data, "lowerdir=%s,upperdir=%s,workdir=%s%s%s", spec->rootfs_lower,
			     spec->rootfs_upper, spec->rootfs_work, o->data[0] ? "," : "", o->data) >= sizeof data)
		return lx_fail(err, ENAMETOOLONG, "mount", root, "overlay options too long");
	return do_mount("overlay", root, "overlay", o->flags & LX_ROOT_REMOUNT, data, err);
}

unsigned long lx_rootfs_flags(const lx_spec *spec)
{
	mount_opts o;
	parse_opts(spec->rootfs_options ? spec->rootfs_options : "", &o);
	return o.flags & LX_ROOT_REMOUNT;
}

/*
 * The rootfs on its mountpoint: the idmapped tree the shim sent, an overlayfs, or the directory
 * bound onto itself, remounted with lxc.rootfs.options' flags (ro, nosuid, ...) as LXC's dir_mount.
 */
static int mount_root(const char *root, const lx_spec *spec, int idmapped_fd, lx_error *err)
{
	mount_opts o;
	parse_opts(spec->rootfs_options ? spec->rootfs_options : "", &o);
	if (idmapped_fd >= 0)
		return lx_idmapped_attach(idmapped_fd, root, err);
	if (spec->rootfs_lower)
		return mount_overlay(root, spec, &o, err);
	if (do_mount(root, root, NULL, MS_BIND | MS_REC, NULL, err) < 0)
		return -1;
	if (!(o.flags & LX_ROOT_REMOUNT))
		return 0;
	return do_mount(NULL, root, NULL, MS_BIND | MS_REMOUNT | (o.flags & LX_ROOT_REMOUNT) | locked_flags(root), NULL, err);
}

int lx_rootfs_setup(const lx_spec *spec, const lx_dev_ctx *dev, int idmapped_fd, lx_error *err)
{
	char root[PATH_MAX];
	if (do_mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL, err) < 0)
		return lx_wrap(err, "make mounts private");
	if (!realpath(spec->rootfs, root))
		return lx_fail_sys(err, "realpath", spec->rootfs), lx_wrap(err, "setup rootfs");
	if (mount_root(root, spec, idmapped_fd, err) < 0)
		return lx_wrap(err, "setup rootfs");
	if (mount_proc(root, spec->proc_mode, err) < 0)
		return lx_wrap(err, "mount.auto proc");
	if (mount_sys(root, spec->sys_mode, err) < 0)
		return lx_wrap(err, "mount.auto sys");
	if (lx_cgroup_mount(root, spec->cgroup_mode, err) < 0)
		return lx_wrap(err, "mount.auto cgroup");
	if (spec->autodev && lx_autodev(root, spec, err) < 0)
		return lx_wrap(err, "autodev");
	for (size_t i = 0; i < spec->nmounts; i++)
		if (mount_entry(root, &spec->mounts[i], err) < 0)
			return lx_wrap(err, "mount entry `%s`", spec->mounts[i].target);
	/* LXC's lxc_setup order: mount entries, mount hooks, autodev hooks (only with autodev), console. */
	if (lx_hooks_run(spec, LX_HOOK_MOUNT, NULL, err) < 0)
		return lx_wrap(err, "run mount hooks");
	if (spec->autodev && lx_hooks_run(spec, LX_HOOK_AUTODEV, NULL, err) < 0)
		return lx_wrap(err, "run autodev hooks");
	if (lx_bind_terminals(root, dev, err) < 0)
		return lx_wrap(err, "setup terminals");
	if (pivot(root, err) < 0)
		return lx_wrap(err, "setup rootfs");
	return 0;
}
