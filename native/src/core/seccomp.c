/*
 * Compiles an LXC seccomp policy (seccomp-policy.h) with libseccomp. As LXC does, one filter per
 * architecture the host runs (native, plus i386 and x32 on x86_64) so that `[x86_64]` rules
 * do not leak into the 32-bit tables, merged into one program; libseccomp's own
 * no_new_privs is switched off, so NoNewPrivs stays what lxc.no_new_privs says.
 */
#define _GNU_SOURCE
#include "confine.h"
#include "seccomp-policy.h"
#include "util.h"
#include <fcntl.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>

#define LX_SC_ARCHES 3

struct lx_seccomp {
	scmp_filter_ctx ctx;
};

typedef struct arch_ctx {
	uint32_t arch;
	scmp_filter_ctx ctx;
} arch_ctx;

static int read_text(const char *path, char **out, lx_error *err)
{
	cleanup_close int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	ssize_t n;
	if (fd < 0 || fstat(fd, &st) < 0)
		return lx_fail_sys(err, "open", path);
	*out = calloc(1, (size_t)st.st_size + 1);
	if (!*out)
		return lx_fail(err, ENOMEM, "calloc", path, "read policy");
	n = read(fd, *out, (size_t)st.st_size);
	if (n < 0)
		return lx_fail_sys(err, "read", path);
	return 0;
}

static int open_arches(arch_ctx *a, uint32_t def, lx_error *err)
{
	int n = 1;
	a[0] = (arch_ctx){.arch = seccomp_arch_native(), .ctx = seccomp_init(def)};
	if (a[0].arch == SCMP_ARCH_X86_64) {
		a[n++].arch = SCMP_ARCH_X86;
		a[n++].arch = SCMP_ARCH_X32;
	}
	for (int i = 0; i < n; i++) {
		if (i > 0 && (a[i].ctx = seccomp_init(def)) != NULL) {
			seccomp_arch_remove(a[i].ctx, SCMP_ARCH_NATIVE);
			seccomp_arch_add(a[i].ctx, a[i].arch);
		}
		if (!a[i].ctx)
			return lx_fail(err, ENOMEM, "seccomp_init", NULL, "seccomp filter");
		seccomp_attr_set(a[i].ctx, SCMP_FLTATR_CTL_NNP, 0);
	}
	return n;
}

static int add_one(arch_ctx *a, const lx_sc_rule *r, lx_error *err)
{
	int nr = r->nr >= 0 ? r->nr : seccomp_syscall_resolve_name(r->name);
	int rc;
	if (nr == __NR_SCMP_ERROR || nr < 0)
		return 0; /* LXC skips syscalls the architecture does not have */
	if (r->nr >= 0)
		rc = seccomp_rule_add_exact_array(a->ctx, r->action, nr, r->nargs, r->args);
	else
		rc = seccomp_rule_add_array(a->ctx, r->action, nr, r->nargs, r->args);
	/* A rule equal to the default action is refused by libseccomp and means nothing anyway. */
	if (rc < 0 && rc != -EACCES && rc != -EEXIST)
		return lx_fail(err, -rc, "seccomp_rule_add", NULL, "rule `%s`", r->nr >= 0 ? "(number)" : r->name);
	return 0;
}

static int add_force_umount(arch_ctx *a, int n, lx_error *err)
{
	for (int i = 0; i < n; i++) {
		int rc = seccomp_rule_add(a[i].ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(umount2), 1,
					  SCMP_A1(SCMP_CMP_MASKED_EQ, MNT_FORCE, MNT_FORCE));
		if (rc < 0 && rc != -EEXIST)
			return lx_fail(err, -rc, "seccomp_rule_add", NULL, "reject_force_umount");
	}
	return 0;
}

static int compile(const lx_sc_policy *p, scmp_filter_ctx *out, lx_error *err)
{
	arch_ctx a[LX_SC_ARCHES] = {0};
	int n = open_arches(a, p->default_action, err), rc = 0;
	if (n < 0)
		goto fail;
	if (p->reject_force_umount && add_force_umount(a, n, err) < 0)
		goto fail;
	for (size_t r = 0; r < p->n; r++)
		for (int i = 0; i < n; i++)
			if ((!p->rules[r].arch || p->rules[r].arch == a[i].arch) && add_one(&a[i], &p->rules[r], err) < 0)
				goto fail;
	for (int i = 1; i < n; i++) {
		if ((rc = seccomp_merge(a[0].ctx, a[i].ctx)) < 0) {
			lx_fail(err, -rc, "seccomp_merge", NULL, "merge architecture filters");
			goto fail;
		}
		a[i].ctx = NULL; /* owned by a[0] now */
	}
	*out = a[0].ctx;
	return 0;
fail:
	for (int i = 0; i < LX_SC_ARCHES; i++)
		if (a[i].ctx)
			seccomp_release(a[i].ctx);
	return -1;
}

int lx_seccomp_prepare(const char *profile, lx_seccomp **out, lx_error *err)
{
	cleanup_free char *text = NULL;
	lx_sc_policy p;
	int rc;
	*out = NULL;
	if (!profile || !profile[0])
		return 0;
	if (read_text(profile, &text, err) < 0 || lx_sc_policy_parse(text, &p, err) < 0)
		return lx_wrap(err, "seccomp policy `%s`", profile);
	*out = calloc(1, sizeof **out);
	rc = *out ? compile(&p, &(*out)->ctx, err) : lx_fail(err, ENOMEM, "calloc", NULL, "seccomp");
	lx_sc_policy_free(&p);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		return lx_wrap(err, "seccomp policy `%s`", profile);
	}
	return 0;
}

int lx_seccomp_load(lx_seccomp *sc, lx_error *err)
{
	int rc;
	if (!sc)
		return 0;
	if ((rc = seccomp_load(sc->ctx)) < 0)
		return lx_fail(err, -rc, "seccomp_load", NULL, "load seccomp filter");
	return 0;
}

void lx_seccomp_free(lx_seccomp *sc)
{
	if (!sc)
		return;
	seccomp_release(sc->ctx);
	free(sc);
}
