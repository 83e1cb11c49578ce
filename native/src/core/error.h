/*
 * Errors as values: every fallible function takes an lx_error out-parameter and returns -1.
 * The innermost failure records errno, the syscall and the path; every layer above prepends
 * its step with lx_wrap, so the caller sees "setup rootfs: pivot_root `/x`: EPERM".
 */
#ifndef LXCBUS_ERROR_H
#define LXCBUS_ERROR_H
#include <stddef.h>

typedef struct lx_error {
	int errnum;
	char syscall[32];
	char path[512];
	char op[1024];
} lx_error;

int lx_fail(lx_error *e, int errnum, const char *syscall, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* lx_fail with errno and "<syscall> `<path>`" as the op text. */
int lx_fail_sys(lx_error *e, const char *syscall, const char *path);
int lx_wrap(lx_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *lx_errname(int errnum);
void lx_error_format(const lx_error *e, char *buf, size_t len);
/* Wire form used on the readiness pipe and the init handshake: "ERR\t<errno>\t<syscall>\t<path>\t<op>\n". */
int lx_error_send(int fd, const lx_error *e);
int lx_error_parse(const char *line, lx_error *e);

#endif
