/* The console log file (see console-file.h). */
#define _GNU_SOURCE
#include "console-file.h"
#include "idmapped.h"
#include "safe-open.h"
#include "shim.h"
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define LOG_FLAGS (O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC)

int lx_console_file_init(lx_console_file *f, const char *path, const char *size, int rotate, int uid, int gid,
			 lx_error *err)
{
	char *end = NULL;
	long long n = size ? strtoll(size, &end, 10) : 0;
	f->fd = -1;
	f->path = path;
	f->rotate = rotate;
	f->uid = (uid_t)uid;
	f->gid = (gid_t)gid;
	if (size && (*size == 0 || *end || n < 0))
		return lx_fail(err, EINVAL, "parse", NULL, "key `console.logfile.size`: bad value `%s`", size);
	f->size = n;
	return 0;
}

/* Renames PATH to PATH.1 (when asked) and opens PATH, with the caller's own rights. */
static int open_here(const char *path, int flags, uid_t uid, int rotate)
{
	char old[PATH_MAX];
	if (rotate) {
		if (snprintf(old, sizeof old, "%s.1", path) >= (int)sizeof old)
			return errno = ENAMETOOLONG, -1;
		if (rename(path, old) < 0)
			return -1;
	}
	return uid == 0 ? lx_open_untrusted(path, flags, 0600) : open(path, flags, 0600);
}

/* The owner's rights, in a child: its fd comes back over a socket; its exit code is the errno. */
static int open_as_owner(const char *path, int flags, uid_t uid, gid_t gid, int rotate)
{
	int sv[2], status = 0, fd;
	lx_error ignored = {0};
	pid_t pid;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		if (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0)
			_exit(errno ? errno : EPERM);
		fd = open_here(path, flags, uid, rotate);
		if (fd < 0 || lx_fd_send(sv[1], fd, &ignored) < 0)
			_exit(errno ? errno : EIO);
		_exit(0);
	}
	close(sv[1]);
	fd = pid < 0 ? -1 : lx_fd_recv(sv[0], &ignored);
	close(sv[0]);
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	if (fd < 0)
		errno = pid < 0 ? errno : WIFEXITED(status) && WEXITSTATUS(status) ? WEXITSTATUS(status) : EIO;
	return fd;
}

int lx_open_as(const char *path, int flags, uid_t uid, gid_t gid, int rotate)
{
	/* Nothing to drop when the shim already is the owner (root's container, or a rootless stack). */
	if (geteuid() == uid || geteuid() != 0)
		return open_here(path, flags, uid, rotate);
	return open_as_owner(path, flags, uid, gid, rotate);
}

static int reopen(lx_console_file *f, int rotate)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = lx_open_as(f->path, LOG_FLAGS, f->uid, f->gid, rotate);
	return f->fd;
}

int lx_console_file_open(lx_console_file *f, lx_error *err)
{
	if (!f->path)
		return 0;
	if (reopen(f, 0) < 0)
		return lx_fail_sys(err, "open", f->path);
	return 0;
}

static void put(lx_console_file *f, const char *buf, size_t n)
{
	if (f->fd >= 0 && lx_write_all(f->fd, buf, n) < 0)
		lx_log("console log %s: %s", f->path, lx_errname(errno));
}

/* LXC truncates or rotates only once it has filled the file to exactly `size` bytes. */
static void make_room(lx_console_file *f)
{
	if (f->rotate ? reopen(f, 1) < 0 : ftruncate(f->fd, 0) < 0)
		lx_log("console log %s: %s %s", f->path, f->rotate ? "rotate" : "truncate", lx_errname(errno));
}

static void write_piece(lx_console_file *f, const char *buf, size_t n)
{
	struct stat st;
	int64_t space;
	if (fstat(f->fd, &st) < 0 || !S_ISREG(st.st_mode))
		return; /* LXC refuses a size limit on a device or a fifo: the output is not written */
	space = f->size - (int64_t)st.st_size;
	if (space > 0 && (int64_t)n <= space)
		return put(f, buf, n);
	if (space > 0) {
		put(f, buf, (size_t)space);
		buf += space;
		n -= (size_t)space;
	}
	make_room(f);
	put(f, buf, n);
}

void lx_console_file_write(lx_console_file *f, const char *buf, size_t n)
{
	if (!f || f->fd < 0 || n == 0)
		return;
	if (f->size <= 0)
		return put(f, buf, n);
	/* LXC reads the console 1 KiB at a time and the size is at least a page, so no read is ever
	 * larger than the file: pieces of at most `size` give its result for the shim's larger reads. */
	while (n > 0 && f->fd >= 0) {
		size_t piece = (int64_t)n > f->size ? (size_t)f->size : n;
		write_piece(f, buf, piece);
		buf += piece;
		n -= piece;
	}
}

int lx_console_logfile_setup(lx_shim *s, lx_error *err)
{
	const lx_spec *spec = &s->spec;
	s->conlog.fd = -1;
	/* lxc.console.path = none: LXC sets up no terminal at all, so no log file either. */
	if (!spec->console_logfile || spec->console_none)
		return 0;
	if (lx_console_file_init(&s->conlog, spec->console_logfile, spec->console_size, spec->console_rotate,
				 spec->console_uid, spec->console_gid, err) < 0)
		return -1;
	if (lx_console_file_open(&s->conlog, err) < 0)
		return lx_wrap(err, "console log file");
	s->log.file = &s->conlog;
	return 0;
}
