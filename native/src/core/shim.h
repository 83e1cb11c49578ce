/*
 * The shim's state. One shim per container: parent of the container init, single-threaded,
 * driven by one poll loop (main.c) over the signalfd, the listening socket, console ptys,
 * client connections (server.c) and exec sessions (attach.c).
 */
#ifndef LXCBUS_SHIM_H
#define LXCBUS_SHIM_H
#include "cgroup.h"
#include "console.h"
#include "console-file.h"
#include "console-peer.h"
#include "devices.h"
#include "spec.h"
#include "util.h"
#include <limits.h>
#include <poll.h>
#include <sys/types.h>

typedef struct lx_session lx_session;

enum lx_conn_kind { LX_CONN_REQUEST, LX_CONN_WATCH, LX_CONN_STOP, LX_CONN_EXEC_HEADER, LX_CONN_EXEC, LX_CONN_FREEZE, LX_CONN_CONSOLE };

typedef struct lx_conn {
	int fd;
	int kind;
	lx_buf in, out;
	int dead;		/* freed by the sweep at the end of the loop iteration */
	int close_after_flush;
	/* exec: EXIT sent and writing shut down; the client's close (or this time) ends it, so a
	 * late input frame meets an open socket instead of a reset that would cost it the EXIT. */
	int64_t linger_until;
	lx_session *sess;
	int64_t freeze_deadline; /* LX_CONN_FREEZE: give up (ETIMEDOUT) at this time */
	int freeze_target;
	struct lx_console_sess *csess; /* LX_CONN_CONSOLE: the terminal it holds */
	struct lx_conn *next;
} lx_conn;

#define LX_ORPHANS 64

#define LX_HOOK_NS_MAX 7

typedef struct lx_shim {
	lx_spec spec;
	const char *run_dir;
	char sock_path[PATH_MAX];
	lx_cgroup cg;
	pid_t shim_pid, init_pid;
	lx_pty console;
	lx_pty ttys[LX_TTY_MAX];
	int ntty;
	lx_console_log log;
	lx_console_file conlog; /* lxc.console.logfile (console-file.h) */
	lx_console_peer peer;	/* lxc.console.path = a host terminal (console-peer.h) */
	int sigfd, listen_fd;
	lx_conn *conns;
	int init_exited, init_status;
	int64_t kill_deadline;	/* stop timeout: SIGKILL init at this time (0 = none) */
	int64_t drain_deadline; /* after init died: last moment to flush exec sessions */
	struct {
		pid_t pid;
		int status;
	} orphans[LX_ORPHANS]; /* reaped before their session learned the pid */
	int next_orphan;
	lx_seccomp *seccomp; /* compiled once at start; loaded by init and by every exec */
	long oom_kills; /* read from the memory cgroup before it is removed */
	int freeze_waiters; /* connections waiting for the freezer to settle */
	/* lxc-execute (spec init.stdio): the command's stdin, stdout and stderr are pipes. The shim
	 * holds its ends (write, read, read) until a `stdio` connection claims them; -1 otherwise. */
	int stdio[3], stdio_child[3];
	/* The container's namespaces kept open for the stop hooks' references (hooks-host.c); 0 = none. */
	int hook_ns[LX_HOOK_NS_MAX];
	pid_t hook_pid; /* LXC_PID for start-host and the stop hooks: init's pid, kept after a failed start */
} lx_shim;

typedef void (*lx_handler)(lx_shim *s, void *ptr, short revents);
#define LX_POLL_MAX 1024
typedef struct lx_pollset {
	struct pollfd fds[LX_POLL_MAX];
	lx_handler handlers[LX_POLL_MAX];
	void *ptrs[LX_POLL_MAX];
	int n;
} lx_pollset;
void lx_poll_add(lx_pollset *ps, int fd, short events, lx_handler h, void *ptr);

/* init.c */
int lx_init_start(lx_shim *s, lx_error *err);

/* signals.c */
int lx_signals_block(lx_error *err);
void lx_signals_reset(void);
int lx_signals_fd(lx_error *err);
void lx_signals_handle(lx_shim *s, void *ptr, short revents);

/* server.c */
int lx_server_listen(lx_shim *s, lx_error *err);
void lx_server_poll(lx_shim *s, lx_pollset *ps);
void lx_server_sweep(lx_shim *s);
void lx_server_tick(lx_shim *s);
void lx_server_notify_exit(lx_shim *s, int code, int sig);
void lx_conn_send(lx_conn *c, const char *line);
void lx_conn_frame(lx_conn *c, unsigned type, const void *payload, size_t len);
void lx_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* server-cgroup.c: `cgroup get|set`, `freeze`, `thaw`. Returns 0 if `verb` is not one of them. */
int lx_server_cgroup_verb(lx_shim *s, lx_conn *c, const char *verb, char *line);
void lx_server_freeze_tick(lx_shim *s, lx_conn *c);

/* device-ctl.c: `device add|del <src> <dst>` (lxc-device). */
void lx_server_device_verb(lx_shim *s, lx_conn *c, char *args);

/* attach.c */
int lx_attach_begin(lx_shim *s, lx_conn *c);
void lx_attach_poll(lx_shim *s, lx_conn *c, lx_pollset *ps);
void lx_attach_frames(lx_shim *s, lx_conn *c);
void lx_attach_tick(lx_shim *s, lx_conn *c);
void lx_attach_hangup(lx_shim *s, lx_conn *c);
void lx_attach_free(lx_session *sess);
int lx_attach_reaped(lx_shim *s, pid_t pid, int status);
int lx_attach_active(lx_shim *s);
/* The `stdio` connection: bridges the execute command's pipes with exec frames (EXIT = init's). */
void lx_attach_adopt(lx_shim *s, lx_conn *c);

/* console-attach.c: `console <tty> <replay>` (lxc-console, lxc-start -F) */
void lx_console_attach(lx_shim *s, lx_conn *c, long tty, long replay);
void lx_console_frames(lx_shim *s, lx_conn *c);
void lx_console_poll(lx_shim *s, lx_conn *c, lx_pollset *ps);
int lx_console_readable(const lx_pty *pty);
int lx_console_forward(lx_shim *s, lx_pty *pty);
void lx_console_flush(lx_shim *s, lx_pty *pty);
void lx_console_release(lx_shim *s, lx_conn *c);
/* console-file.c: lxc.console.logfile, opened at start */
int lx_console_logfile_setup(lx_shim *s, lx_error *err);
int lx_ttys_keep_open(lx_shim *s, lx_error *err);

#endif
