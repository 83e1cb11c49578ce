/*
 * Console sessions (lxc-console, lxc-start -F). Request line:
 *
 *   console <tty> <replay>     tty: 0 = /dev/console, 1..lxc.tty.max, -1 = the first free tty
 *                              replay: 1 = first send what console.log holds (tty 0 only)
 *
 * Reply "OK <tty>\n", then the connection carries exec's frames (attach.c): the client sends
 * 0x01 STDIN bytes and 0x03 RESIZE u16 rows u16 cols; the shim sends 0x82 STDOUT bytes. It
 * ends when either side closes (init's exit closes it, after the last output). Refusals are
 * "ERR EBUSY|ENOENT|EIO ..." and a close.
 *
 * One client per terminal, as LXC: the pty remembers its holder. While a console has a
 * holder, its output goes to console.log AND to the holder; while the holder is slow, the
 * master is not read, so the container's writes block as they would on a real terminal.
 * Replay makes `lxc-start -F` lose no boot output: console.log is written in this same loop,
 * so what it holds plus what is read afterwards is the whole output, without gap or overlap.
 */
#define _GNU_SOURCE
#include "shim.h"
#include <fcntl.h>
#include <stdio.h>

enum { F_STDIN = 1, F_RESIZE = 3, F_STDOUT = 0x82 };

#define LX_CONSOLE_OUT_HIGH (256 * 1024)
#define LX_CONSOLE_FRAME_MAX (1024 * 1024)
#define LX_CONSOLE_CHUNK 16384

struct lx_console_sess {
	lx_pty *pty;
	size_t stdin_off; /* bytes of the current STDIN frame already written to the master */
};

static lx_pty *pick_pty(lx_shim *s, long tty)
{
	if (tty == 0)
		return &s->console;
	if (tty > 0)
		return tty <= s->ntty ? &s->ttys[tty - 1] : NULL;
	for (int i = 0; i < s->ntty; i++)
		if (!s->ttys[i].holder && s->ttys[i].master >= 0)
			return &s->ttys[i];
	return NULL;
}

static void refuse(lx_conn *c, const char *ename, const char *msg)
{
	char line[256];
	snprintf(line, sizeof line, "ERR %s %s\n", ename, msg);
	lx_conn_send(c, line);
	c->close_after_flush = 1;
}

static void replay_log(lx_shim *s, lx_conn *c)
{
	char path[PATH_MAX], buf[LX_CONSOLE_CHUNK];
	int fd;
	ssize_t n;
	snprintf(path, sizeof path, "%s/console.log", s->run_dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		lx_conn_frame(c, F_STDOUT, buf, (size_t)n);
	close(fd);
}

void lx_console_attach(lx_shim *s, lx_conn *c, long tty, long replay)
{
	lx_pty *pty = pick_pty(s, tty);
	char line[32];
	if (!pty)
		return refuse(c, tty < 0 ? "EBUSY" : "ENOENT", tty < 0 ? "no free tty" : "no such tty");
	if (pty->holder || (pty == &s->console && (s->spec.init_tty || s->peer.active)))
		return refuse(c, "EBUSY", "tty is in use");
	if (pty->master < 0 && replay && pty == &s->console) {
		/* init is gone and its console drained into the log: that is the whole session */
		lx_conn_send(c, "OK 0\n");
		replay_log(s, c);
		c->close_after_flush = 1;
		return;
	}
	if (pty->master < 0)
		return refuse(c, "EIO", "tty hung up");
	c->csess = calloc(1, sizeof *c->csess);
	if (!c->csess)
		return refuse(c, "ENOMEM", "console");
	c->csess->pty = pty;
	c->kind = LX_CONN_CONSOLE;
	pty->holder = c;
	snprintf(line, sizeof line, "OK %ld\n", pty == &s->console ? 0L : (long)(pty - s->ttys) + 1);
	lx_conn_send(c, line);
	if (replay && pty == &s->console)
		replay_log(s, c);
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Writes the rest of a STDIN frame; 0 when it is all out, -1 when the master is full (or gone). */
static int write_stdin(lx_conn *c, const unsigned char *p, uint32_t len)
{
	struct lx_console_sess *cs = c->csess;
	while (cs->stdin_off < len) {
		ssize_t n = write(cs->pty->master, p + cs->stdin_off, len - cs->stdin_off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return -1;
		if (n < 0) { /* a hung-up terminal swallows input, as a dead line would */
			cs->stdin_off = len;
			break;
		}
		cs->stdin_off += (size_t)n;
	}
	cs->stdin_off = 0;
	return 0;
}

void lx_console_frames(lx_shim *s, lx_conn *c)
{
	(void)s;
	while (c->csess && !c->dead && c->in.len >= 5) {
		const unsigned char *p = (const unsigned char *)c->in.data;
		uint32_t len = be32(p + 1);
		if (len > LX_CONSOLE_FRAME_MAX) {
			c->dead = 1;
			return;
		}
		if (c->in.len < 5 + (size_t)len)
			return;
		if (p[0] == F_STDIN && c->csess->pty->master >= 0 && write_stdin(c, p + 5, len) < 0)
			return; /* the rest waits for POLLOUT on the master (lx_console_poll) */
		if (p[0] == F_RESIZE && len >= 4 && c->csess->pty->master >= 0)
			lx_pty_set_size(c->csess->pty->master, p[5] << 8 | p[6], p[7] << 8 | p[8]);
		lx_buf_consume(&c->in, 5 + (size_t)len);
	}
}

static void on_master_writable(lx_shim *s, void *ptr, short revents)
{
	(void)revents;
	lx_console_frames(s, ptr);
}

void lx_console_poll(lx_shim *s, lx_conn *c, lx_pollset *ps)
{
	(void)s;
	/* Input frames are left in c->in only when the master was full: wait until it drains. */
	if (c->csess && c->in.len >= 5 && c->csess->pty->master >= 0)
		lx_poll_add(ps, c->csess->pty->master, POLLOUT, on_master_writable, c);
}

int lx_console_readable(const lx_pty *pty)
{
	return pty->master >= 0 && (!pty->holder || pty->holder->out.len < LX_CONSOLE_OUT_HIGH);
}

/* A held terminal: one read, to the log (console only) and to the holder. -1 when it hung up. */
int lx_console_forward(lx_shim *s, lx_pty *pty)
{
	char buf[LX_CONSOLE_CHUNK];
	ssize_t n;
	do
		n = read(pty->master, buf, sizeof buf);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN)
		return 0;
	if (n <= 0)
		return -1;
	if (pty == &s->console)
		lx_console_log_write(&s->log, buf, (size_t)n);
	lx_conn_frame(pty->holder, F_STDOUT, buf, (size_t)n);
	return 0;
}

/* After init died: what is left in a held console goes out before the connection closes. */
void lx_console_flush(lx_shim *s, lx_pty *pty)
{
	for (int i = 0; i < 64 && pty->master >= 0 && pty->holder; i++) {
		struct pollfd p = {.fd = pty->master, .events = POLLIN};
		if (poll(&p, 1, 0) <= 0 || !(p.revents & POLLIN) || lx_console_forward(s, pty) < 0)
			return;
	}
}

void lx_console_release(lx_shim *s, lx_conn *c)
{
	(void)s;
	if (!c->csess)
		return;
	if (c->csess->pty->holder == c)
		c->csess->pty->holder = NULL;
	free(c->csess);
	c->csess = NULL;
}

/*
 * A tty's master reports a hang-up whenever no slave is open: before the getty opened it,
 * and each time a getty respawns. The poll loop drops a hung-up master for good, so the
 * shim holds a slave of each tty itself (as LXC's monitor does): the ttys live as long as
 * the container. The console is not held: its hang-up is how init's exit shows.
 */
int lx_ttys_keep_open(lx_shim *s, lx_error *err)
{
	for (int i = 0; i < s->ntty; i++) {
		s->ttys[i].keep = open(s->ttys[i].slave_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (s->ttys[i].keep < 0)
			return lx_fail_sys(err, "open", s->ttys[i].slave_path);
	}
	return 0;
}
