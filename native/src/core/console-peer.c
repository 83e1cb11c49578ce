/* The console's host terminal peer (see console-peer.h). */
#define _GNU_SOURCE
#include "console-peer.h"
#include "console-file.h"
#include "shim.h"
#include <fcntl.h>
#include <sys/ioctl.h>

/* LXC's lxc_setup_tios: raw input, no echo or signals, output processing kept. */
static int make_raw(int fd, struct termios *saved)
{
	struct termios t;
	if (tcgetattr(fd, saved) < 0)
		return -1;
	t = *saved;
	t.c_iflag |= IGNPAR;
	t.c_iflag &= ~(tcflag_t)(ISTRIP | INLCR | IGNCR | ICRNL | IXON | IXANY | IXOFF | IUCLC);
	t.c_lflag &= ~(tcflag_t)(TOSTOP | ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHONL | IEXTEN);
	t.c_oflag |= ONLCR | OPOST;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	return tcsetattr(fd, TCSAFLUSH, &t);
}

int lx_console_peer_open(lx_shim *s, lx_error *err)
{
	const lx_spec *spec = &s->spec;
	lx_console_peer *p = &s->peer;
	p->active = 0;
	p->fd = -1;
	if (!spec->console_peer || spec->console_none)
		return 0;
	p->fd = lx_open_as(spec->console_peer, O_RDWR | O_NOCTTY | O_CLOEXEC, (uid_t)spec->console_uid,
			   (gid_t)spec->console_gid, 0);
	if (p->fd < 0)
		return lx_fail_sys(err, "open", spec->console_peer);
	if (!isatty(p->fd) || make_raw(p->fd, &p->saved) < 0) {
		int e = errno;
		close(p->fd);
		p->fd = -1;
		return lx_fail(err, e, "open", spec->console_peer, "`%s` is not a terminal", spec->console_peer);
	}
	lx_set_nonblock(p->fd);
	p->active = 1;
	s->log.peer = p;
	return 0;
}

void lx_console_peer_winsize(lx_shim *s)
{
	struct winsize ws;
	if (s->peer.active && s->console.master >= 0 && ioctl(s->peer.fd, TIOCGWINSZ, &ws) == 0)
		lx_pty_set_size(s->console.master, ws.ws_row, ws.ws_col);
}

/* Typed on the peer: to the console. A hung-up peer is dropped, the container runs on. */
static void from_peer(lx_shim *s, void *ptr, short revents)
{
	lx_console_peer *p = ptr;
	char buf[4096];
	ssize_t n = read(p->fd, buf, sizeof buf);
	(void)revents;
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		lx_console_peer_close(s);
		return;
	}
	if (s->console.master >= 0 && lx_write_all(s->console.master, buf, (size_t)n) < 0)
		lx_log("console peer: %zd bytes not delivered: %s", n, lx_errname(errno));
}

void lx_console_peer_poll(lx_shim *s, lx_pollset *ps)
{
	if (s->peer.active && s->console.master >= 0)
		lx_poll_add(ps, s->peer.fd, POLLIN, from_peer, &s->peer);
}

void lx_console_peer_write(lx_console_peer *p, const char *buf, size_t n)
{
	while (p && p->active && n > 0) {
		ssize_t w = write(p->fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* full or gone: dropped rather than blocking the shim */
		buf += w;
		n -= (size_t)w;
	}
}

void lx_console_peer_close(lx_shim *s)
{
	lx_console_peer *p = &s->peer;
	if (!p->active)
		return;
	tcsetattr(p->fd, TCSAFLUSH, &p->saved);
	close(p->fd);
	p->fd = -1;
	p->active = 0;
	s->log.peer = NULL;
}
