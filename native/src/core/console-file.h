/*
 * lxc.console.logfile (lxc-start -L): the console's output appended to a host file, as LXC's
 * monitor writes it (terminal.c, 5.0.2). Opened O_APPEND|O_CREAT mode 0600, never truncated at
 * start. With lxc.console.size > 0 the file holds at most that many bytes: when full it is
 * truncated, or with lxc.console.rotate renamed to FILE.1 and created again, LXC's algorithm
 * byte for byte (what overflows a write goes to the fresh file). A file that is not a regular
 * file takes no output at all when a size is set, as in LXC.
 *
 * The path is the caller's: it is opened (and renamed) by a child that runs with the owner's
 * uid/gid and no supplementary groups, so an ordinary user's container cannot make the
 * root-run shim write where that user could not; root's own goes through lx_open_untrusted.
 */
#ifndef LXCBUS_CONSOLE_FILE_H
#define LXCBUS_CONSOLE_FILE_H
#include "error.h"
#include <stdint.h>
#include <sys/types.h>

typedef struct lx_console_file {
	int fd;
	const char *path;
	int64_t size; /* 0: no limit */
	int rotate;
	uid_t uid;
	gid_t gid;
} lx_console_file;

/* Parses the spec's size (decimal bytes, the executor has applied LXC's rounding). */
int lx_console_file_init(lx_console_file *f, const char *path, const char *size, int rotate, int uid, int gid,
			 lx_error *err);
int lx_console_file_open(lx_console_file *f, lx_error *err);
/* open(2) with the rights of uid/gid (see above); `rotate` first renames path to path.1. */
int lx_open_as(const char *path, int flags, uid_t uid, gid_t gid, int rotate);
/* Appends `n` bytes with LXC's size/rotate rules; errors are logged, never fatal to the container. */
void lx_console_file_write(lx_console_file *f, const char *buf, size_t n);

#endif
