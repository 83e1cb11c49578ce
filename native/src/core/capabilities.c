/*
 * lxc.cap.drop / lxc.cap.keep through libcap. Like LXC, the bounding set is what is cut:
 * init runs as root, so at execve its permitted and effective sets become the bounding set
 * (the kernel's root rule), and a dropped capability can never come back, not even through
 * a setuid-root or file-capability binary. The dropped capabilities also leave the
 * inheritable set, and the ambient set is cleared, so nothing is carried across exec.
 */
#define _GNU_SOURCE
#include "confine.h"
#include "util.h"
#include <stdio.h>
#include <sys/capability.h>
#include <sys/prctl.h>

/* LXC spells capabilities lowercase without `cap_`; a number is accepted too. */
static int parse_cap(const char *name, cap_value_t *out)
{
	char full[64];
	char *end = NULL;
	long n = strtol(name, &end, 10);
	if (*name && !*end)
		return n >= 0 && n <= CAP_LAST_CAP ? (*out = (cap_value_t)n, 0) : -1;
	snprintf(full, sizeof full, "cap_%s", name);
	return cap_from_name(full, out);
}

/* Fills drop[cap] = 1 for every capability the spec takes away. */
static int drop_mask(const lx_confine *c, char *drop, int ncaps, lx_error *err)
{
	cap_value_t v;
	memset(drop, 0, (size_t)ncaps);
	if (c->ncap_drop && c->ncap_keep)
		return lx_fail(err, EINVAL, "capabilities", NULL,
			       "lxc.cap.drop and lxc.cap.keep are both set: use one or the other");
	for (size_t i = 0; i < c->ncap_drop; i++) {
		if (parse_cap(c->cap_drop[i], &v) < 0)
			return lx_fail(err, EINVAL, "capabilities", NULL, "unknown capability `%s`", c->cap_drop[i]);
		if (v < ncaps)
			drop[v] = 1;
	}
	if (!c->ncap_keep)
		return 0;
	memset(drop, 1, (size_t)ncaps);
	for (size_t i = 0; i < c->ncap_keep; i++) {
		if (strcmp(c->cap_keep[i], "none") == 0)
			continue;
		if (parse_cap(c->cap_keep[i], &v) < 0)
			return lx_fail(err, EINVAL, "capabilities", NULL, "unknown capability `%s`", c->cap_keep[i]);
		if (v < ncaps)
			drop[v] = 0;
	}
	return 0;
}

int lx_caps_check(const lx_confine *c, lx_error *err)
{
	char drop[CAP_LAST_CAP + 64];
	return drop_mask(c, drop, (int)sizeof drop, err);
}

static int drop_caps(const char *drop, int ncaps, lx_error *err)
{
	cap_t caps = cap_get_proc();
	int rc = 0;
	if (!caps)
		return lx_fail_sys(err, "cap_get_proc", NULL);
	for (cap_value_t v = 0; v < ncaps; v++) {
		if (!drop[v] || !CAP_IS_SUPPORTED(v))
			continue;
		if (cap_drop_bound(v) < 0) {
			rc = lx_fail(err, errno, "prctl(PR_CAPBSET_DROP)", NULL, "drop `%s` from the bounding set",
				     cap_to_name(v));
			break;
		}
		cap_set_flag(caps, CAP_INHERITABLE, 1, &v, CAP_CLEAR);
	}
	if (rc == 0 && cap_set_proc(caps) < 0)
		rc = lx_fail_sys(err, "cap_set_proc", NULL);
	cap_free(caps);
	if (rc == 0 && CAP_AMBIENT_SUPPORTED() && cap_reset_ambient() < 0)
		rc = lx_fail_sys(err, "prctl(PR_CAP_AMBIENT_CLEAR_ALL)", NULL);
	return rc;
}

int lx_caps_apply(const lx_confine *c, lx_error *err)
{
	int ncaps = (int)cap_max_bits();
	char drop[CAP_LAST_CAP + 64];
	if (ncaps > (int)sizeof drop)
		ncaps = (int)sizeof drop;
	if (!c->ncap_drop && !c->ncap_keep)
		return 0;
	if (drop_mask(c, drop, ncaps, err) < 0 || drop_caps(drop, ncaps, err) < 0)
		return lx_wrap(err, "capabilities");
	return 0;
}

static int read_capbnd(int pid, unsigned long long *out)
{
	char path[64], line[256];
	FILE *f;
	int found = -1;
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "CapBnd: %llx", out) == 1) {
			found = 0;
			break;
		}
	if (f)
		fclose(f);
	return found;
}

int lx_caps_bounding_of(int pid, unsigned long long *bnd, lx_error *err)
{
	if (read_capbnd(pid, bnd) < 0)
		return lx_fail(err, ESRCH, "read", "/proc/<init>/status", "read init's bounding set");
	return 0;
}

int lx_caps_match_pid(int pid, lx_error *err)
{
	unsigned long long bnd;
	if (lx_caps_bounding_of(pid, &bnd, err) < 0)
		return -1;
	return lx_caps_match_set(bnd, err);
}

int lx_caps_match_set(unsigned long long bnd, lx_error *err)
{
	char drop[CAP_LAST_CAP + 64];
	int ncaps = (int)cap_max_bits();
	if (ncaps > (int)sizeof drop)
		ncaps = (int)sizeof drop;
	for (int v = 0; v < ncaps; v++)
		drop[v] = v < 64 && !(bnd & (1ULL << v));
	return drop_caps(drop, ncaps, err) < 0 ? lx_wrap(err, "capabilities of init") : 0;
}

int lx_no_new_privs(const lx_confine *c, lx_error *err)
{
	if (c->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return lx_fail_sys(err, "prctl(PR_SET_NO_NEW_PRIVS)", NULL);
	return 0;
}
