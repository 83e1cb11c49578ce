/*
 * Signals arrive through a signalfd so the poll loop sees them in order with everything else.
 * SIGTERM/SIGINT/SIGHUP to the shim are logged and ignored: the container's life is managed
 * through the socket, and a stray signal must not orphan the init.
 */
#define _GNU_SOURCE
#include "shim.h"
#include <signal.h>
#include <stdio.h>
#include <sys/signalfd.h>
#include <sys/wait.h>

static sigset_t handled(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	return set;
}

int lx_signals_block(lx_error *err)
{
	sigset_t set = handled();
	signal(SIGPIPE, SIG_IGN);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return lx_fail_sys(err, "sigprocmask", NULL);
	return 0;
}

/* In children before exec: blocked masks and ignored dispositions survive execve. */
void lx_signals_reset(void)
{
	sigset_t all;
	sigfillset(&all);
	sigprocmask(SIG_UNBLOCK, &all, NULL);
	signal(SIGPIPE, SIG_DFL);
}

static void reap(lx_shim *s)
{
	int status;
	pid_t pid;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid == s->init_pid && !s->init_exited) {
			s->init_exited = 1;
			s->init_status = status;
			continue;
		}
		if (lx_attach_reaped(s, pid, status))
			continue;
		s->orphans[s->next_orphan].pid = pid;
		s->orphans[s->next_orphan].status = status;
		s->next_orphan = (s->next_orphan + 1) % LX_ORPHANS;
	}
}

void lx_signals_handle(lx_shim *s, void *ptr, short revents)
{
	struct signalfd_siginfo si;
	(void)ptr;
	(void)revents;
	while (read(s->sigfd, &si, sizeof si) == sizeof si) {
		if (si.ssi_signo != SIGCHLD)
			lx_log("ignoring signal %u from pid %u", si.ssi_signo, si.ssi_pid);
	}
	reap(s);
}


int lx_signals_fd(lx_error *err)
{
	sigset_t set = handled();
	int fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (fd < 0)
		return lx_fail_sys(err, "signalfd", NULL);
	return fd;
}
