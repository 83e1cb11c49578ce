/*
 * The container init: clone into new namespaces, then a named handshake over a SEQPACKET
 * socketpair.
 *
 *   parent                         child (pid 1 of the new pid namespace)
 *   clone ------------------------> waits for CGROUP_JOINED
 *   writes uid_map/gid_map (userns.c) when the spec has idmap lines
 *   idmapped rootfs fd (SCM_RIGHTS) -> with lxc.rootfs.options = idmap=container (idmapped.h)
 *   writes pid to cgroup.procs
 *   creates the nics (net.c): veth peers appear in the child's netns
 *   CGROUP_JOINED ----------------> becomes uid/gid 0 of its user namespace (if any)
 *                                   unshare(CLONE_NEWCGROUP): the ns is rooted at its cgroup
 *                                   addresses, links up, gateways, lo (net.c)
 *                                   console as ctty, pre-mount hooks (hooks.c), rootfs, hostname
 *                 <---------------- ROOTFS_READY
 *                                   caps, LSM label, no_new_privs, seccomp (confine.c)
 *                                   uid/gid, env, execve(init)
 *                 <---------------- EOF (the socket is close-on-exec), or ERR\t... and _exit
 */
#define _GNU_SOURCE
#include "hooks.h"
#include "hooks-host.h"
#include "safe-open.h"
#include "idmapped.h"
#include "namespaces.h"
#include "net.h"
#include "rootfs.h"
#include "shim.h"
#include "userns.h"
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>

/* START_HOOKED / START_HOST_DONE only with lxc.hook.start-host: init waits for it before exec. */
enum lx_sync_step { LX_SYNC_CGROUP_JOINED = 1, LX_SYNC_ROOTFS_READY = 2, LX_SYNC_START_HOOKED = 3, LX_SYNC_START_HOST_DONE = 4 };

static int sync_send(int fd, int step)
{
	char msg[16];
	int n = snprintf(msg, sizeof msg, "STEP\t%d", step);
	return send(fd, msg, (size_t)n, MSG_NOSIGNAL) == n ? 0 : -1;
}

/* Returns the step received, 0 on EOF, or -1 with *err filled from an ERR message. */
static int sync_recv(int fd, lx_error *err)
{
	char msg[2048];
	ssize_t n;
	do
		n = recv(fd, msg, sizeof msg - 1, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return lx_fail_sys(err, "recv", "init handshake");
	if (n == 0)
		return 0;
	msg[n] = 0;
	if (strncmp(msg, "STEP\t", 5) == 0)
		return atoi(msg + 5);
	if (lx_error_parse(msg, err) < 0)
		lx_fail(err, EPROTO, "recv", NULL, "bad handshake message");
	return -1;
}

static int setup_console(const char *slave, lx_error *err)
{
	int fd;
	if (setsid() < 0)
		return lx_fail_sys(err, "setsid", NULL);
	if (!slave)
		return 0;
	fd = open(slave, O_RDWR);
	if (fd < 0)
		return lx_fail_sys(err, "open", slave);
	if (ioctl(fd, TIOCSCTTY, 0) < 0)
		return lx_fail_sys(err, "ioctl(TIOCSCTTY)", slave);
	for (int i = 0; i < 3; i++)
		if (dup2(fd, i) < 0)
			return lx_fail_sys(err, "dup2", slave);
	if (fd > 2)
		close(fd);
	return 0;
}

/* lxc.console.path = none: init's stdio are the container's /dev/null, as LXC's (measured). */
static int null_stdio(lx_error *err)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return lx_fail_sys(err, "open", "/dev/null");
	for (int i = 0; i < 3; i++)
		if (dup2(fd, i) < 0)
			return lx_fail_sys(err, "dup2", "/dev/null");
	if (fd > 2)
		close(fd);
	return 0;
}

static char **init_env(const lx_spec *spec)
{
	char **env = calloc(spec->envc + 2, sizeof(char *));
	size_t n = 0;
	int has_container = 0;
	for (size_t i = 0; env && i < spec->envc; i++) {
		has_container |= strncmp(spec->env[i], "container=", 10) == 0;
		env[n++] = spec->env[i];
	}
	if (env && !has_container)
		env[n++] = "container=lxc";
	return env;
}

static int become_user(uid_t uid, gid_t gid, lx_error *err)
{
	/* EPERM: setgroups denied in this user namespace (newgidmap of an own gid only); none are held. */
	if (setgroups(0, NULL) < 0 && errno != EPERM)
		return lx_fail_sys(err, "setgroups", NULL);
	if (setgid(gid) < 0)
		return lx_fail_sys(err, "setgid", NULL);
	if (setuid(uid) < 0)
		return lx_fail_sys(err, "setuid", NULL);
	return 0;
}

/* The idmapped rootfs is made by the shim once the init's user namespace has its maps. */
static int wants_idmapped_root(const lx_spec *spec)
{
	return spec->rootfs_idmap && lx_userns_enabled(&spec->userns);
}

static int has_init_hooks(const lx_spec *spec)
{
	return spec->nhooks[LX_HOOK_PRE_MOUNT] || spec->nhooks[LX_HOOK_MOUNT] || spec->nhooks[LX_HOOK_AUTODEV] ||
	       spec->nhooks[LX_HOOK_START];
}

/* Hooks run after pivot cannot reach the log by path: it is opened here, close-on-exec for init.
 * Without a log their output is dropped, never sent to the console (init's stderr by now). */
static void open_hook_log(const lx_spec *spec)
{
	int fd = -1;
	if (!has_init_hooks(spec))
		return;
	/* As the shim's own log (main.c): never follow a link the container's owner planted. */
	if (spec->log_file)
		fd = lx_open_untrusted(spec->log_file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	lx_hooks_set_log(fd >= 0 ? fd : open("/dev/null", O_WRONLY | O_CLOEXEC));
}

/* lxc.hook.start as LXC's do_start: confined, as root, before init's uid; then start-host by the shim. */
static int run_start_hooks(const lx_spec *spec, int sync, lx_error *err)
{
	if (lx_hooks_run(spec, LX_HOOK_START, NULL, err) < 0)
		return lx_wrap(err, "run start hooks");
	if (spec->nhooks[LX_HOOK_START_HOST] == 0)
		return 0;
	if (sync_send(sync, LX_SYNC_START_HOOKED) < 0)
		return lx_fail_sys(err, "send", "init handshake");
	if (sync_recv(sync, err) != LX_SYNC_START_HOST_DONE)
		return lx_fail(err, EPROTO, "recv", NULL, "handshake: expected START_HOST_DONE");
	return 0;
}

static int child_setup(lx_shim *s, int sync, lx_error *err)
{
	const lx_spec *spec = &s->spec;
	lx_dev_ctx dev = {.console_slave = spec->console_none ? NULL : s->console.slave_path, .ntty = s->ntty};
	int idmapped_fd = -1;
	for (int i = 0; i < s->ntty; i++)
		dev.tty_slaves[i] = s->ttys[i].slave_path;
	if (wants_idmapped_root(spec) && (idmapped_fd = lx_fd_recv(sync, err)) < 0)
		return -1;
	if (sync_recv(sync, err) != LX_SYNC_CGROUP_JOINED)
		return lx_fail(err, EPROTO, "recv", NULL, "handshake: expected CGROUP_JOINED");
	if (lx_userns_enabled(&spec->userns) && lx_userns_become_root(&spec->userns, err) < 0)
		return lx_wrap(err, "enter user namespace");
	if (unshare(CLONE_NEWCGROUP) < 0)
		return lx_fail_sys(err, "unshare(CLONE_NEWCGROUP)", NULL);
	if (lx_net_configure(&spec->net, err) < 0)
		return lx_wrap(err, "setup network");
	if (setup_console(dev.console_slave, err) < 0)
		return lx_wrap(err, "setup console");
	open_hook_log(spec);
	if (lx_hooks_premount(spec, err) < 0)
		return lx_wrap(err, "run pre-mount hooks");
	if (lx_rootfs_setup(spec, &dev, idmapped_fd, err) < 0)
		return -1;
	if (spec->console_none && null_stdio(err) < 0)
		return lx_wrap(err, "setup console");
	if (idmapped_fd >= 0)
		close(idmapped_fd);
	if (spec->hostname && sethostname(spec->hostname, strlen(spec->hostname)) < 0)
		return lx_fail_sys(err, "sethostname", spec->hostname);
	if (sync_send(sync, LX_SYNC_ROOTFS_READY) < 0)
		return lx_fail_sys(err, "send", "init handshake");
	if (chdir(spec->cwd) < 0)
		return lx_fail_sys(err, "chdir", spec->cwd);
	if (lx_confine_apply(&spec->confine, s->seccomp, err) < 0)
		return -1;
	if (run_start_hooks(spec, sync, err) < 0)
		return -1;
	return become_user(spec->uid, spec->gid, err);
}

static volatile sig_atomic_t reaper_child;

static void forward_signal(int sig)
{
	if (reaper_child > 0)
		kill(reaper_child, sig);
}

/* The command's own session, the console its controlling tty (LXC's init.lxc does the same). */
static void own_console(int tty)
{
	int fd = (tty & 1) ? 0 : (tty & 2) ? 1 : 2;
	if (setsid() >= 0)
		ioctl(fd, TIOCSCTTY, 0);
}

/*
 * lxc-execute's init (LXC's init.lxc): pid 1 forks the command, forwards the usual signals to it,
 * reaps every orphan, and when the command is gone kills what is left and exits with its status
 * (128+signal when it was killed). An exec failure is exit 255 without a message, as LXC 5.0.2.
 */
static __attribute__((noreturn)) void reaper_main(lx_shim *s, int sync, char **env)
{
	static const int fwd[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGPWR, SIGCONT, SIGWINCH};
	struct sigaction sa = {.sa_handler = forward_signal};
	int status = 0, code = 0;
	pid_t pid, child;
	struct termios t;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof fwd / sizeof fwd[0]; i++)
		sigaction(fwd[i], &sa, NULL);
	/* The command's output reaches the caller byte for byte: no \n -> \r\n on the console. A
	 * terminal given to the command keeps it, as LXC's console does. */
	if (!s->spec.init_tty && tcgetattr(1, &t) == 0) {
		t.c_oflag &= ~(tcflag_t)OPOST;
		tcsetattr(1, TCSANOW, &t);
	}
	/* The command takes the console as its controlling tty (job control, ^C to its group):
	 * init lets go of it first (the SIGHUP this sends init finds no command to forward to). */
	if (s->spec.init_tty)
		ioctl(0, TIOCNOTTY);
	prctl(PR_SET_NAME, "init", 0, 0, 0);
	child = fork();
	if (child == 0) {
		int null = s->stdio_child[0] < 0 && !(s->spec.init_tty & 1) ? open("/dev/null", O_RDONLY) : -1;
		if (null >= 0 && null != 0) {
			dup2(null, 0);
			close(null);
		}
		/* lxc-execute's caller stdio, bridged by the shim (the originals are close-on-exec). */
		for (int i = 0; i < 3; i++)
			if (s->stdio_child[i] >= 0)
				dup2(s->stdio_child[i], i);
		for (size_t i = 0; i < sizeof fwd / sizeof fwd[0]; i++)
			signal(fwd[i], SIG_DFL);
		if (s->spec.init_tty)
			own_console(s->spec.init_tty);
		execvpe(s->spec.init_argv[0], s->spec.init_argv, env);
		_exit(255);
	}
	/* What an exec would have closed (the handshake, the shim's ready pipe, ...) must not stay open in pid 1. */
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
	(void)sync;
	if (child < 0)
		_exit(255);
	reaper_child = child;
	for (;;) {
		pid = waitpid(-1, &status, 0);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0)
			break;
		if (pid == child) {
			code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
			reaper_child = 0;
			kill(-1, SIGKILL);
		}
	}
	_exit(code);
}

static __attribute__((noreturn)) void child_main(lx_shim *s, int sync)
{
	lx_error err = {0};
	char **env;
	lx_signals_reset();
	if (child_setup(s, sync, &err) == 0) {
		env = init_env(&s->spec);
		if (s->spec.init_reaper)
			reaper_main(s, sync, env);
		execvpe(s->spec.init_argv[0], s->spec.init_argv, env);
		lx_fail(&err, errno, "execve", s->spec.init_argv[0], "exec init `%s`", s->spec.init_argv[0]);
	}
	lx_error_send(sync, &err);
	_exit(127);
}

static int open_ptys(lx_shim *s, lx_error *err)
{
	if (!s->spec.console_none && lx_pty_open_host(&s->console, err) < 0)
		return lx_wrap(err, "allocate console");
	lx_console_peer_winsize(s);
	s->ntty = s->spec.tty_max < LX_TTY_MAX ? s->spec.tty_max : LX_TTY_MAX;
	for (int i = 0; i < s->ntty; i++)
		if (lx_pty_open_host(&s->ttys[i], err) < 0)
			return lx_wrap(err, "allocate tty%d", i + 1);
	if (lx_ttys_keep_open(s, err) < 0)
		return -1;
	if (!lx_userns_enabled(&s->spec.userns))
		return 0;
	/* The container's root opens them after it left host root: they must be its own, as LXC makes them. */
	if (!s->spec.console_none && lx_userns_chown(&s->spec.userns, s->console.slave_path, err) < 0)
		return lx_wrap(err, "allocate console");
	for (int i = 0; i < s->ntty; i++)
		if (lx_userns_chown(&s->spec.userns, s->ttys[i].slave_path, err) < 0)
			return lx_wrap(err, "allocate tty%d", i + 1);
	return 0;
}

static int send_idmapped_root(lx_shim *s, int sync, lx_error *err)
{
	int fd, rc;
	if (s->spec.rootfs_lower)
		return lx_fail(err, EINVAL, "mount_setattr", s->spec.rootfs, "idmap=container with an overlay rootfs is not supported");
	fd = lx_idmapped_rootfs_open(s->spec.rootfs, s->init_pid, lx_rootfs_flags(&s->spec), err);
	if (fd < 0)
		return -1;
	rc = lx_fd_send(sync, fd, err);
	close(fd);
	return rc;
}

static int start_host(lx_shim *s, int sync, lx_error *err)
{
	int step = sync_recv(sync, err);
	if (step < 0)
		return -1;
	if (step != LX_SYNC_START_HOOKED)
		return lx_fail(err, EPROTO, "recv", NULL, "init died during setup");
	if (lx_hooks_host(s, LX_HOOK_START_HOST, err) < 0)
		return lx_wrap(err, "run start-host hooks");
	if (sync_send(sync, LX_SYNC_START_HOST_DONE) < 0)
		return lx_fail_sys(err, "send", "init handshake");
	return 0;
}

static int parent_handshake(lx_shim *s, int sync, lx_error *err)
{
	int step;
	if (lx_userns_enabled(&s->spec.userns) && lx_userns_write_maps(&s->spec.userns, s->init_pid, err) < 0)
		return lx_wrap(err, "setup user namespace");
	if (wants_idmapped_root(&s->spec) && send_idmapped_root(s, sync, err) < 0)
		return lx_wrap(err, "setup rootfs");
	if (lx_cgroup_attach(&s->cg, s->init_pid, err) < 0)
		return lx_wrap(err, "join cgroup");
	if (lx_net_create(&s->spec.net, s->init_pid, err) < 0)
		return lx_wrap(err, "create network");
	if (sync_send(sync, LX_SYNC_CGROUP_JOINED) < 0)
		return lx_fail_sys(err, "send", "init handshake");
	step = sync_recv(sync, err);
	if (step < 0)
		return -1;
	if (step != LX_SYNC_ROOTFS_READY)
		return lx_fail(err, EPROTO, "recv", NULL, "init died during setup");
	if (s->spec.nhooks[LX_HOOK_START_HOST] && start_host(s, sync, err) < 0)
		return -1;
	step = sync_recv(sync, err);
	if (step != 0)
		return step < 0 ? -1 : lx_fail(err, EPROTO, "recv", NULL, "unexpected handshake step %d", step);
	/* The cgroup namespace init made for itself, kept only by a start that succeeded, as LXC's. */
	lx_hooks_keep_ns(s);
	return 0;
}

/*
 * lxc-execute with init.stdio: three pipes, child ends for the command, shim ends kept. With
 * init.tty, the fds the caller has on a terminal are the console instead (init's own 0-2, so the
 * child keeps them), and the shim's end of those is the console master: LXC's
 * lxc_terminal_set_stdfds. Console output is one stream: stdout's, or stderr's when only it is a tty.
 */
static int open_stdio(lx_shim *s, lx_error *err)
{
	int p[2], tty = s->spec.init_tty;
	if (!s->spec.init_reaper || !s->spec.init_stdio)
		return 0;
	if (tty > 7 || (tty && !(tty & 6)))
		return lx_fail(err, EINVAL, "spec", NULL, "init.tty %d: a terminal needs stdout or stderr", tty);
	if (tty && s->spec.init_tty_rows > 0 && s->spec.init_tty_cols > 0)
		lx_pty_set_size(s->console.master, s->spec.init_tty_rows, s->spec.init_tty_cols);
	for (int i = 0; i < 3; i++) {
		if (tty & (1 << i)) {
			int shared = i == 2 && (tty & 2); /* stdout already carries the console's output */
			s->stdio[i] = shared ? -1 : fcntl(s->console.master, F_DUPFD_CLOEXEC, 0);
			if (!shared && s->stdio[i] < 0)
				return lx_fail_sys(err, "dup", "execute console");
			continue;
		}
		if (pipe2(p, O_CLOEXEC) < 0)
			return lx_fail_sys(err, "pipe2", "execute stdio");
		s->stdio[i] = p[i == 0 ? 1 : 0];
		s->stdio_child[i] = p[i == 0 ? 0 : 1];
	}
	return 0;
}

static void close_stdio_child(lx_shim *s)
{
	for (int i = 0; i < 3; i++) {
		if (s->stdio_child[i] >= 0)
			close(s->stdio_child[i]);
		s->stdio_child[i] = -1;
	}
}

int lx_init_start(lx_shim *s, lx_error *err)
{
	int sv[2];
	if (open_ptys(s, err) < 0)
		return -1;
	if (open_stdio(s, err) < 0)
		return -1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return lx_fail_sys(err, "socketpair", NULL);
	s->init_pid = lx_clone(lx_init_clone_flags(&s->spec), err);
	if (s->init_pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (s->init_pid == 0) {
		close(sv[0]);
		child_main(s, sv[1]);
	}
	close(sv[1]);
	/* The namespaces clone made, for the stop hooks, even if the start fails from here on (LXC). */
	s->hook_pid = s->init_pid;
	lx_hooks_keep_ns(s);
	/* Only the command holds the write ends now: its exit is the bridge's EOF. */
	close_stdio_child(s);
	if (parent_handshake(s, sv[0], err) < 0) {
		close(sv[0]);
		kill(s->init_pid, SIGKILL);
		waitpid(s->init_pid, NULL, 0);
		s->init_pid = 0;
		return -1;
	}
	close(sv[0]);
	return 0;
}
