/* Context-chained errors (see error.h). */
#define _GNU_SOURCE
#include "error.h"
#include "util.h"
#include <stdarg.h>
#include <stdio.h>

static void copy_field(char *dst, size_t cap, const char *src)
{
	size_t i = 0;
	for (; src && src[i] && i + 1 < cap; i++)
		dst[i] = (src[i] == '\t' || src[i] == '\n') ? ' ' : src[i];
	dst[i] = 0;
}

int lx_fail(lx_error *e, int errnum, const char *syscall, const char *path, const char *fmt, ...)
{
	va_list ap;
	e->errnum = errnum;
	copy_field(e->syscall, sizeof e->syscall, syscall);
	copy_field(e->path, sizeof e->path, path);
	va_start(ap, fmt);
	vsnprintf(e->op, sizeof e->op, fmt, ap);
	va_end(ap);
	return -1;
}

int lx_fail_sys(lx_error *e, const char *syscall, const char *path)
{
	int errnum = errno;
	if (path)
		return lx_fail(e, errnum, syscall, path, "%s `%s`", syscall, path);
	return lx_fail(e, errnum, syscall, NULL, "%s", syscall);
}

int lx_wrap(lx_error *e, const char *fmt, ...)
{
	char prefix[512], old[sizeof e->op];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, e->op, sizeof old);
	snprintf(e->op, sizeof e->op, "%s: %s", prefix, old);
	return -1;
}

const char *lx_errname(int errnum)
{
	const char *n = errnum ? strerrorname_np(errnum) : NULL;
	return n ? n : "EUNKNOWN";
}

void lx_error_format(const lx_error *e, char *buf, size_t len)
{
	snprintf(buf, len, "%s: %s", e->op, lx_errname(e->errnum));
}

int lx_error_send(int fd, const lx_error *e)
{
	char line[2048];
	char op[sizeof e->op];
	int n;
	copy_field(op, sizeof op, e->op);
	n = snprintf(line, sizeof line, "ERR\t%d\t%s\t%s\t%s\n", e->errnum, e->syscall, e->path, op);
	if (n < 0)
		return -1;
	return lx_write_all(fd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

int lx_error_parse(const char *line, lx_error *e)
{
	char buf[2048], *fields[5], *save = NULL, *p;
	int i = 0;
	snprintf(buf, sizeof buf, "%s", line);
	buf[strcspn(buf, "\n")] = 0;
	for (p = buf; i < 5; i++) {
		fields[i] = p;
		p = strchr(p, '\t');
		if (!p && i < 4)
			return -1;
		if (p)
			*p++ = 0;
	}
	(void)save;
	if (strcmp(fields[0], "ERR") != 0)
		return -1;
	e->errnum = atoi(fields[1]);
	copy_field(e->syscall, sizeof e->syscall, fields[2]);
	copy_field(e->path, sizeof e->path, fields[3]);
	copy_field(e->op, sizeof e->op, fields[4]);
	return 0;
}
