/*
 * Confinement of the container init: capabilities (bounding set, inheritable, ambient),
 * no_new_privs, seccomp (LXC policy files compiled with libseccomp), LSM labels (AppArmor,
 * SELinux through dlopen, only where the host has them) and cgroup limits.
 *
 * Spec keys (spec.h format, all repeatable ones keep their order):
 *   cap.drop <name>            lowercase, no `cap_` prefix (lxc.cap.drop); repeat
 *   cap.keep <name>            lxc.cap.keep; `none` keeps nothing; repeat
 *   no_new_privs 0|1
 *   seccomp.profile <path>     host path of an LXC policy file (version 1 or 2)
 *   seccomp.allow_nesting 0|1  load the policy even when the shim is already seccomp-confined
 *   apparmor.profile <name>    lxc.apparmor.profile
 *   selinux.context <label>    lxc.selinux.context
 *   cgroup.v1 <key> <value>    lxc.cgroup.<key>; repeat
 *   cgroup.v2 <key> <value>    lxc.cgroup2.<key>; repeat
 *
 * Ordering contract (as LXC's do_start): the seccomp policy is compiled while the host
 * filesystem is still visible (before pivot_root); after the rootfs: bounding set drop, LSM
 * exec label, no_new_privs, seccomp load, then the uid switch and execve. Cgroup limits are
 * written by the shim into the new cgroup before init joins it.
 */
#ifndef LXCBUS_CONFINE_H
#define LXCBUS_CONFINE_H
#include "error.h"
#include <stddef.h>

typedef struct lx_kv {
	char *key, *value;
} lx_kv;

typedef struct lx_confine {
	char **cap_drop;
	size_t ncap_drop;
	char **cap_keep;
	size_t ncap_keep;
	int no_new_privs;
	char *seccomp_profile;
	int seccomp_allow_nesting;
	char *apparmor_profile, *selinux_context;
	lx_kv *cg_v1, *cg_v2;
	size_t ncg_v1, ncg_v2;
} lx_confine;

/* spec-confine.c: returns 1 when `key` is a confinement key (then parsed), 0 if not, -1 on error. */
int lx_confine_key(lx_confine *c, const char *key, char *value, lx_error *err);

/* capabilities.c */
int lx_caps_check(const lx_confine *c, lx_error *err);
int lx_caps_apply(const lx_confine *c, lx_error *err);
/* Bounding set of `pid` (from /proc/<pid>/status), dropped from the caller's: attach keeps
 * processes no stronger than init. */
int lx_caps_match_pid(int pid, lx_error *err);
/* The same in two steps, for a caller that may drop only once inside init's user namespace
 * (an unprivileged shim: no CAP_SETPCAP on the host) but must read /proc before setns. */
int lx_caps_bounding_of(int pid, unsigned long long *bnd, lx_error *err);
int lx_caps_match_set(unsigned long long bnd, lx_error *err);

/* seccomp.c: the compiled filter lives from prepare (host fs visible) to load (before exec). */
typedef struct lx_seccomp lx_seccomp;
int lx_seccomp_prepare(const char *profile, lx_seccomp **out, lx_error *err);
/* LXC's rule: an already seccomp-confined runtime does not stack the policy unless
 * lxc.seccomp.allow_nesting = 1. Returns 1 when the policy must be skipped. */
int lx_seccomp_skip_nested(const lx_confine *c);
int lx_seccomp_load(lx_seccomp *sc, lx_error *err);
void lx_seccomp_free(lx_seccomp *sc);

/* lsm.c */
int lx_lsm_check(const lx_confine *c, lx_error *err);
int lx_lsm_apply(const lx_confine *c, lx_error *err);

int lx_no_new_privs(const lx_confine *c, lx_error *err);

/* confine.c. check runs in the shim before clone (a bad cap name or LSM request fails the
 * start early); apply runs in the child after the rootfs: caps, LSM, no_new_privs, seccomp. */
int lx_confine_check(const lx_confine *c, lx_error *err);
int lx_confine_apply(const lx_confine *c, lx_seccomp *sc, lx_error *err);

#endif
