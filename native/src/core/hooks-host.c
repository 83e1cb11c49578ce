/* Shim-side hooks (see hooks-host.h). */
#define _GNU_SOURCE
#include "hooks-host.h"
#include "hooks.h"
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* LXC's namespace order (ns_info): user, mnt, pid, uts, ipc, net, cgroup. */
static const struct {
	const char *name, *env;
} ns_list[LX_HOOK_NS_MAX] = {
	{"user", "LXC_USER_NS"}, {"mnt", "LXC_MNT_NS"}, {"pid", "LXC_PID_NS"},		{"uts", "LXC_UTS_NS"},
	{"ipc", "LXC_IPC_NS"},	 {"net", "LXC_NET_NS"}, {"cgroup", "LXC_CGROUP_NS"},
};

static int same_ns(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_ino == sb.st_ino && sa.st_dev == sb.st_dev;
}

void lx_hooks_keep_ns(lx_shim *s)
{
	char theirs[64], ours[64];
	if (s->spec.nhooks[LX_HOOK_STOP] == 0 && s->spec.nhooks[LX_HOOK_POST_STOP] == 0)
		return;
	for (int i = 0; i < LX_HOOK_NS_MAX; i++) {
		snprintf(theirs, sizeof theirs, "/proc/%d/ns/%s", s->init_pid, ns_list[i].name);
		snprintf(ours, sizeof ours, "/proc/self/ns/%s", ns_list[i].name);
		if (s->hook_ns[i] > 0 || same_ns(theirs, ours))
			continue;
		/* fd 0 is the shim's /dev/null (main.c detach), so 0 means "not kept". */
		s->hook_ns[i] = open(theirs, O_RDONLY | O_CLOEXEC);
		if (s->hook_ns[i] < 0)
			s->hook_ns[i] = 0;
	}
}

void lx_hooks_release_ns(lx_shim *s)
{
	for (int i = 0; i < LX_HOOK_NS_MAX; i++) {
		if (s->hook_ns[i] > 0)
			close(s->hook_ns[i]);
		s->hook_ns[i] = 0;
	}
}

/* Buffers for one run's extra arguments and environment. */
struct host_extra {
	char pid[32], target[32], env_ns[LX_HOOK_NS_MAX][96], arg_ns[LX_HOOK_NS_MAX][96];
	const char *env[LX_HOOK_NS_MAX + 3], *args[LX_HOOK_NS_MAX + 1];
};

static void fill_extra(lx_shim *s, int type, struct host_extra *x)
{
	size_t ne = 0, na = 0;
	memset(x, 0, sizeof *x);
	if (type != LX_HOOK_PRE_START && s->hook_pid > 0) {
		snprintf(x->pid, sizeof x->pid, "LXC_PID=%d", s->hook_pid);
		x->env[ne++] = x->pid;
	}
	if (type != LX_HOOK_STOP && type != LX_HOOK_POST_STOP)
		return;
	/* Init died of SIGHUP: a reboot (LXC's monitor restarts it; lxcbus's executor does, reboot.md). */
	snprintf(x->target, sizeof x->target, "LXC_TARGET=%s",
		 s->init_exited && WIFSIGNALED(s->init_status) && WTERMSIG(s->init_status) == SIGHUP && !s->spec.init_reaper ? "reboot" : "stop");
	x->env[ne++] = x->target;
	for (int i = 0; i < LX_HOOK_NS_MAX; i++) {
		if (s->hook_ns[i] <= 0)
			continue;
		snprintf(x->env_ns[i], sizeof x->env_ns[i], "%s=/proc/%d/fd/%d", ns_list[i].env, s->shim_pid, s->hook_ns[i]);
		x->env[ne++] = x->env_ns[i];
		snprintf(x->arg_ns[i], sizeof x->arg_ns[i], "%s:/proc/%d/fd/%d", ns_list[i].name, s->shim_pid, s->hook_ns[i]);
		if (type == LX_HOOK_STOP)
			x->args[na++] = x->arg_ns[i];
	}
}

int lx_hooks_host(lx_shim *s, int type, lx_error *err)
{
	struct host_extra x;
	lx_hook_extra extra;
	if (s->spec.nhooks[type] == 0)
		return 0;
	fill_extra(s, type, &x);
	extra = (lx_hook_extra){.args = x.args, .env = x.env, .drop = s->spec.hook_uid >= 0,
				 .uid = (uid_t)s->spec.hook_uid, .gid = (gid_t)s->spec.hook_gid};
	return lx_hooks_run(&s->spec, type, &extra, err);
}

void lx_hooks_stopped(lx_shim *s, int type)
{
	lx_error err = {0};
	char msg[1200];
	if (lx_hooks_host(s, type, &err) == 0)
		return;
	lx_error_format(&err, msg, sizeof msg);
	lx_log("%s: %s", s->spec.name, msg);
}
