/*
 * lxcbus-shim <spec-file> <run-dir> [<ready-fd>]
 *
 * One per container, like LXC's `[lxc monitor]`. Started by the Node addon with argv[0] set to
 * the process title; detaches (fork, setsid) so the Node process can die without taking the
 * container along, starts the container init, then reports on <ready-fd> exactly one line:
 * "OK\t<shimpid>\t<initpid>" or "ERR\t<errno>\t<syscall>\t<path>\t<op>". It serves the control
 * socket (server.c) until init exits, then removes the cgroup, writes `<run-dir>/exit`
 * atomically, tells watchers, removes shim.sock, shim.pid, init.pid and exits.
 */
#define _GNU_SOURCE
#include "cgroup-limits.h"
#include "hooks-host.h"
#include "hooks.h"
#include "shim.h"
#include "userns-exec.h"
#include "safe-open.h"
#include <fcntl.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

void lx_poll_add(lx_pollset *ps, int fd, short events, lx_handler h, void *ptr)
{
	if (ps->n >= LX_POLL_MAX || fd < 0)
		return;
	ps->fds[ps->n] = (struct pollfd){.fd = fd, .events = events};
	ps->handlers[ps->n] = h;
	ps->ptrs[ps->n++] = ptr;
}

static void report_ready(int fd, const lx_shim *s, const lx_error *err)
{
	char line[64];
	if (fd < 0)
		return;
	if (err) {
		lx_error_send(fd, err);
	} else {
		int n = snprintf(line, sizeof line, "OK\t%d\t%d\n", s->shim_pid, s->init_pid);
		lx_write_all(fd, line, (size_t)n);
	}
	close(fd);
}

static void drain_tty(lx_shim *s, void *ptr, short revents)
{
	lx_pty *pty = ptr;
	lx_console_log discard = {.fd = -1};
	(void)revents;
	/* A hung-up pty polls POLLHUP forever; it is dropped from the set until init is gone. */
	if (pty->holder ? lx_console_forward(s, pty) < 0 : lx_console_drain(pty->master, pty == &s->console ? &s->log : &discard) < 0) {
		close(pty->master);
		pty->master = -1;
	}
}

static int write_pidfile(const lx_shim *s, const char *file, pid_t pid, lx_error *err)
{
	char path[PATH_MAX], val[32];
	snprintf(path, sizeof path, "%s/%s", s->run_dir, file);
	snprintf(val, sizeof val, "%d\n", pid);
	if (lx_write_file_atomic(path, val) < 0)
		return lx_fail_sys(err, "write", path);
	return 0;
}

static int chown_cgroup(lx_shim *s, lx_error *err)
{
	long uid = lx_userns_host_id(&s->spec.userns, 'u', 0), gid = lx_userns_host_id(&s->spec.userns, 'g', 0);
	if (uid < 0)
		return 0;
	return lx_cgroup_chown(&s->cg, (uid_t)uid, gid < 0 ? (gid_t)-1 : (gid_t)gid, err);
}

static int start(lx_shim *s, lx_error *err)
{
	char path[PATH_MAX];
	if (lx_mkdir_p(s->run_dir, 0700) < 0)
		return lx_fail_sys(err, "mkdir", s->run_dir);
	snprintf(path, sizeof path, "%s/exit", s->run_dir);
	unlink(path);
	if (write_pidfile(s, "shim.pid", s->shim_pid, err) < 0)
		return -1;
	if (lx_signals_block(err) < 0 || (s->sigfd = lx_signals_fd(err)) < 0)
		return -1;
	snprintf(path, sizeof path, "%s/console.log", s->run_dir);
	lx_console_log_open(&s->log, path);
	if (lx_console_logfile_setup(s, err) < 0 || lx_console_peer_open(s, err) < 0)
		return -1;
	if (lx_cgroup_create(&s->cg, s->spec.cgroup_root, s->spec.cgroup_name, err) < 0)
		return lx_wrap(err, "create cgroup");
	if (lx_cgroup_limits_apply(&s->cg, &s->spec.confine, err) < 0)
		return lx_wrap(err, "cgroup limits");
	if (lx_userns_enabled(&s->spec.userns) && chown_cgroup(s, err) < 0)
		return lx_wrap(err, "cgroup ownership");
	if (s->spec.confine.ncg_v2 && lx_cgroup_legacy(&s->cg))
		lx_log("ignoring %zu lxc.cgroup2 limits on a legacy cgroup layout, as LXC does", s->spec.confine.ncg_v2);
	if (lx_confine_check(&s->spec.confine, err) < 0)
		return -1;
	if (lx_seccomp_skip_nested(&s->spec.confine))
		lx_log("already seccomp-confined, not loading `%s` (lxc.seccomp.allow_nesting = 0)", s->spec.confine.seccomp_profile);
	else if (lx_seccomp_prepare(s->spec.confine.seccomp_profile, &s->seccomp, err) < 0)
		return lx_wrap(err, "confinement");
	if (lx_server_listen(s, err) < 0)
		return lx_wrap(err, "listen");
	if (lx_hooks_host(s, LX_HOOK_PRE_START, err) < 0)
		return lx_wrap(err, "run pre-start hooks");
	if (lx_init_start(s, err) < 0)
		return -1;
	return write_pidfile(s, "init.pid", s->init_pid, err);
}

/* How long an execute's stdio waits for its bridge after the command ended. */
#define LX_STDIO_CLAIM_MS 5000

static int poll_timeout(const lx_shim *s)
{
	int64_t now = lx_now_ms(), t = -1;
	if (s->kill_deadline)
		t = s->kill_deadline - now;
	if (lx_attach_active((lx_shim *)s) || s->init_exited || s->freeze_waiters)
		t = (t < 0 || t > 50) ? 50 : t;
	return t < 0 && t != -1 ? 0 : (int)t;
}

static void loop_once(lx_shim *s)
{
	static lx_pollset ps;
	ps.n = 0;
	lx_poll_add(&ps, s->sigfd, POLLIN, lx_signals_handle, NULL);
	/* An execute's terminal is read by its `stdio` session only (console.log stays empty, as LXC's). */
	if (!s->spec.init_tty && lx_console_readable(&s->console))
		lx_poll_add(&ps, s->console.master, POLLIN, drain_tty, &s->console);
	for (int i = 0; i < s->ntty; i++)
		if (lx_console_readable(&s->ttys[i]))
			lx_poll_add(&ps, s->ttys[i].master, POLLIN, drain_tty, &s->ttys[i]);
	lx_server_poll(s, &ps);
	lx_console_peer_poll(s, &ps);
	if (poll(ps.fds, (nfds_t)ps.n, poll_timeout(s)) < 0 && errno != EINTR)
		lx_log("poll: %s", lx_errname(errno));
	for (int i = 0; i < ps.n; i++)
		if (ps.fds[i].revents)
			ps.handlers[i](s, ps.ptrs[i], ps.fds[i].revents);
	lx_server_tick(s);
	lx_server_sweep(s);
	if (s->kill_deadline && lx_now_ms() >= s->kill_deadline && !s->init_exited) {
		kill(s->init_pid, SIGKILL);
		s->kill_deadline = 0;
	}
}

static void write_exit_record(lx_shim *s, int code, int sig)
{
	char path[PATH_MAX], rec[256];
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(path, sizeof path, "%s/exit", s->run_dir);
	snprintf(rec, sizeof rec, "status\t%d\ncode\t%d\nsignal\t%d\ntime\t%lld\noom\t%ld\n", s->init_status, code, sig,
		 (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, s->oom_kills);
	if (lx_write_file_atomic(path, rec) < 0)
		lx_log("write %s: %s", path, lx_errname(errno));
}

static void finish(lx_shim *s)
{
	lx_error err = {0};
	char path[PATH_MAX];
	int code = WIFEXITED(s->init_status) ? WEXITSTATUS(s->init_status) : 0;
	int sig = WIFSIGNALED(s->init_status) ? WTERMSIG(s->init_status) : 0;
	/* What init (or its command) wrote last is still in the pty: keep it in console.log. */
	lx_console_flush(s, &s->console);
	if (s->console.master >= 0)
		lx_console_drain(s->console.master, &s->log);
	lx_console_peer_close(s);
	lx_hooks_stopped(s, LX_HOOK_STOP);
	lx_net_teardown(&s->spec.net);
	s->oom_kills = lx_cgroup_oom_kills(&s->cg);
	lx_freezer_ensure_thawed(&s->cg);
	if (lx_cgroup_destroy(&s->cg, 2000, &err) < 0) {
		char msg[1200];
		lx_error_format(&err, msg, sizeof msg);
		lx_log("remove cgroup: %s", msg);
	}
	/* Before the exit record: lxc-stop returns once post-stop is done, as LXC's STOPPED follows it. */
	lx_hooks_stopped(s, LX_HOOK_POST_STOP);
	lx_hooks_release_ns(s);
	write_exit_record(s, code, sig);
	close(s->listen_fd);
	unlink(s->sock_path);
	snprintf(path, sizeof path, "%s/shim.pid", s->run_dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/init.pid", s->run_dir);
	unlink(path);
	lx_server_notify_exit(s, code, sig);
}

static void run(lx_shim *s)
{
	while (!s->init_exited)
		loop_once(s);
	/* A quick lxc-execute command may end before its stdio is claimed: its output waits in the pipes. */
	s->drain_deadline = lx_now_ms() + LX_STDIO_CLAIM_MS;
	while (s->stdio[1] >= 0 && lx_now_ms() < s->drain_deadline)
		loop_once(s);
	/* The pid namespace died with init; give exec sessions a moment to report their exits
	 * (an execute's stdio longer: the last of its output may still be in the pipes). */
	s->drain_deadline = lx_now_ms() + (s->spec.init_stdio ? LX_STDIO_CLAIM_MS : 500);
	while (lx_attach_active(s) && lx_now_ms() < s->drain_deadline)
		loop_once(s);
	finish(s);
}

/* The addon passes the title as argv[0]; the rest of the argv area is blanked so that
 * /proc/<pid>/cmdline reads like `[lxc monitor] <lxcpath> <name>`. */
static void set_title(int argc, char **argv)
{
	char *end = argv[argc - 1] + strlen(argv[argc - 1]);
	prctl(PR_SET_NAME, "lxcbus-shim");
	if (argc > 1)
		memset(argv[1], 0, (size_t)(end - argv[1]));
}

static void detach(const lx_shim *s, int ready_fd)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	/* The log sits in the container dir, which an ordinary owner's group may write: never follow what she planted. */
	int log = s->spec.log_file ? lx_open_untrusted(s->spec.log_file, O_WRONLY | O_APPEND | O_CREAT, 0640) : -1;
	pid_t pid = fork();
	if (pid < 0)
		_exit(1);
	if (pid > 0)
		_exit(0); /* the addon reaps this one at once; the shim lives on, re-parented */
	setsid();
	dup2(null, 0);
	dup2(null, 1);
	dup2(log >= 0 ? log : null, 2);
	if (null > 2)
		close(null);
	if (log > 2)
		close(log);
	(void)ready_fd;
	if (chdir("/") < 0)
		_exit(1);
}

int main(int argc, char **argv)
{
	static lx_shim s;
	lx_error err = {0}, cleanup_err = {0};
	int ready_fd = argc > 3 ? atoi(argv[3]) : -1;
	if (argc > 1 && strcmp(argv[1], "usernsexec") == 0) {
		argv[1] = (char *)"lxc-usernsexec"; /* getopt's messages name the tool the user ran */
		return lx_usernsexec_main(argc - 1, argv + 1);
	}
	if (argc > 1 && strcmp(argv[1], "hooks") == 0)
		return lx_hooks_main(argc - 1, argv + 1);
	if (argc < 3) {
		fprintf(stderr, "usage: lxcbus-shim <spec-file> <run-dir> [<ready-fd>]\n");
		return 2;
	}
	if (ready_fd >= 0)
		fcntl(ready_fd, F_SETFD, FD_CLOEXEC);
	s.run_dir = strdup(argv[2]);
	s.sigfd = s.listen_fd = s.console.master = -1;
	for (int i = 0; i < 3; i++)
		s.stdio[i] = s.stdio_child[i] = -1;
	if (lx_spec_load(argv[1], &s.spec, &err) < 0) {
		report_ready(ready_fd, &s, &err);
		return 1;
	}
	detach(&s, ready_fd);
	set_title(argc, argv);
	s.shim_pid = getpid();
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	if (start(&s, &err) < 0) {
		char msg[1200];
		lx_error_format(&err, msg, sizeof msg);
		lx_log("%s: start failed: %s", s.spec.name, msg);
		/* Clean up before reporting: whoever sees the failure must not find a stale cgroup. LXC runs
		 * stop and post-stop after a failed start too (measured, hooks.md). */
		lx_hooks_stopped(&s, LX_HOOK_STOP);
		lx_console_peer_close(&s);
		lx_net_teardown(&s.spec.net);
		lx_cgroup_destroy(&s.cg, 1000, &cleanup_err);
		lx_hooks_stopped(&s, LX_HOOK_POST_STOP);
		lx_hooks_release_ns(&s);
		report_ready(ready_fd, &s, &err);
		if (s.sock_path[0])
			unlink(s.sock_path);
		snprintf(msg, sizeof msg, "%s/shim.pid", s.run_dir);
		unlink(msg);
		return 1;
	}
	report_ready(ready_fd, &s, NULL);
	run(&s);
	return 0;
}
