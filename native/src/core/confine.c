/* The confinement steps in LXC's order (contract in confine.h). */
#define _GNU_SOURCE
#include "confine.h"
#include <stdio.h>

int lx_confine_check(const lx_confine *c, lx_error *err)
{
	if (lx_caps_check(c, err) < 0 || lx_lsm_check(c, err) < 0)
		return lx_wrap(err, "confinement");
	return 0;
}

int lx_seccomp_skip_nested(const lx_confine *c)
{
	char line[128];
	int mode = 0;
	FILE *f;
	if (!c->seccomp_profile || c->seccomp_allow_nesting)
		return 0;
	f = fopen("/proc/self/status", "re");
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "Seccomp: %d", &mode) == 1)
			break;
	if (f)
		fclose(f);
	return mode != 0;
}

int lx_confine_apply(const lx_confine *c, lx_seccomp *sc, lx_error *err)
{
	if (lx_caps_apply(c, err) < 0 || lx_lsm_apply(c, err) < 0 || lx_no_new_privs(c, err) < 0 ||
	    lx_seccomp_load(sc, err) < 0)
		return lx_wrap(err, "confinement");
	return 0;
}
