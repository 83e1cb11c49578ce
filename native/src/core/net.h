/*
 * Container network interfaces, from a plan the network-allocator resolved (names, addresses,
 * MACs are decided before the shim runs; nothing here chooses).
 *
 * Spec keys (see spec.h): `net.lo` (0|1: bring lo up) and `net.nic`, repeatable, one line per
 * interface of space-separated `key=value` tokens:
 *   type=veth|macvlan  name=<container ifname>  link=<bridge or parent>  host=<host veth name>
 *   mac=<hwaddr>  mtu=<n>  up=0|1  ipv4=<a.b.c.d/n> (repeat)  ipv4.gw=<addr>  ipv6=<addr/n>
 *   (repeat)  ipv6.gw=<addr>  bridge.ipv4=<addr/n> and bridge.mac=<hwaddr> (create the bridge
 *   with these when it is missing, as lxc-net does for lxcbr0)  macvlan.mode=<mode>
 *
 * Two steps, split by namespace:
 *   lx_net_create      shim, host netns, after init was cloned: bridge if missing, veth pair
 *                      with the peer created directly in init's netns under its final name
 *                      (no rename step, no window where eth0 exists on the host)
 *   lx_net_configure   init, its own netns, before the rootfs: addresses, links up, gateways,
 *                      lo
 * lx_net_teardown deletes the host ends once init is gone; the kernel would also remove a
 * pair when the netns dies, but asynchronously, and a stopped container must leave nothing.
 */
#ifndef LXCBUS_NET_H
#define LXCBUS_NET_H
#include "error.h"
#include <stddef.h>
#include <sys/types.h>

#define LX_NIC_ADDRS 16

typedef struct lx_nic {
	char *type, *name, *link, *host, *mac, *ipv4_gw, *ipv6_gw, *bridge_addr, *bridge_mac, *macvlan_mode;
	int mtu, up;
	char *addrs[LX_NIC_ADDRS];
	int naddrs;
} lx_nic;

typedef struct lx_net_spec {
	lx_nic *nics;
	size_t nnics;
	int lo_up;
} lx_net_spec;

/* A `net.<key>` spec line (key without the `net.` prefix); `value` is kept, not copied. */
int lx_net_spec_key(lx_net_spec *net, const char *key, char *value, lx_error *err);
int lx_net_create(const lx_net_spec *net, pid_t init_pid, lx_error *err);
int lx_net_configure(const lx_net_spec *net, lx_error *err);
void lx_net_teardown(const lx_net_spec *net);

#endif
