/*
 * lxc.console.path = a host terminal (lxc-start -c /dev/pts/N): LXC's console "peer". The
 * container's console stays a pty; its output is copied to the peer too and what is typed on
 * the peer goes to the console. As LXC 5.0.2 (terminal.c, measured): the path must be a
 * terminal or the start fails; the peer is put in raw mode with output processing kept (so a
 * container's \r\n arrives as \r\r\n), its size is given to the console, and its settings are
 * restored when the container stops. Opened with the owner's rights (console-file.h), as LXC
 * opens it as the user who ran lxc-start. While a peer is set, lxc-console -t 0 is refused, as
 * in LXC (the console is in use).
 * Difference: the peer is written without blocking; what it cannot take is dropped, where
 * LXC's monitor would block with the container's console.
 */
#ifndef LXCBUS_CONSOLE_PEER_H
#define LXCBUS_CONSOLE_PEER_H
#include "error.h"
#include <stddef.h>
#include <termios.h>

typedef struct lx_console_peer {
	int active; /* set up: fd open and `saved` to restore */
	int fd;
	struct termios saved;
} lx_console_peer;

struct lx_shim;
struct lx_pollset;
int lx_console_peer_open(struct lx_shim *s, lx_error *err);
/* The peer's size on the console pty, once it exists. */
void lx_console_peer_winsize(struct lx_shim *s);
void lx_console_peer_poll(struct lx_shim *s, struct lx_pollset *ps);
void lx_console_peer_write(lx_console_peer *p, const char *buf, size_t n);
void lx_console_peer_close(struct lx_shim *s);

#endif
