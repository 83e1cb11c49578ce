/*
 * Cgroup verbs of the control socket (list in server.c): lxc-cgroup reads and writes, and
 * the freezer. A freeze is answered from the loop's tick (lx_server_freeze_tick), never by
 * blocking the shim: consoles and other clients keep being served while it settles.
 */
#define _GNU_SOURCE
#include "cgroup-limits.h"
#include "shim.h"
#include <stdio.h>

#define LX_CG_VALUE_MAX 65536

static void reply(lx_conn *c, const char *line)
{
	lx_conn_send(c, line);
	c->close_after_flush = 1;
}

static void reply_error(lx_conn *c, const lx_error *err)
{
	char msg[1200], line[1400];
	lx_error_format(err, msg, sizeof msg);
	for (char *p = msg; *p; p++)
		if (*p == '\n')
			*p = ' ';
	snprintf(line, sizeof line, "ERR %s %s\n", lx_errname(err->errnum), msg);
	reply(c, line);
}

static void escape_into(lx_buf *b, const char *v)
{
	for (; *v; v++) {
		const char *e = *v == '\\' ? "\\\\" : *v == '\n' ? "\\n" : *v == '\t' ? "\\t" : NULL;
		lx_buf_append(b, e ? e : v, e ? 2 : 1);
	}
}

static void unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (*r == '\\' && r[1]) {
			r++;
			*w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r;
		} else {
			*w++ = *r;
		}
	}
	*w = 0;
}

static void cgroup_verb(lx_shim *s, lx_conn *c, char *args)
{
	lx_error err = {0};
	char *save = NULL, *op = strtok_r(args, " ", &save), *key = strtok_r(NULL, " ", &save);
	char *value = save;
	if (op && key && strcmp(op, "get") == 0) {
		cleanup_free char *buf = malloc(LX_CG_VALUE_MAX);
		if (!buf || lx_cgroup_get(&s->cg, key, buf, LX_CG_VALUE_MAX, &err) < 0)
			return reply_error(c, buf ? &err : (lx_fail(&err, ENOMEM, "malloc", NULL, "cgroup get"), &err));
		lx_conn_send(c, "OK ");
		escape_into(&c->out, buf);
		return reply(c, "\n");
	}
	if (op && key && value && strcmp(op, "set") == 0) {
		unescape(value);
		if (lx_cgroup_set(&s->cg, key, value, &err) < 0)
			return reply_error(c, &err);
		return reply(c, "OK\n");
	}
	lx_fail(&err, EINVAL, "cgroup", NULL, "usage: cgroup get <file> | cgroup set <file> <value>");
	reply_error(c, &err);
}

static void freeze_verb(lx_shim *s, lx_conn *c, int freeze, long timeout_ms)
{
	lx_error err = {0};
	if (lx_freezer_begin(&s->cg, freeze, &err) < 0)
		return reply_error(c, &err);
	c->kind = LX_CONN_FREEZE;
	c->freeze_target = freeze;
	c->freeze_deadline = lx_now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	s->freeze_waiters++;
	lx_server_freeze_tick(s, c);
}

void lx_server_freeze_tick(lx_shim *s, lx_conn *c)
{
	lx_error err = {0};
	long waited;
	if (lx_freezer_reached(&s->cg, c->freeze_target)) {
		c->kind = LX_CONN_REQUEST;
		s->freeze_waiters--;
		return reply(c, c->freeze_target ? "OK FROZEN\n" : "OK THAWED\n");
	}
	if (lx_now_ms() < c->freeze_deadline)
		return;
	c->kind = LX_CONN_REQUEST;
	s->freeze_waiters--;
	if (c->freeze_target)
		lx_freezer_begin(&s->cg, 0, &err); /* never leave init half-frozen */
	waited = (long)(lx_now_ms() - c->freeze_deadline);
	lx_fail(&err, ETIMEDOUT, "freezer", NULL, "the freezer did not reach %s (state %s, %ld ms past the deadline)",
		c->freeze_target ? "FROZEN" : "THAWED", lx_freezer_state(&s->cg) ?: "?", waited);
	reply_error(c, &err);
}

int lx_server_cgroup_verb(lx_shim *s, lx_conn *c, const char *verb, char *line)
{
	char *args = line + strlen(verb);
	long timeout = 0;
	while (*args == ' ')
		args++;
	if (strcmp(verb, "cgroup") == 0) {
		cgroup_verb(s, c, args);
	} else if (strcmp(verb, "freeze") == 0 || strcmp(verb, "thaw") == 0) {
		if (sscanf(args, "%ld", &timeout) != 1 || timeout < 0)
			timeout = 0;
		freeze_verb(s, c, verb[0] == 'f', timeout);
	} else if (strcmp(verb, "freezer") == 0) {
		const char *st = lx_freezer_state(&s->cg);
		char out[64];
		snprintf(out, sizeof out, "OK %s\n", st ? st : "NONE");
		reply(c, out);
	} else {
		return 0;
	}
	return 1;
}
