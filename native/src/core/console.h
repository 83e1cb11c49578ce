/*
 * Terminals. The console is a pty from the host's devpts: the shim keeps the master and drains
 * it, the slave is bind-mounted on the container's /dev/console and is init's controlling tty.
 * Exec sessions with a tty allocate from the container's own devpts instead (see attach.c).
 */
#ifndef LXCBUS_CONSOLE_H
#define LXCBUS_CONSOLE_H
#include "error.h"
#include <sys/types.h>

typedef struct lx_pty {
	int master;
	char slave_path[64];
	struct lx_conn *holder; /* the one console client attached to it (console-attach.c) */
	int keep;		/* ttys: a slave fd the shim holds (console-attach.c lx_ttys_keep_open) */
} lx_pty;

int lx_pty_open_host(lx_pty *pty, lx_error *err);
/* Opens `ptmx_path` (which may lie inside a container) and the peer slave, without a path lookup. */
int lx_pty_open_at(const char *ptmx_path, int *master, int *slave, lx_error *err);
int lx_pty_set_size(int fd, int rows, int cols);

/* Console output goes to a file capped at LX_CONSOLE_LOG_MAX; it restarts from empty when full,
 * so a chatty container never blocks on its console and never fills the disk. */
#define LX_CONSOLE_LOG_MAX (1024 * 1024)
typedef struct lx_console_log {
	int fd;
	off_t size;
	struct lx_console_file *file; /* lxc.console.logfile, written alongside (console-file.h) */
	struct lx_console_peer *peer; /* lxc.console.path = a host terminal (console-peer.h) */
} lx_console_log;

int lx_console_log_open(lx_console_log *log, const char *path);
/* Console output to console.log and to lxc.console.logfile if there is one. */
void lx_console_log_write(lx_console_log *log, const char *buf, size_t n);
/* Reads what is available from `master`; returns 0, or -1 when the pty hung up. */
int lx_console_drain(int master, lx_console_log *log);

#endif
