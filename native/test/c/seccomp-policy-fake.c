/*
 * Parses (seccomp-policy.c) and compiles (seccomp.c, libseccomp, no load) an LXC seccomp
 * policy file without root. Used by native/test/seccomp-policy.spec.ts. Prints
 *   default <action hex> reject_force_umount <0|1>
 *   rule <arch hex|all> <name|#nr> <action hex> <nargs>     (one per rule)
 *   compiled
 * or `ERR <ENAME> <message>`.
 */
#define _GNU_SOURCE
#include "confine.h"
#include "seccomp-policy.h"
#include "util.h"
#include <fcntl.h>
#include <stdio.h>

static int fail(const lx_error *e)
{
	char msg[1200];
	lx_error_format(e, msg, sizeof msg);
	printf("ERR %s %s\n", lx_errname(e->errnum), msg);
	return 1;
}

int main(int argc, char **argv)
{
	char text[65536];
	lx_sc_policy p;
	lx_seccomp *sc = NULL;
	lx_error err = {0};
	int fd = argc > 1 ? open(argv[1], O_RDONLY) : -1;
	ssize_t n = fd >= 0 ? read(fd, text, sizeof text - 1) : -1;
	if (n < 0)
		return 2;
	text[n] = 0;
	if (lx_sc_policy_parse(text, &p, &err) < 0)
		return fail(&err);
	printf("default %x reject_force_umount %d\n", p.default_action, p.reject_force_umount);
	for (size_t i = 0; i < p.n; i++) {
		const lx_sc_rule *r = &p.rules[i];
		char arch[16] = "all";
		if (r->arch)
			snprintf(arch, sizeof arch, "%x", r->arch);
		if (r->nr >= 0)
			printf("rule %s #%d %x %u\n", arch, r->nr, r->action, r->nargs);
		else
			printf("rule %s %s %x %u\n", arch, r->name, r->action, r->nargs);
	}
	if (lx_seccomp_prepare(argv[1], &sc, &err) < 0)
		return fail(&err);
	printf("compiled\n");
	lx_seccomp_free(sc);
	return 0;
}
