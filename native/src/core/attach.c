/*
 * Exec sessions (lxc-attach). After the `exec` request line the client sends header lines
 * `key<TAB>value` (arg, env repeatable; cwd, uid, gid, tty 0|1, rows, cols; values escaped as
 * in the spec file) and a blank line. Then the connection carries frames
 * `[u8 type][u32 big-endian length][payload]`:
 *
 *   client -> shim: 0x01 STDIN bytes, 0x02 STDIN_EOF, 0x03 RESIZE u16 rows u16 cols, 0x04 SIGNAL u32
 *   shim -> client: 0x81 STARTED u32 pid (host view), 0x82 STDOUT, 0x83 STDERR,
 *                   0x84 EXIT i32 code, i32 signal, message (code is 128+signal when killed,
 *                   127/126 when exec failed with ENOENT/other)
 *
 * Process: the shim forks; that child joins init's cgroup and namespaces and forks again so
 * the grandchild is inside the pid namespace. The middle child exits; the grandchild is
 * re-parented to the shim (a child subreaper) and reaped by the SIGCHLD handler. A status pipe
 * carries 5-byte records [tag][i32]: 'P' pid, 'S' setup errno, 'E' exec errno; it closes on exec.
 */
#define _GNU_SOURCE
#include <poll.h>
#include "namespaces.h"
#include "shim.h"
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

enum { F_STDIN = 1, F_STDIN_EOF = 2, F_RESIZE = 3, F_SIGNAL = 4 };
enum { F_STARTED = 0x81, F_STDOUT = 0x82, F_STDERR = 0x83, F_EXIT = 0x84 };

#define LX_FRAME_MAX (1024 * 1024)
#define LX_STDIN_HIGH (64 * 1024)
#define LX_OUT_HIGH (256 * 1024)
#define LX_EXIT_GRACE_MS 250

struct lx_session {
	char **argv, **env;
	size_t argc, envc;
	char *cwd;
	uid_t uid;
	gid_t gid;
	int tty, rows, cols, header_done;
	pid_t pid;
	int in_fd, out_fd, err_fd, status_fd;
	lx_buf stdin_buf;
	int stdin_eof;
	int exited, status, setup_errno, exec_errno, started, done;
	int adopted; /* lxc-execute's command stdio: no process of its own, init's exit is its exit */
	pid_t signal_pid; /* adopted: SIGNAL goes to init, which forwards it to the command */
	int tty_fd;	  /* adopted with init.tty: the console master, for RESIZE */
	int64_t exit_ms;
	unsigned char rec[5];
	int rec_len;
};

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

int lx_attach_begin(lx_shim *s, lx_conn *c)
{
	lx_session *x = calloc(1, sizeof *x);
	(void)s;
	if (!x)
		return -1;
	x->in_fd = x->out_fd = x->err_fd = x->status_fd = x->tty_fd = -1;
	x->cwd = strdup("/");
	c->sess = x;
	return 0;
}

void lx_attach_free(lx_session *x)
{
	close_fd(&x->in_fd);
	close_fd(&x->out_fd);
	close_fd(&x->err_fd);
	close_fd(&x->status_fd);
	close_fd(&x->tty_fd);
	lx_buf_free(&x->stdin_buf);
	for (size_t i = 0; i < x->argc; i++)
		free(x->argv[i]);
	for (size_t i = 0; i < x->envc; i++)
		free(x->env[i]);
	free(x->argv);
	free(x->env);
	free(x->cwd);
	free(x);
}

static void unescape(char *str)
{
	char *w = str;
	for (char *r = str; *r; r++) {
		if (*r == '\\' && r[1]) {
			r++;
			*w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r;
		} else {
			*w++ = *r;
		}
	}
	*w = 0;
}

static int push(char ***vec, size_t *n, const char *v)
{
	char **nv = realloc(*vec, (*n + 2) * sizeof(char *));
	if (!nv)
		return -1;
	nv[(*n)++] = strdup(v);
	nv[*n] = NULL;
	*vec = nv;
	return 0;
}

static int header_line(lx_session *x, char *line)
{
	char *v = strchr(line, '\t');
	if (!v)
		return -1;
	*v++ = 0;
	unescape(v);
	if (strcmp(line, "arg") == 0)
		return push(&x->argv, &x->argc, v);
	if (strcmp(line, "env") == 0)
		return push(&x->env, &x->envc, v);
	if (strcmp(line, "cwd") == 0)
		return free(x->cwd), x->cwd = strdup(v), 0;
	if (strcmp(line, "uid") == 0)
		return x->uid = (uid_t)atol(v), 0;
	if (strcmp(line, "gid") == 0)
		return x->gid = (gid_t)atol(v), 0;
	if (strcmp(line, "tty") == 0)
		return x->tty = atoi(v), 0;
	if (strcmp(line, "rows") == 0)
		return x->rows = atoi(v), 0;
	if (strcmp(line, "cols") == 0)
		return x->cols = atoi(v), 0;
	return -1;
}

static void send_exit(lx_conn *c, int code, int sig, const char *msg)
{
	unsigned char p[8 + 256];
	size_t ml = msg ? strlen(msg) : 0;
	if (ml > 256)
		ml = 256;
	for (int i = 0; i < 4; i++) {
		p[i] = (unsigned char)((unsigned)code >> (24 - 8 * i));
		p[4 + i] = (unsigned char)((unsigned)sig >> (24 - 8 * i));
	}
	memcpy(p + 8, msg ? msg : "", ml);
	lx_conn_frame(c, F_EXIT, p, 8 + ml);
	c->sess->done = 1;
	c->close_after_flush = 1;
}

static void send_record(int fd, char tag, int value)
{
	unsigned char r[5] = {(unsigned char)tag};
	memcpy(r + 1, &value, 4);
	if (write(fd, r, 5) != 5)
		return;
}

/* Runs in the grandchild, inside every namespace of init. */
static __attribute__((noreturn)) void exec_child(lx_session *x, int slave, int fds[3], int status)
{
	int err = 0;
	setsid();
	if (x->tty) {
		if (ioctl(slave, TIOCSCTTY, 0) < 0)
			err = errno;
		lx_pty_set_size(slave, x->rows, x->cols);
		fds[0] = fds[1] = fds[2] = slave;
	}
	for (int i = 0; !err && i < 3; i++)
		if (dup2(fds[i], i) < 0)
			err = errno;
	if (!err && chdir(x->cwd) < 0)
		err = errno;
	if (!err && (setgroups(0, NULL) < 0 || setgid(x->gid) < 0 || setuid(x->uid) < 0))
		err = errno;
	if (err) {
		send_record(status, 'S', err);
		_exit(126);
	}
	environ = x->env ? x->env : (char *[]){NULL};
	execvp(x->argv[0], x->argv);
	send_record(status, 'E', errno);
	_exit(errno == ENOENT ? 127 : 126);
}

/* The middle child: host pid namespace, joins the container, forks the real process. */
static __attribute__((noreturn)) void middle_child(lx_shim *s, lx_session *x, int slave, int fds[3], int status)
{
	lx_error err = {0};
	unsigned long long bnd = 0;
	int rootless = geteuid() != 0;
	pid_t pid;
	lx_signals_reset();
	/* As lxc-attach: no stronger than init (its bounding set), then init's no_new_privs and seccomp.
	 * A rootless shim holds CAP_SETPCAP only inside init's user namespace: it drops there. */
	if (lx_cgroup_attach(&s->cg, getpid(), &err) < 0 ||
	    (rootless ? lx_caps_bounding_of(s->init_pid, &bnd, &err) : lx_caps_match_pid(s->init_pid, &err)) < 0 ||
	    lx_setns_all(s->init_pid, &err) < 0 || (rootless && lx_caps_match_set(bnd, &err) < 0) ||
	    lx_no_new_privs(&s->spec.confine, &err) < 0 || lx_seccomp_load(s->seccomp, &err) < 0) {
		send_record(status, 'S', err.errnum);
		_exit(1);
	}
	pid = fork();
	if (pid == 0)
		exec_child(x, slave, fds, status);
	send_record(status, pid < 0 ? 'S' : 'P', pid < 0 ? errno : pid);
	_exit(0);
}

static int make_fds(lx_shim *s, lx_session *x, int *slave, int child[3])
{
	char ptmx[64];
	lx_error err;
	int p[3][2];
	if (x->tty) {
		snprintf(ptmx, sizeof ptmx, "/proc/%d/root/dev/ptmx", s->init_pid);
		if (lx_pty_open_at(ptmx, &x->in_fd, slave, &err) < 0)
			return -1;
		lx_pty_set_size(x->in_fd, x->rows, x->cols);
		x->out_fd = fcntl(x->in_fd, F_DUPFD_CLOEXEC, 0);
		return x->out_fd < 0 ? -1 : 0;
	}
	for (int i = 0; i < 3; i++)
		if (pipe2(p[i], O_CLOEXEC) < 0)
			return -1;
	child[0] = p[0][0], x->in_fd = p[0][1];
	x->out_fd = p[1][0], child[1] = p[1][1];
	x->err_fd = p[2][0], child[2] = p[2][1];
	return 0;
}

static void spawn(lx_shim *s, lx_conn *c)
{
	lx_session *x = c->sess;
	int slave = -1, child[3] = {-1, -1, -1}, st[2];
	pid_t pid;
	if (x->argc == 0)
		return send_exit(c, 126, 0, "exec: no command");
	if (make_fds(s, x, &slave, child) < 0 || pipe2(st, O_CLOEXEC) < 0) {
		char msg[128];
		snprintf(msg, sizeof msg, "exec: allocate %s: %s", x->tty ? "pty" : "pipes", lx_errname(errno));
		return send_exit(c, 126, 0, msg);
	}
	pid = fork();
	if (pid == 0)
		middle_child(s, x, slave, child, st[1]);
	close(st[1]);
	close_fd(&slave);
	for (int i = 0; i < 3; i++)
		close_fd(&child[i]);
	x->status_fd = st[0];
	lx_set_nonblock(x->status_fd);
	for (int *fd = &x->in_fd; fd <= &x->err_fd; fd++)
		if (*fd >= 0)
			lx_set_nonblock(*fd);
	if (pid < 0)
		send_exit(c, 126, 0, "exec: fork failed");
}

static void parse_header(lx_shim *s, lx_conn *c)
{
	lx_session *x = c->sess;
	char *nl;
	while (!x->header_done && (nl = memchr(c->in.data, '\n', c->in.len)) != NULL) {
		size_t len = (size_t)(nl - c->in.data);
		char *line = strndup(c->in.data, len);
		lx_buf_consume(&c->in, len + 1);
		if (len == 0) {
			x->header_done = 1;
			c->kind = LX_CONN_EXEC;
			spawn(s, c);
		} else if (!line || header_line(x, line) < 0) {
			send_exit(c, 126, 0, "exec: bad header line");
			x->header_done = 1;
		}
		free(line);
	}
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void handle_frame(lx_conn *c, unsigned type, const unsigned char *p, uint32_t len)
{
	lx_session *x = c->sess;
	if (type == F_STDIN && !x->stdin_eof)
		lx_buf_append(&x->stdin_buf, p, len);
	else if (type == F_STDIN_EOF)
		x->stdin_eof = 1;
	else if (type == F_RESIZE && len >= 4 && x->tty_fd >= 0)
		lx_pty_set_size(x->tty_fd, p[0] << 8 | p[1], p[2] << 8 | p[3]);
	else if (type == F_RESIZE && len >= 4 && x->tty && x->in_fd >= 0)
		lx_pty_set_size(x->in_fd, p[0] << 8 | p[1], p[2] << 8 | p[3]);
	else if (type == F_SIGNAL && len >= 4 && x->pid > 0 && !x->exited)
		kill(x->pid, (int)be32(p));
	else if (type == F_SIGNAL && len >= 4 && x->signal_pid > 0 && !x->exited)
		kill(x->signal_pid, (int)be32(p));
}

void lx_attach_frames(lx_shim *s, lx_conn *c)
{
	lx_session *x = c->sess;
	if (!x || x->done)
		return;
	if (!x->header_done)
		parse_header(s, c);
	/* Frames wait in the socket buffer while the child's stdin is backed up. */
	while (x->header_done && !x->done && c->in.len >= 5 && x->stdin_buf.len < LX_STDIN_HIGH) {
		const unsigned char *p = (const unsigned char *)c->in.data;
		uint32_t len = be32(p + 1);
		if (len > LX_FRAME_MAX) {
			lx_attach_hangup(s, c);
			c->dead = 1;
			return;
		}
		if (c->in.len < 5 + (size_t)len)
			return;
		handle_frame(c, p[0], p + 5, len);
		lx_buf_consume(&c->in, 5 + (size_t)len);
	}
}

static void take_orphan(lx_shim *s, lx_session *x)
{
	for (int i = 0; i < LX_ORPHANS; i++) {
		if (s->orphans[i].pid != x->pid)
			continue;
		x->exited = 1;
		x->status = s->orphans[i].status;
		x->exit_ms = lx_now_ms();
		s->orphans[i].pid = 0;
	}
}

static void status_record(lx_shim *s, lx_session *x)
{
	int v;
	memcpy(&v, x->rec + 1, 4);
	if (x->rec[0] == 'P') {
		x->pid = v;
		take_orphan(s, x);
	} else if (x->rec[0] == 'S') {
		x->setup_errno = v ? v : EIO;
	} else if (x->rec[0] == 'E') {
		x->exec_errno = v ? v : EIO;
	}
}

static void on_status(lx_shim *s, void *ptr, short revents)
{
	lx_conn *c = ptr;
	lx_session *x = c->sess;
	(void)revents;
	for (;;) {
		ssize_t n = read(x->status_fd, x->rec + x->rec_len, sizeof x->rec - (size_t)x->rec_len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0)
			break;
		x->rec_len += (int)n;
		if (x->rec_len == (int)sizeof x->rec) {
			status_record(s, x);
			x->rec_len = 0;
		}
	}
	close_fd(&x->status_fd);
	if (x->pid > 0 && !x->setup_errno && !x->exec_errno) {
		uint32_t pid = (uint32_t)x->pid;
		unsigned char p[4] = {pid >> 24, pid >> 16, pid >> 8, pid};
		lx_conn_frame(c, F_STARTED, p, 4);
		x->started = 1;
	}
}

static void on_stdin(lx_shim *s, void *ptr, short revents)
{
	lx_conn *c = ptr;
	lx_session *x = c->sess;
	ssize_t n;
	(void)s;
	if (revents & (POLLERR | POLLHUP)) {
		x->stdin_buf.len = 0;
		if (!x->tty)
			close_fd(&x->in_fd);
		return;
	}
	n = write(x->in_fd, x->stdin_buf.data, x->stdin_buf.len);
	if (n > 0)
		lx_buf_consume(&x->stdin_buf, (size_t)n);
	else if (n < 0 && errno != EAGAIN && errno != EINTR)
		x->stdin_buf.len = 0;
}

static void read_output(lx_conn *c, int *fd, unsigned type)
{
	char buf[65536];
	ssize_t n = read(*fd, buf, sizeof buf);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) { /* EOF, or EIO once every holder of a pty slave is gone */
		close_fd(fd);
		return;
	}
	lx_conn_frame(c, type, buf, (size_t)n);
}

static void on_stdout(lx_shim *s, void *ptr, short revents)
{
	lx_conn *c = ptr;
	(void)s;
	(void)revents;
	read_output(c, &c->sess->out_fd, F_STDOUT);
}

static void on_stderr(lx_shim *s, void *ptr, short revents)
{
	lx_conn *c = ptr;
	(void)s;
	(void)revents;
	read_output(c, &c->sess->err_fd, F_STDERR);
}

void lx_attach_poll(lx_shim *s, lx_conn *c, lx_pollset *ps)
{
	lx_session *x = c->sess;
	(void)s;
	if (x->done || c->dead)
		return;
	if (x->status_fd >= 0)
		lx_poll_add(ps, x->status_fd, POLLIN, on_status, c);
	if (x->in_fd >= 0 && x->stdin_buf.len > 0)
		lx_poll_add(ps, x->in_fd, POLLOUT, on_stdin, c);
	/* Output is read only after STARTED went out and while the client keeps up. */
	if (!x->started || c->out.len >= LX_OUT_HIGH)
		return;
	if (x->out_fd >= 0)
		lx_poll_add(ps, x->out_fd, POLLIN, on_stdout, c);
	if (x->err_fd >= 0)
		lx_poll_add(ps, x->err_fd, POLLIN, on_stderr, c);
}

static void finish_stdin(lx_session *x)
{
	if (!x->stdin_eof || x->stdin_buf.len || x->in_fd < 0)
		return;
	if (x->tty) {
		char eot = 4; /* VEOF: the line discipline's end of input */
		if (write(x->in_fd, &eot, 1) == 1)
			x->stdin_eof = 0;
		return;
	}
	close_fd(&x->in_fd);
}

static void report_exit(lx_conn *c)
{
	lx_session *x = c->sess;
	char msg[300];
	int err = x->setup_errno ? x->setup_errno : x->exec_errno;
	if (err) {
		snprintf(msg, sizeof msg, "%s \"%s\": %s", x->setup_errno ? "Failed to attach for" : "Failed to exec",
			 x->argv[0], lx_errname(err));
		return send_exit(c, x->exec_errno == ENOENT ? 127 : 126, 0, msg);
	}
	if (WIFSIGNALED(x->status))
		return send_exit(c, 128 + WTERMSIG(x->status), WTERMSIG(x->status), NULL);
	send_exit(c, WEXITSTATUS(x->status), 0, NULL);
}

/* Whether an output fd still has bytes (or its EOF) to read right now. */
static int output_pending(lx_session *x)
{
	struct pollfd p[2];
	nfds_t n = 0;
	if (x->out_fd >= 0)
		p[n++] = (struct pollfd){ .fd = x->out_fd, .events = POLLIN };
	if (x->err_fd >= 0)
		p[n++] = (struct pollfd){ .fd = x->err_fd, .events = POLLIN };
	if (n == 0 || poll(p, n, 0) <= 0)
		return 0;
	for (nfds_t i = 0; i < n; i++)
		if (p[i].revents & (POLLIN | POLLHUP))
			return 1;
	return 0;
}

void lx_attach_tick(lx_shim *s, lx_conn *c)
{
	lx_session *x = c->sess;
	int outputs_closed;
	if (!x || x->done || !x->header_done)
		return;
	if (x->adopted && s->init_exited && !x->exited) {
		x->exited = 1;
		x->status = s->init_status;
		x->exit_ms = lx_now_ms();
	}
	finish_stdin(x);
	if (x->status_fd >= 0)
		return;
	if (x->setup_errno && !x->pid)
		return report_exit(c);
	if (!x->exited)
		return;
	outputs_closed = x->out_fd < 0 && x->err_fd < 0;
	if (outputs_closed || x->exec_errno || x->setup_errno) {
		report_exit(c);
		return;
	}
	/*
	 * A background process may hold the output open; do not wait for it forever.
	 * But bytes the process wrote before exiting (or EOF) still sitting in a pipe
	 * must go out before EXIT, however late the shim got to them (load, a slow client).
	 */
	if (lx_now_ms() - x->exit_ms > LX_EXIT_GRACE_MS && !output_pending(x))
		report_exit(c);
}

int lx_attach_reaped(lx_shim *s, pid_t pid, int status)
{
	for (lx_conn *c = s->conns; c; c = c->next) {
		lx_session *x = c->sess;
		if (!x || x->pid != pid || x->exited)
			continue;
		x->exited = 1;
		x->status = status;
		x->exit_ms = lx_now_ms();
		return 1;
	}
	return 0;
}

void lx_attach_hangup(lx_shim *s, lx_conn *c)
{
	lx_session *x = c->sess;
	(void)s;
	if (!x || x->pid <= 0 || x->exited)
		return;
	/* The process leads its own session (setsid), so its group goes too. */
	kill(-x->pid, SIGHUP);
	kill(-x->pid, SIGKILL);
	kill(x->pid, SIGKILL);
}

int lx_attach_active(lx_shim *s)
{
	int n = 0;
	for (lx_conn *c = s->conns; c; c = c->next)
		/* A done session still counts until its EXIT frame is flushed (linger follows). */
		n += (c->sess && (!c->sess->done || c->out.len) && !c->dead) || (c->linger_until && !c->dead);
	return n;
}

/*
 * `stdio`: the execute command's pipes become this connection's session, with the exec frames.
 * STARTED carries init's pid; the session ends with init, whose status is the command's
 * (init.c's reaper). With init.tty some of them are the console master. Claimed once; a second claim, or a shim without them, gets EXIT 126.
 */
void lx_attach_adopt(lx_shim *s, lx_conn *c)
{
	lx_session *x;
	uint32_t pid = (uint32_t)s->init_pid;
	unsigned char p[4] = {pid >> 24, pid >> 16, pid >> 8, pid};
	c->kind = LX_CONN_EXEC;
	if (lx_attach_begin(s, c) < 0) {
		c->dead = 1;
		return;
	}
	x = c->sess;
	x->header_done = 1;
	if (s->stdio[1] < 0)
		return send_exit(c, 126, 0, "stdio: no execute stdio to claim");
	x->in_fd = s->stdio[0], x->out_fd = s->stdio[1], x->err_fd = s->stdio[2];
	for (int i = 0; i < 3; i++) {
		if (s->stdio[i] >= 0)
			lx_set_nonblock(s->stdio[i]);
		s->stdio[i] = -1;
	}
	/* init.tty: a console stdin ends with ^D, as an attach pty's; RESIZE sizes the console. */
	x->tty = s->spec.init_tty & 1;
	if (s->spec.init_tty)
		x->tty_fd = fcntl(s->console.master, F_DUPFD_CLOEXEC, 0);
	x->adopted = x->started = 1;
	x->signal_pid = s->init_pid;
	lx_conn_frame(c, F_STARTED, p, 4);
}
