/* The container's /dev: autodev tmpfs, device nodes, devpts, console and tty binds. */
#ifndef LXCBUS_DEVICES_H
#define LXCBUS_DEVICES_H
#include "error.h"
#include "spec.h"

#define LX_TTY_MAX 16

typedef struct lx_dev_ctx {
	const char *console_slave; /* host path of the console pty slave, or NULL */
	const char *tty_slaves[LX_TTY_MAX];
	int ntty;
} lx_dev_ctx;

/* `root` is the rootfs path as seen before pivot_root. */
int lx_autodev(const char *root, const lx_spec *spec, lx_error *err);
int lx_bind_terminals(const char *root, const lx_dev_ctx *ctx, lx_error *err);

#endif
