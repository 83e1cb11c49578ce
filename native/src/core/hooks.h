/*
 * lxc.hook.*, run as LXC 5.0.2 runs them (docs/decisions/hooks.md):
 *   pre-start   shim, host namespaces, before the cgroup and the clone      (a failure fails the start)
 *   pre-mount   init, its mount ns (made private), before the rootfs is mounted           (fails the start)
 *   mount       init, after the rootfs, its auto mounts and mount entries, before pivot   (fails the start)
 *   autodev     init, right after mount, only with lxc.autodev                             (fails the start)
 *   start       init, after pivot and confinement, as root, cwd /, before exec             (fails the start)
 *   start-host  shim, host namespaces, after start, before init execs; LXC_PID            (fails the start)
 *   stop        shim, after init died, with the container's namespaces as references       (logged only)
 *   post-stop   shim, after the cgroup and the network are gone                            (logged only)
 * Each is `/bin/sh -c "<hook> <name> lxc <type> [args]"` (hook.version 0) or `/bin/sh -c "<hook>"`
 * with LXC_HOOK_TYPE/LXC_HOOK_SECTION (1), with LXC's environment; output to the container's log.
 */
#ifndef LXCBUS_HOOKS_H
#define LXCBUS_HOOKS_H
#include "spec.h"

/* Extra arguments (version 0 only) and KEY=value environment entries, both NULL-terminated. */
typedef struct lx_hook_extra {
	const char *const *args;
	const char *const *env;
	int drop;  /* set: the hook runs as uid/gid, without supplementary groups (never as uid 0); else as we are */
	uid_t uid;
	gid_t gid;
	int bare; /* only `env` (and version 1's type and section): lxc-copy's and lxc-destroy's hooks */
} lx_hook_extra;

int lx_hook_type_parse(const char *name);
const char *lx_hook_type_name(int type);
/* Where hook output goes (an fd opened before pivot, for hooks run after it); -1 = our stderr. */
void lx_hooks_set_log(int fd);
int lx_hooks_run(const lx_spec *spec, int type, const lx_hook_extra *extra, lx_error *err);
int lx_hooks_premount(const lx_spec *spec, lx_error *err);
/* `lxcbus-shim hooks ...`: clone and destroy hooks for runtime-executor (hooks-main.c). */
int lx_hooks_main(int argc, char **argv);

#endif
