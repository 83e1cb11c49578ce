/*
 * A minimal rtnetlink client: one request at a time on a NETLINK_ROUTE socket, each acked.
 * The socket talks to the network namespace of the process that opened it, so the shim opens
 * one in the host namespace (bridge, veth pair) and init opens its own inside the container
 * (addresses, routes, links up).
 */
#ifndef LXCBUS_NETLINK_H
#define LXCBUS_NETLINK_H
#include "error.h"
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define LX_NL_BUF 4096

typedef struct lx_nlmsg {
	char buf[LX_NL_BUF];
	size_t len;
	int nest[4]; /* offsets of open nested attributes */
	int depth;
} lx_nlmsg;

int lx_nl_open(lx_error *err);
/* Starts a request: nlmsghdr + the family header of `hdrlen` bytes (zeroed, returned). */
void *lx_nl_begin(lx_nlmsg *m, uint16_t type, uint16_t flags, size_t hdrlen);
int lx_nl_put(lx_nlmsg *m, uint16_t type, const void *data, size_t len);
int lx_nl_put_str(lx_nlmsg *m, uint16_t type, const char *s);
int lx_nl_put_u32(lx_nlmsg *m, uint16_t type, uint32_t v);
int lx_nl_nest_begin(lx_nlmsg *m, uint16_t type);
void lx_nl_nest_end(lx_nlmsg *m);
/* Sends and waits for the ack; a kernel error becomes errno with `what` as the op. */
int lx_nl_call(int fd, lx_nlmsg *m, const char *what, lx_error *err);

/* Link operations (names are looked up in the socket's namespace). */
int lx_link_index(const char *name);
int lx_link_set(int fd, int ifindex, int up, int mtu, const uint8_t *mac, lx_error *err);
int lx_link_set_master(int fd, int ifindex, int master, lx_error *err);
int lx_link_del(int fd, const char *name, lx_error *err);
int lx_link_add_bridge(int fd, const char *name, const uint8_t *mac, lx_error *err);
/* veth pair: `host` here, `peer` created directly in the netns of `peer_pid`. */
int lx_link_add_veth(int fd, const char *host, const char *peer, pid_t peer_pid, int mtu, const uint8_t *peer_mac,
		     lx_error *err);
int lx_link_add_macvlan(int fd, const char *name, int parent, uint32_t mode, pid_t pid, int mtu, const uint8_t *mac,
			lx_error *err);
/* `cidr` is `a.b.c.d/n` or an IPv6 address with /n; IPv4 gets the broadcast address. */
int lx_addr_add(int fd, int ifindex, const char *cidr, lx_error *err);
int lx_route_add_default(int fd, int ifindex, const char *gateway, lx_error *err);
int lx_parse_mac(const char *s, uint8_t mac[6]);

#endif
