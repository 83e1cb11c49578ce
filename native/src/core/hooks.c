/* lxc.hook.pre-mount (see hooks.h). */
#define _GNU_SOURCE
#include "hooks.h"
#include "safe-open.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

static void hook_env(const lx_spec *spec)
{
	char config[PATH_MAX];
	snprintf(config, sizeof config, "%s/%s/config", spec->lxcpath, spec->name);
	setenv("LXC_NAME", spec->name, 1);
	setenv("LXC_CONFIG_FILE", config, 1);
	setenv("LXC_ROOTFS_MOUNT", spec->rootfs, 1);
	setenv("LXC_ROOTFS_PATH", spec->rootfs_lower ? spec->rootfs_lower : spec->rootfs, 1);
	setenv("LXC_HOOK_TYPE", "pre-mount", 1);
	setenv("LXC_HOOK_SECTION", "lxc", 1);
	if (!getenv("PATH"))
		setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 1);
}

static int run_hook(const lx_spec *spec, const char *hook, lx_error *err)
{
	char cmd[PATH_MAX + 512];
	int status;
	pid_t pid;
	if ((size_t)snprintf(cmd, sizeof cmd, "%s %s lxc pre-mount", hook, spec->name) >= sizeof cmd)
		return lx_fail(err, ENAMETOOLONG, "hook", hook, "pre-mount hook `%s` too long", hook);
	pid = fork();
	if (pid < 0)
		return lx_fail_sys(err, "fork", hook);
	if (pid == 0) {
		/* As the shim's own log (main.c): never follow a link the container's owner planted. */
		int log = spec->log_file ? lx_open_untrusted(spec->log_file, O_WRONLY | O_APPEND | O_CREAT, 0640) : -1;
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(log >= 0 ? log : null, 1);
		dup2(log >= 0 ? log : null, 2);
		/* The hook gets 0-2 only, as LXC's hooks do. */
		if (null > 2)
			close(null);
		if (log > 2)
			close(log);
		hook_env(spec);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return lx_fail_sys(err, "waitpid", hook);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	return lx_fail(err, ECANCELED, "hook", hook, "pre-mount hook `%s` failed with %s %d", hook,
		       WIFEXITED(status) ? "status" : "signal", WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
}

int lx_hooks_premount(const lx_spec *spec, lx_error *err)
{
	if (spec->npremount_hooks == 0)
		return 0;
	/* The hook's mounts must stay in this namespace: nothing propagates back to the host. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return lx_fail_sys(err, "mount", "/");
	for (size_t i = 0; i < spec->npremount_hooks; i++)
		if (run_hook(spec, spec->premount_hooks[i], err) < 0)
			return -1;
	return 0;
}
