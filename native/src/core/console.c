/* Terminals (see console.h). */
#define _GNU_SOURCE
#include "console.h"
#include "console-file.h"
#include "console-peer.h"
#include "util.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>

int lx_pty_open_host(lx_pty *pty, lx_error *err)
{
	cleanup_close int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return lx_fail_sys(err, "posix_openpt", "/dev/ptmx");
	if (grantpt(fd) < 0 || unlockpt(fd) < 0)
		return lx_fail_sys(err, "unlockpt", "/dev/ptmx");
	if (ptsname_r(fd, pty->slave_path, sizeof pty->slave_path) != 0)
		return lx_fail_sys(err, "ptsname", "/dev/ptmx");
	lx_set_nonblock(fd);
	pty->master = lx_steal_fd(&fd);
	return 0;
}

int lx_pty_open_at(const char *ptmx_path, int *master, int *slave, lx_error *err)
{
	cleanup_close int m = open(ptmx_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	int unlock = 0, s;
	if (m < 0)
		return lx_fail_sys(err, "open", ptmx_path);
	if (ioctl(m, TIOCSPTLCK, &unlock) < 0)
		return lx_fail_sys(err, "ioctl(TIOCSPTLCK)", ptmx_path);
	s = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s < 0)
		return lx_fail_sys(err, "ioctl(TIOCGPTPEER)", ptmx_path);
	*slave = s;
	*master = lx_steal_fd(&m);
	return 0;
}

int lx_pty_set_size(int fd, int rows, int cols)
{
	struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
	if (rows <= 0 || cols <= 0)
		return 0;
	return ioctl(fd, TIOCSWINSZ, &ws);
}

int lx_console_log_open(lx_console_log *log, const char *path)
{
	log->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	log->size = 0;
	log->file = NULL;
	log->peer = NULL;
	return log->fd < 0 ? -1 : 0;
}

int lx_console_drain(int master, lx_console_log *log)
{
	char buf[16384];
	for (;;) {
		ssize_t n = read(master, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n <= 0)
			return -1;
		lx_console_log_write(log, buf, (size_t)n);
	}
}

void lx_console_log_write(lx_console_log *log, const char *buf, size_t n)
{
	lx_console_file_write(log->file, buf, n);
	lx_console_peer_write(log->peer, buf, n);
	if (log->fd < 0)
		return;
	if (log->size + (off_t)n > LX_CONSOLE_LOG_MAX) {
		if (ftruncate(log->fd, 0) == 0)
			lseek(log->fd, 0, SEEK_SET);
		log->size = 0;
	}
	if (lx_write_all(log->fd, buf, n) == 0)
		log->size += (off_t)n;
}
