/*
 * The control socket `<rundir>/shim.sock` (unix, SOCK_STREAM). A client sends one request line:
 *
 *   state                      -> "RUNNING <initpid> <shimpid>"
 *   stop <sig> <timeout_ms>    sends <sig> (0 = none) to init; SIGKILL after timeout_ms
 *                              (-1 = never); replies "OK" once init is gone, at once for 0
 *   kill <sig>                 -> "OK" after kill(init, sig)
 *   signal <sig>               -> "OK" after kill(init, sig), leaving a frozen cgroup frozen
 *   watch                      stays open; "exit <code> <signal>[ oom]" when init has exited
 *   exec                       header lines then framed streams (see attach.c)
 *   stdio                      lxc-execute's command stdio as exec frames (once; see attach.c)
 *   cgroup get <file>          -> "OK <value>"  (value escaped as in the spec file)
 *   cgroup set <file> <value>  -> "OK"
 *   freeze|thaw <timeout_ms>   -> "OK FROZEN|THAWED" once the freezer settles, or
 *                                 "ERR ETIMEDOUT ..." (a stuck freeze is thawed again)
 *   freezer                    -> "OK FROZEN|FREEZING|THAWED"  (see server-cgroup.c)
 *   console <tty> <replay>     "OK <tty>" then framed terminal streams (see console-attach.c)
 *
 * Errors are "ERR <ENAME> <message>". Every reply is one line ending in "\n".
 */
#define _GNU_SOURCE
#include "cgroup-limits.h"
#include "shim.h"
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>

#define LX_REQ_MAX 4096
#define LX_IN_MAX (2 * 1024 * 1024)

void lx_log(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof buf - 2)
		n = sizeof buf - 2;
	buf[n++] = '\n';
	if (write(2, "lxcbus-shim: ", 13) >= 0 && write(2, buf, (size_t)n) >= 0)
		return;
}

int lx_server_listen(lx_shim *s, lx_error *err)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int fd;
	if (snprintf(s->sock_path, sizeof s->sock_path, "%s/shim.sock", s->run_dir) >= (int)sizeof addr.sun_path)
		return lx_fail(err, ENAMETOOLONG, "bind", s->sock_path, "socket path too long `%s`", s->sock_path);
	memcpy(addr.sun_path, s->sock_path, strlen(s->sock_path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return lx_fail_sys(err, "socket", s->sock_path);
	unlink(s->sock_path);
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || chmod(s->sock_path, 0600) < 0 || listen(fd, 64) < 0) {
		close(fd);
		return lx_fail_sys(err, "bind", s->sock_path);
	}
	s->listen_fd = fd;
	return 0;
}

void lx_conn_send(lx_conn *c, const char *line)
{
	lx_buf_append(&c->out, line, strlen(line));
}

void lx_conn_frame(lx_conn *c, unsigned type, const void *payload, size_t len)
{
	unsigned char hdr[5] = {(unsigned char)type, (unsigned char)(len >> 24), (unsigned char)(len >> 16),
				(unsigned char)(len >> 8), (unsigned char)len};
	lx_buf_append(&c->out, hdr, sizeof hdr);
	if (len)
		lx_buf_append(&c->out, payload, len);
}

static void reply_err(lx_conn *c, int errnum, const char *msg)
{
	char line[512];
	snprintf(line, sizeof line, "ERR %s %s\n", lx_errname(errnum), msg);
	lx_conn_send(c, line);
	c->close_after_flush = 1;
}

static void do_stop(lx_shim *s, lx_conn *c, int sig, long timeout)
{
	lx_freezer_ensure_thawed(&s->cg);
	if (sig > 0 && kill(s->init_pid, sig) < 0)
		return reply_err(c, errno, "kill init");
	if (timeout == 0) {
		lx_conn_send(c, "OK\n");
		c->close_after_flush = 1;
		return;
	}
	c->kind = LX_CONN_STOP;
	if (timeout > 0) {
		int64_t at = lx_now_ms() + timeout;
		if (!s->kill_deadline || at < s->kill_deadline)
			s->kill_deadline = at;
	}
}

static void dispatch(lx_shim *s, lx_conn *c, char *line)
{
	char verb[16] = "", reply[128];
	long a = 0, b = 0;
	int n = sscanf(line, "%15s %ld %ld", verb, &a, &b);
	if (n >= 1 && strcmp(verb, "state") == 0) {
		snprintf(reply, sizeof reply, "RUNNING %d %d\n", s->init_pid, s->shim_pid);
		lx_conn_send(c, reply);
		c->close_after_flush = 1;
	} else if (n == 3 && strcmp(verb, "stop") == 0 && a >= 0 && a < 65 && b >= -1) {
		do_stop(s, c, (int)a, b);
	} else if (n == 2 && strcmp(verb, "kill") == 0 && a >= 0 && a < 65) {
		if (kill(s->init_pid, (int)a) < 0)
			return reply_err(c, errno, "kill init");
		lx_freezer_ensure_thawed(&s->cg); /* as LXC's stop command: a frozen init cannot act on it */
		lx_conn_send(c, "OK\n");
		c->close_after_flush = 1;
	} else if (n == 2 && strcmp(verb, "signal") == 0 && a >= 0 && a < 65) {
		/* lxc-stop's halt and reboot signals: liblxc only queues them, a frozen init gets them on thaw. */
		if (kill(s->init_pid, (int)a) < 0)
			return reply_err(c, errno, "kill init");
		lx_conn_send(c, "OK\n");
		c->close_after_flush = 1;
	} else if (n >= 1 && strcmp(verb, "watch") == 0) {
		c->kind = LX_CONN_WATCH;
	} else if (n >= 1 && lx_server_cgroup_verb(s, c, verb, line)) {
		return;
	} else if (n >= 1 && strcmp(verb, "device") == 0) {
		lx_server_device_verb(s, c, line + strlen(verb));
	} else if (n >= 1 && strcmp(verb, "stdio") == 0) {
		lx_attach_adopt(s, c);
	} else if (n >= 2 && strcmp(verb, "console") == 0) {
		lx_console_attach(s, c, a, n == 3 ? b : 0);
	} else if (n >= 1 && strcmp(verb, "exec") == 0) {
		c->kind = LX_CONN_EXEC_HEADER;
		if (lx_attach_begin(s, c) < 0)
			reply_err(c, ENOMEM, "exec");
	} else {
		reply_err(c, EINVAL, "unknown request");
	}
}

static void handle_request(lx_shim *s, lx_conn *c)
{
	char *nl = memchr(c->in.data, '\n', c->in.len);
	char line[LX_REQ_MAX];
	size_t len;
	if (!nl) {
		if (c->in.len >= LX_REQ_MAX)
			reply_err(c, E2BIG, "request line too long");
		return;
	}
	len = (size_t)(nl - c->in.data);
	memcpy(line, c->in.data, len < sizeof line ? len : sizeof line - 1);
	line[len < sizeof line ? len : sizeof line - 1] = 0;
	lx_buf_consume(&c->in, len + 1);
	dispatch(s, c, line);
}

static void process_input(lx_shim *s, lx_conn *c)
{
	if (c->kind == LX_CONN_REQUEST && c->in.len)
		handle_request(s, c);
	if (c->kind == LX_CONN_EXEC_HEADER || c->kind == LX_CONN_EXEC)
		lx_attach_frames(s, c);
	if (c->kind == LX_CONN_CONSOLE)
		lx_console_frames(s, c);
}

static void conn_read(lx_shim *s, lx_conn *c)
{
	char buf[65536];
	ssize_t n = read(c->fd, buf, sizeof buf);
	if (c->linger_until) {
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			c->dead = 1;
		return;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		lx_attach_hangup(s, c);
		c->dead = 1;
		return;
	}
	lx_buf_append(&c->in, buf, (size_t)n);
	process_input(s, c);
}

static void conn_write(lx_conn *c)
{
	ssize_t n = write(c->fd, c->out.data, c->out.len);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		c->dead = 1;
		return;
	}
	lx_buf_consume(&c->out, (size_t)n);
}

#define LX_LINGER_MS 1000

/* A reply is complete and flushed: close it, or for an exec session shut down writing and linger. */
static void finish_conn(lx_conn *c)
{
	if (!c->sess) {
		c->dead = 1;
		return;
	}
	if (c->linger_until)
		return;
	shutdown(c->fd, SHUT_WR);
	c->linger_until = lx_now_ms() + LX_LINGER_MS;
}

static void conn_io(lx_shim *s, void *ptr, short revents)
{
	lx_conn *c = ptr;
	if (c->dead)
		return;
	if (revents & POLLOUT)
		conn_write(c);
	if (!c->dead && (revents & (POLLIN | POLLHUP | POLLERR)))
		conn_read(s, c);
	if (!c->dead && c->close_after_flush && c->out.len == 0)
		finish_conn(c);
}

static void accept_conn(lx_shim *s, void *ptr, short revents)
{
	(void)ptr;
	(void)revents;
	for (;;) {
		int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		lx_conn *c;
		if (fd < 0)
			return;
		c = calloc(1, sizeof *c);
		if (!c) {
			close(fd);
			return;
		}
		c->fd = fd;
		c->next = s->conns;
		s->conns = c;
	}
}

void lx_server_poll(lx_shim *s, lx_pollset *ps)
{
	/* After init's exit only an execute's unclaimed stdio is still to be picked up. */
	if (!s->init_exited || s->stdio[1] >= 0)
		lx_poll_add(ps, s->listen_fd, POLLIN, accept_conn, NULL);
	for (lx_conn *c = s->conns; c; c = c->next) {
		short ev = c->out.len ? POLLOUT : 0;
		/* Input stops while the buffer is full: back-pressure reaches the client's socket. */
		if ((c->in.len < LX_IN_MAX && !c->close_after_flush) || c->linger_until)
			ev |= POLLIN;
		lx_poll_add(ps, c->fd, ev, conn_io, c);
		if (c->sess)
			lx_attach_poll(s, c, ps);
		if (c->kind == LX_CONN_CONSOLE)
			lx_console_poll(s, c, ps);
	}
}

void lx_server_tick(lx_shim *s)
{
	for (lx_conn *c = s->conns; c; c = c->next) {
		if (c->dead)
			continue;
		if (c->kind == LX_CONN_FREEZE)
			lx_server_freeze_tick(s, c);
		if (c->sess) {
			lx_attach_frames(s, c);
			lx_attach_tick(s, c);
		}
		if (c->close_after_flush && c->out.len == 0)
			finish_conn(c);
		if (c->linger_until && lx_now_ms() >= c->linger_until)
			c->dead = 1;
	}
}

/*
 * Closing a unix stream socket with unread input makes the kernel reset the
 * connection, and the peer may then lose what we sent last (an exec's EXIT
 * frame). Input stops being read once a reply is final, so discard whatever
 * the client sent meanwhile (e.g. a STDIN_EOF racing the exit) before closing.
 */
static void drain_input(int fd)
{
	char buf[4096];
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0 && !(fl & O_NONBLOCK))
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	while (read(fd, buf, sizeof buf) > 0)
		;
}

void lx_server_sweep(lx_shim *s)
{
	lx_conn **pp = &s->conns;
	while (*pp) {
		lx_conn *c = *pp;
		if (!c->dead) {
			pp = &c->next;
			continue;
		}
		*pp = c->next;
		if (c->kind == LX_CONN_FREEZE)
			s->freeze_waiters--;
		if (c->sess)
			lx_attach_free(c->sess);
		lx_console_release(s, c);
		drain_input(c->fd);
		close(c->fd);
		lx_buf_free(&c->in);
		lx_buf_free(&c->out);
		free(c);
	}
}

/* Final replies are tiny; a blocking write with a send timeout keeps a stuck client from
 * holding the shim. */
static void flush_blocking(lx_conn *c)
{
	struct timeval tv = {.tv_sec = 1};
	int fl = fcntl(c->fd, F_GETFL);
	fcntl(c->fd, F_SETFL, fl & ~O_NONBLOCK);
	setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	if (c->out.len && lx_write_all(c->fd, c->out.data, c->out.len) == 0)
		c->out.len = 0;
}

void lx_server_notify_exit(lx_shim *s, int code, int sig)
{
	char line[64];
	/* " oom" when the OOM killer struck inside the container (the init may be its victim). */
	snprintf(line, sizeof line, "exit %d %d%s\n", code, sig, s->oom_kills > 0 ? " oom" : "");
	for (lx_conn *c = s->conns; c; c = c->next) {
		if (c->dead)
			continue;
		if (c->kind == LX_CONN_WATCH)
			lx_conn_send(c, line);
		else if (c->kind == LX_CONN_STOP)
			lx_conn_send(c, "OK\n");
		flush_blocking(c);
		c->dead = 1;
	}
	lx_server_sweep(s);
}
