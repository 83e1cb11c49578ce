/* Namespaces (see namespaces.h). */
#define _GNU_SOURCE
#include "namespaces.h"
#include "util.h"
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>

/* Order matters for setns: user first, mnt before the others only matters for /proc lookups,
 * and every fd is opened before any setns. */
const lx_ns_info lx_namespaces[] = {
	{"user", CLONE_NEWUSER}, {"mnt", CLONE_NEWNS},	 {"pid", CLONE_NEWPID},	     {"uts", CLONE_NEWUTS},
	{"ipc", CLONE_NEWIPC},	 {"net", CLONE_NEWNET}, {"cgroup", CLONE_NEWCGROUP},
};
const int lx_namespace_count = sizeof lx_namespaces / sizeof lx_namespaces[0];

int lx_init_clone_flags(const lx_spec *spec)
{
	int flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC;
	if (!spec->share_host_net)
		flags |= CLONE_NEWNET;
	/* In the same clone: the new mount, pid and net namespaces are then owned by the new user namespace. */
	if (lx_userns_enabled(&spec->userns))
		flags |= CLONE_NEWUSER;
	return flags;
}

pid_t lx_clone(int flags, lx_error *err)
{
	pid_t pid = (pid_t)syscall(SYS_clone, (unsigned long)flags | SIGCHLD, NULL, NULL, NULL, NULL);
	if (pid < 0)
		return lx_fail_sys(err, "clone", NULL);
	return pid;
}

int lx_same_ns(pid_t pid, const char *name)
{
	char path[64], self[64];
	struct stat sa, sb;
	snprintf(path, sizeof path, "/proc/%d/ns/%s", pid, name);
	snprintf(self, sizeof self, "/proc/self/ns/%s", name);
	if (stat(path, &sa) < 0 || stat(self, &sb) < 0)
		return 0;
	return sa.st_ino == sb.st_ino && sa.st_dev == sb.st_dev;
}

int lx_setns_all(pid_t pid, lx_error *err)
{
	int fds[16];
	char path[64];
	int rc = 0;
	/* All -1 first: an early failure below must not close descriptors that were never opened. */
	for (int i = 0; i < lx_namespace_count; i++)
		fds[i] = -1;
	for (int i = 0; i < lx_namespace_count; i++) {
		int same = lx_same_ns(pid, lx_namespaces[i].proc_name);
		snprintf(path, sizeof path, "/proc/%d/ns/%s", pid, lx_namespaces[i].proc_name);
		fds[i] = same ? -1 : open(path, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0 && !same && errno != ENOENT) {
			rc = lx_fail_sys(err, "open", path);
			break;
		}
	}
	for (int i = 0; rc == 0 && i < lx_namespace_count; i++) {
		if (fds[i] >= 0 && setns(fds[i], lx_namespaces[i].clone_flag) < 0) {
			snprintf(path, sizeof path, "/proc/%d/ns/%s", pid, lx_namespaces[i].proc_name);
			rc = lx_fail_sys(err, "setns", path);
		}
	}
	for (int i = 0; i < lx_namespace_count; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return rc;
}
