/*
 * LSM exec labels: lxc.apparmor.profile and lxc.selinux.context, applied with
 * aa_change_onexec / setexeccon so they take effect at init's execve. The libraries are
 * dlopen()ed only when the host has the LSM, so the shim runs on hosts without them.
 * Where the host lacks the LSM, LXC silently runs without it (Debian's default.conf sets
 * `lxc.apparmor.profile = generated` everywhere); lxcbus does the same and says so in the
 * container log. `generated` (a per-container profile built with apparmor_parser) is not
 * implemented: on an AppArmor host it is refused rather than silently weakened.
 */
#define _GNU_SOURCE
#include "confine.h"
#include "shim.h"
#include <dlfcn.h>
#include <fcntl.h>

static int host_has_apparmor(void)
{
	char v = 0;
	int fd = open("/sys/module/apparmor/parameters/enabled", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (read(fd, &v, 1) != 1)
			v = 0;
		close(fd);
	}
	return access("/sys/kernel/security/apparmor", F_OK) == 0 && v == 'Y';
}

static int host_has_selinux(void)
{
	return access("/sys/fs/selinux/enforce", F_OK) == 0;
}

/* Calls `int fn(const char *)` from `lib`, loaded for this call only. */
static int call_lib(const char *lib, const char *fn, const char *arg, lx_error *err)
{
	void *h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
	int (*f)(const char *);
	int rc;
	if (!h)
		return lx_fail(err, ENOENT, "dlopen", lib, "load %s: %s", lib, dlerror());
	*(void **)&f = dlsym(h, fn);
	if (!f) {
		dlclose(h);
		return lx_fail(err, ENOSYS, "dlsym", lib, "%s has no %s", lib, fn);
	}
	rc = f(arg);
	if (rc < 0)
		rc = lx_fail(err, errno, fn, arg, "%s `%s`", fn, arg);
	dlclose(h);
	return rc < 0 ? -1 : 0;
}

static int apparmor_wanted(const char *p)
{
	return p && p[0] && strcmp(p, "unchanged") != 0;
}

int lx_lsm_check(const lx_confine *c, lx_error *err)
{
	if (apparmor_wanted(c->apparmor_profile) && !host_has_apparmor())
		lx_log("lxc.apparmor.profile `%s` ignored: the host has no AppArmor", c->apparmor_profile);
	else if (apparmor_wanted(c->apparmor_profile) && strcmp(c->apparmor_profile, "generated") == 0)
		return lx_fail(err, ENOTSUP, "apparmor", NULL,
			       "lxc.apparmor.profile = generated is not supported; name a loaded profile");
	if (c->selinux_context && c->selinux_context[0] && !host_has_selinux())
		lx_log("lxc.selinux.context `%s` ignored: the host has no SELinux", c->selinux_context);
	return 0;
}

int lx_lsm_apply(const lx_confine *c, lx_error *err)
{
	if (apparmor_wanted(c->apparmor_profile) && host_has_apparmor() &&
	    call_lib("libapparmor.so.1", "aa_change_onexec", c->apparmor_profile, err) < 0)
		return lx_wrap(err, "apparmor profile");
	if (c->selinux_context && c->selinux_context[0] && host_has_selinux() &&
	    call_lib("libselinux.so.1", "setexeccon", c->selinux_context, err) < 0)
		return lx_wrap(err, "selinux context");
	return 0;
}
