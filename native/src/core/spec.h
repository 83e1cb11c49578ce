/*
 * The resolved container spec, read from a line file written by native/lib/spec-file.ts.
 *
 * Format (version 1): one `key<TAB>value` per line, UTF-8, no comments. In values, `\\`, `\t`
 * and `\n` escape a backslash, a tab and a newline. Repeatable keys keep their order:
 * `init` (argv, one element per line), `env` (NAME=value), `mount.entry` (an fstab line:
 * `source target fstype options`, spaces inside a field written as \040).
 * The first line must be `version<TAB>1`; unknown keys are an error.
 */
#ifndef LXCBUS_SPEC_H
#define LXCBUS_SPEC_H
#include "error.h"
#include "net.h"
#include "confine.h"
#include "userns.h"
#include <sys/types.h>

/* The hooks lxcbus runs (hooks.c); clone and destroy are run by `lxcbus-shim hooks` (hooks-main.c), not by a start. */
enum lx_hook_type {
	LX_HOOK_PRE_START,
	LX_HOOK_PRE_MOUNT,
	LX_HOOK_MOUNT,
	LX_HOOK_AUTODEV,
	LX_HOOK_START,
	LX_HOOK_START_HOST,
	LX_HOOK_STOP,
	LX_HOOK_POST_STOP,
	LX_HOOK_CLONE,
	LX_HOOK_DESTROY,
	LX_HOOK_NTYPES
};

enum lx_proc_mode { LX_PROC_NONE, LX_PROC_RW, LX_PROC_MIXED };
enum lx_sys_mode { LX_SYS_NONE, LX_SYS_RO, LX_SYS_RW, LX_SYS_MIXED };

typedef struct lx_mount_entry {
	char *source;
	char *target;
	char *fstype;
	char *options;
} lx_mount_entry;

typedef struct lx_spec {
	char *name, *lxcpath, *rootfs, *hostname, *cwd;
	char *cgroup_root, *cgroup_name, *run_dir, *log_file;
	char *rootfs_lower, *rootfs_upper, *rootfs_work; /* overlay rootfs: mounted on `rootfs` (rootfs.c) */
	char *rootfs_options; /* lxc.rootfs.options without idmap=: mount flags (ro, nosuid...) and data */
	int rootfs_idmap;     /* idmap=container: the rootfs is an idmapped mount (idmapped.c) */
	/* lxc.hook.<type> commands by type (enum lx_hook_type, hooks.h), in config order; hook.version 0/1. */
	char **hooks[LX_HOOK_NTYPES];
	size_t nhooks[LX_HOOK_NTYPES];
	int hook_version;
	/* Host-side hooks of a container root runs for another owner run as her (hooks-host.c); -1 = as we are. */
	int hook_uid, hook_gid;
	char **init_argv;
	size_t init_argc;
	char **env;
	size_t envc;
	lx_mount_entry *mounts;
	size_t nmounts;
	uid_t uid;
	gid_t gid;
	int share_host_net;
	lx_net_spec net; /* `net.*` keys, parsed by net.c */
	int proc_mode, sys_mode;
	int cgroup_mode; /* lxc.mount.auto cgroup:force (cgroup-mount.h) */
	int autodev, tty_max, pty_max, halt_signal;
	/* lxc-execute: pid 1 is a minimal init (init.c) that runs init_argv as its child, reaps and propagates. */
	int init_reaper;
	/* With init_reaper: the command's stdio are pipes the shim bridges (`stdio`), not the console. */
	int init_stdio;
	/* With init_stdio: which of the command's fds (bit 0 stdin, 1 stdout, 2 stderr) are the console
	 * instead of pipes, as LXC swaps the console in for the caller's fds that are terminals; and
	 * the console's size before the command starts. */
	int init_tty, init_tty_rows, init_tty_cols;
	lx_confine confine; /* caps, seccomp, LSM, cgroup keys, parsed by spec-confine.c */
	lx_userns userns;   /* `idmap` lines: a new user namespace when there are any (userns.c) */
	/* lxc.console.logfile/size/rotate, opened as console.uid/gid (console-file.h) */
	char *console_logfile, *console_size;
	char *console_peer; /* lxc.console.path = a host terminal (console-peer.h) */
	int console_rotate, console_uid, console_gid;
	int console_none; /* lxc.console.path = none: no console pty, init's stdio on /dev/null */
} lx_spec;

int lx_spec_load(const char *path, lx_spec *spec, lx_error *err);
int lx_spec_parse(char *text, lx_spec *spec, lx_error *err);
/* Splits an fstab-style line; fields are decoded from \040 escapes. */
int lx_mount_entry_parse(const char *line, lx_mount_entry *m, lx_error *err);

#endif
