/* lxc.hook.* runner (see hooks.h). */
#define _GNU_SOURCE
#include "hooks.h"
#include "shim.h"
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const type_names[LX_HOOK_NTYPES] = {
	[LX_HOOK_PRE_START] = "pre-start", [LX_HOOK_PRE_MOUNT] = "pre-mount", [LX_HOOK_MOUNT] = "mount",
	[LX_HOOK_AUTODEV] = "autodev",	   [LX_HOOK_START] = "start",	       [LX_HOOK_START_HOST] = "start-host",
	[LX_HOOK_STOP] = "stop",	   [LX_HOOK_POST_STOP] = "post-stop",   [LX_HOOK_CLONE] = "clone",
	[LX_HOOK_DESTROY] = "destroy",
};

static int log_fd = -1;

int lx_hook_type_parse(const char *name)
{
	for (int i = 0; i < LX_HOOK_NTYPES; i++)
		if (strcmp(name, type_names[i]) == 0)
			return i;
	return -1;
}

const char *lx_hook_type_name(int type)
{
	return type >= 0 && type < LX_HOOK_NTYPES ? type_names[type] : "?";
}

void lx_hooks_set_log(int fd)
{
	log_fd = fd;
}

/* The variables LXC 5.0.2's start (lxc_init) gives every container hook (measured: hooks.md). */
static void start_env(const lx_spec *spec)
{
	char config[PATH_MAX];
	snprintf(config, sizeof config, "%s/%s/config", spec->lxcpath, spec->name);
	setenv("LXC_NAME", spec->name, 1);
	setenv("LXC_CONFIG_FILE", config, 1);
	setenv("LXC_ROOTFS_MOUNT", spec->rootfs, 1);
	setenv("LXC_ROOTFS_PATH", spec->rootfs_lower ? spec->rootfs_lower : spec->rootfs, 1);
	setenv("LXC_CGNS_AWARE", "1", 1);
	setenv("LXC_LOG_LEVEL", "ERROR", 1);
	setenv("LXC_HOOK_VERSION", spec->hook_version == 1 ? "1" : "0", 1);
}

static void hook_env(const lx_spec *spec, int type, const lx_hook_extra *extra)
{
	/* clone and destroy (lxc-copy, lxc-destroy) get none of a start's variables: the caller gives theirs. */
	if (!extra || !extra->bare)
		start_env(spec);
	if (spec->hook_version == 1) {
		setenv("LXC_HOOK_TYPE", type_names[type], 1);
		setenv("LXC_HOOK_SECTION", "lxc", 1);
	}
	for (const char *const *e = extra && extra->env ? extra->env : NULL; e && *e; e++)
		putenv((char *)*e);
	if (!getenv("PATH"))
		setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 1);
}

static int hook_command(char *cmd, size_t size, const lx_spec *spec, const char *hook, int type,
			const lx_hook_extra *extra)
{
	size_t n;
	if (spec->hook_version == 1)
		n = (size_t)snprintf(cmd, size, "%s", hook);
	else
		n = (size_t)snprintf(cmd, size, "%s %s lxc %s", hook, spec->name, type_names[type]);
	/* As LXC's run_script_argv: extra arguments are joined with spaces, unquoted (version 0 only). */
	for (const char *const *a = extra && extra->args && spec->hook_version != 1 ? extra->args : NULL; a && *a && n < size; a++)
		n += (size_t)snprintf(cmd + n, size - n, " %s", *a);
	return n < size ? 0 : -1;
}

static __attribute__((noreturn)) void hook_child(const lx_spec *spec, int type, const lx_hook_extra *extra, const char *cmd)
{
	int null = open("/dev/null", O_RDWR);
	int out = log_fd >= 0 ? log_fd : dup(2);
	sigset_t none;
	dup2(null, 0);
	dup2(out >= 0 ? out : null, 1);
	dup2(out >= 0 ? out : null, 2);
	/* The hook gets 0-2 only, as LXC's hooks do (the shim's sockets and namespace fds stay ours). */
	if (syscall(SYS_close_range, 3, ~0U, 0) < 0)
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int s = 1; s < NSIG; s++)
		signal(s, SIG_DFL);
	/* Another owner's hooks never run as host root: as her, as her own lxc-start would run them. */
	if (extra && extra->drop &&
	    (extra->uid == 0 || setgroups(0, NULL) < 0 || setgid(extra->gid) < 0 || setuid(extra->uid) < 0))
		_exit(126);
	/* The start hook runs before init's lxc.init.cwd applies, in /. */
	if (chdir("/") < 0)
		_exit(127);
	hook_env(spec, type, extra);
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}

static int run_one(const lx_spec *spec, int type, const char *hook, const lx_hook_extra *extra, lx_error *err)
{
	char cmd[PATH_MAX + 4096];
	int status;
	pid_t pid;
	if (hook_command(cmd, sizeof cmd, spec, hook, type, extra) < 0)
		return lx_fail(err, ENAMETOOLONG, "hook", hook, "%s hook `%s` too long", type_names[type], hook);
	pid = fork();
	if (pid < 0)
		return lx_fail_sys(err, "fork", hook);
	if (pid == 0)
		hook_child(spec, type, extra, cmd);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return lx_fail_sys(err, "waitpid", hook);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	return lx_fail(err, ECANCELED, "hook", hook, "%s hook `%s` failed with %s %d", type_names[type], hook,
		       WIFEXITED(status) ? "status" : "signal", WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
}

/* Runs the hooks of one type in config order; the first failure stops the rest, as in LXC. */
int lx_hooks_run(const lx_spec *spec, int type, const lx_hook_extra *extra, lx_error *err)
{
	/* Dropping "to root" would be running another owner's hooks as root: a caller's mistake. */
	if (extra && extra->drop && extra->uid == 0)
		return lx_fail(err, EPERM, "hook", NULL, "%s hooks: refusing to run them as uid 0 for another user", type_names[type]);
	for (size_t i = 0; i < spec->nhooks[type]; i++)
		if (run_one(spec, type, spec->hooks[type][i], extra, err) < 0)
			return -1;
	return 0;
}

int lx_hooks_premount(const lx_spec *spec, lx_error *err)
{
	if (spec->nhooks[LX_HOOK_PRE_MOUNT] == 0)
		return 0;
	/* The hook's mounts must stay in this namespace: nothing propagates back to the host. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return lx_fail_sys(err, "mount", "/");
	return lx_hooks_run(spec, LX_HOOK_PRE_MOUNT, NULL, err);
}
