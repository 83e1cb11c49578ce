/*
 * LXC seccomp policy files (lxc.seccomp.profile), parsed into rules (seccomp-policy.c) and
 * compiled with libseccomp (seccomp.c).
 *
 *   line 1   version: 1 or 2
 *   v1       line 2 `allowlist` (or `whitelist`), then one syscall number per line;
 *            default kill, each listed number allowed
 *   v2       line 2 `denylist|blacklist|allowlist|whitelist [default action]`; then
 *            `reject_force_umount`, `[arch]` section headers (`[all]`, `[x86_64]`, `[x86]`, ...)
 *            and rules `name [action] [[idx,value,op(,mask)]...]`
 *   actions  kill | errno N | allow | trap | log (notify needs a proxy: refused)
 *   defaults denylist: policy allow, rule kill; allowlist: policy kill, rule allow
 * `#` starts a comment line. Rules for architectures this host cannot run are skipped.
 */
#ifndef LXCBUS_SECCOMP_POLICY_H
#define LXCBUS_SECCOMP_POLICY_H
#include "error.h"
#include <seccomp.h>
#include <stddef.h>
#include <stdint.h>

#define LX_SC_MAX_ARGS 6

typedef struct lx_sc_rule {
	uint32_t arch; /* a SCMP_ARCH_* token; 0 = every architecture of the filter */
	char name[64];
	int nr;        /* set for version 1 policies (raw number), -1 otherwise */
	uint32_t action;
	unsigned nargs;
	struct scmp_arg_cmp args[LX_SC_MAX_ARGS];
} lx_sc_rule;

typedef struct lx_sc_policy {
	int version;
	uint32_t default_action;
	int reject_force_umount;
	lx_sc_rule *rules;
	size_t n;
} lx_sc_policy;

/* `text` is modified in place; on error the op names the line. */
int lx_sc_policy_parse(char *text, lx_sc_policy *p, lx_error *err);
void lx_sc_policy_free(lx_sc_policy *p);

#endif
