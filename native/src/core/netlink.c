/* rtnetlink requests (see netlink.h). */
#define _GNU_SOURCE
#include "netlink.h"
#include "util.h"
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <stdio.h>
#include <sys/socket.h>

int lx_nl_open(lx_error *err)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
	if (fd < 0)
		return lx_fail_sys(err, "socket(AF_NETLINK)", NULL);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		close(fd);
		return lx_fail_sys(err, "bind(AF_NETLINK)", NULL);
	}
	return fd;
}

void *lx_nl_begin(lx_nlmsg *m, uint16_t type, uint16_t flags, size_t hdrlen)
{
	struct nlmsghdr *h = (struct nlmsghdr *)m->buf;
	memset(m, 0, sizeof *m);
	h->nlmsg_type = type;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	m->len = NLMSG_SPACE(hdrlen);
	return NLMSG_DATA(h);
}

int lx_nl_put(lx_nlmsg *m, uint16_t type, const void *data, size_t len)
{
	struct rtattr *a = (struct rtattr *)(m->buf + m->len);
	if (m->len + RTA_SPACE(len) > sizeof m->buf)
		return errno = EMSGSIZE, -1;
	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), data, len);
	m->len += RTA_SPACE(len);
	return 0;
}

int lx_nl_put_str(lx_nlmsg *m, uint16_t type, const char *s)
{
	return lx_nl_put(m, type, s, strlen(s) + 1);
}

int lx_nl_put_u32(lx_nlmsg *m, uint16_t type, uint32_t v)
{
	return lx_nl_put(m, type, &v, sizeof v);
}

int lx_nl_nest_begin(lx_nlmsg *m, uint16_t type)
{
	if (m->depth >= 4)
		return errno = EMSGSIZE, -1;
	m->nest[m->depth++] = (int)m->len;
	return lx_nl_put(m, type, NULL, 0);
}

void lx_nl_nest_end(lx_nlmsg *m)
{
	struct rtattr *a = (struct rtattr *)(m->buf + m->nest[--m->depth]);
	a->rta_len = (unsigned short)(m->len - (size_t)m->nest[m->depth]);
}

static int recv_ack(int fd, uint32_t seq, const char *what, lx_error *err)
{
	char buf[8192];
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof buf, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return lx_fail_sys(err, "recv(AF_NETLINK)", what);
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned)n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != seq || h->nlmsg_type != NLMSG_ERROR)
				continue;
			int e = -((struct nlmsgerr *)NLMSG_DATA(h))->error;
			if (e == 0)
				return 0;
			return lx_fail(err, e, "netlink", what, "%s", what);
		}
	}
}

int lx_nl_call(int fd, lx_nlmsg *m, const char *what, lx_error *err)
{
	static uint32_t seq;
	struct nlmsghdr *h = (struct nlmsghdr *)m->buf;
	if (m->depth != 0 || m->len > sizeof m->buf)
		return lx_fail(err, EMSGSIZE, "netlink", what, "%s: message too long", what);
	h->nlmsg_len = (uint32_t)m->len;
	h->nlmsg_seq = ++seq;
	if (send(fd, m->buf, m->len, 0) < 0)
		return lx_fail_sys(err, "send(AF_NETLINK)", what);
	return recv_ack(fd, seq, what, err);
}

int lx_link_index(const char *name)
{
	return (int)if_nametoindex(name);
}

static struct ifinfomsg *link_msg(lx_nlmsg *m, uint16_t type, uint16_t flags, int ifindex)
{
	struct ifinfomsg *ifi = lx_nl_begin(m, type, flags, sizeof *ifi);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return ifi;
}

int lx_link_set(int fd, int ifindex, int up, int mtu, const uint8_t *mac, lx_error *err)
{
	lx_nlmsg m;
	struct ifinfomsg *ifi = link_msg(&m, RTM_NEWLINK, 0, ifindex);
	char what[64];
	if (up) {
		ifi->ifi_flags = IFF_UP;
		ifi->ifi_change = IFF_UP;
	}
	if (mtu > 0)
		lx_nl_put_u32(&m, IFLA_MTU, (uint32_t)mtu);
	if (mac)
		lx_nl_put(&m, IFLA_ADDRESS, mac, 6);
	snprintf(what, sizeof what, "configure link %d", ifindex);
	return lx_nl_call(fd, &m, what, err);
}

int lx_link_set_master(int fd, int ifindex, int master, lx_error *err)
{
	lx_nlmsg m;
	link_msg(&m, RTM_NEWLINK, 0, ifindex);
	lx_nl_put_u32(&m, IFLA_MASTER, (uint32_t)master);
	return lx_nl_call(fd, &m, "attach to bridge", err);
}

int lx_link_del(int fd, const char *name, lx_error *err)
{
	lx_nlmsg m;
	char what[64];
	link_msg(&m, RTM_DELLINK, 0, 0);
	lx_nl_put_str(&m, IFLA_IFNAME, name);
	snprintf(what, sizeof what, "delete link %s", name);
	return lx_nl_call(fd, &m, what, err);
}

static void put_kind(lx_nlmsg *m, const char *kind)
{
	lx_nl_nest_begin(m, IFLA_LINKINFO);
	lx_nl_put_str(m, IFLA_INFO_KIND, kind);
}

int lx_link_add_bridge(int fd, const char *name, const uint8_t *mac, lx_error *err)
{
	lx_nlmsg m;
	char what[64];
	link_msg(&m, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	lx_nl_put_str(&m, IFLA_IFNAME, name);
	if (mac)
		lx_nl_put(&m, IFLA_ADDRESS, mac, 6);
	put_kind(&m, "bridge");
	lx_nl_nest_end(&m);
	snprintf(what, sizeof what, "create bridge %s", name);
	return lx_nl_call(fd, &m, what, err);
}

int lx_link_add_veth(int fd, const char *host, const char *peer, pid_t peer_pid, int mtu, const uint8_t *peer_mac,
		     lx_error *err)
{
	lx_nlmsg m;
	struct ifinfomsg pi = {.ifi_family = AF_UNSPEC};
	char what[96];
	link_msg(&m, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	lx_nl_put_str(&m, IFLA_IFNAME, host);
	if (mtu > 0)
		lx_nl_put_u32(&m, IFLA_MTU, (uint32_t)mtu);
	put_kind(&m, "veth");
	lx_nl_nest_begin(&m, IFLA_INFO_DATA);
	lx_nl_nest_begin(&m, VETH_INFO_PEER);
	/* The peer's attributes follow its own ifinfomsg inside VETH_INFO_PEER. */
	memcpy(m.buf + m.len, &pi, sizeof pi);
	m.len += NLMSG_ALIGN(sizeof pi);
	lx_nl_put_str(&m, IFLA_IFNAME, peer);
	lx_nl_put_u32(&m, IFLA_NET_NS_PID, (uint32_t)peer_pid);
	if (mtu > 0)
		lx_nl_put_u32(&m, IFLA_MTU, (uint32_t)mtu);
	if (peer_mac)
		lx_nl_put(&m, IFLA_ADDRESS, peer_mac, 6);
	lx_nl_nest_end(&m);
	lx_nl_nest_end(&m);
	lx_nl_nest_end(&m);
	snprintf(what, sizeof what, "create veth %s (peer %s)", host, peer);
	return lx_nl_call(fd, &m, what, err);
}

int lx_link_add_macvlan(int fd, const char *name, int parent, uint32_t mode, pid_t pid, int mtu, const uint8_t *mac,
			lx_error *err)
{
	lx_nlmsg m;
	char what[64];
	link_msg(&m, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	lx_nl_put_str(&m, IFLA_IFNAME, name);
	lx_nl_put_u32(&m, IFLA_LINK, (uint32_t)parent);
	lx_nl_put_u32(&m, IFLA_NET_NS_PID, (uint32_t)pid);
	if (mtu > 0)
		lx_nl_put_u32(&m, IFLA_MTU, (uint32_t)mtu);
	if (mac)
		lx_nl_put(&m, IFLA_ADDRESS, mac, 6);
	put_kind(&m, "macvlan");
	lx_nl_nest_begin(&m, IFLA_INFO_DATA);
	lx_nl_put_u32(&m, IFLA_MACVLAN_MODE, mode);
	lx_nl_nest_end(&m);
	lx_nl_nest_end(&m);
	snprintf(what, sizeof what, "create macvlan %s", name);
	return lx_nl_call(fd, &m, what, err);
}

/* Splits "addr/len" into a binary address; returns the family or -1. */
static int parse_cidr(const char *cidr, unsigned char addr[16], int *prefix)
{
	char buf[64];
	char *slash;
	snprintf(buf, sizeof buf, "%s", cidr);
	slash = strchr(buf, '/');
	if (slash)
		*slash = 0;
	int family = strchr(buf, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(family, buf, addr) != 1)
		return -1;
	*prefix = slash ? atoi(slash + 1) : (family == AF_INET ? 32 : 128);
	if (*prefix < 0 || *prefix > (family == AF_INET ? 32 : 128))
		return -1;
	return family;
}

int lx_addr_add(int fd, int ifindex, const char *cidr, lx_error *err)
{
	lx_nlmsg m;
	unsigned char addr[16];
	int prefix, family = parse_cidr(cidr, addr, &prefix);
	char what[96];
	if (family < 0)
		return lx_fail(err, EINVAL, "parse", cidr, "bad address `%s`", cidr);
	struct ifaddrmsg *ifa = lx_nl_begin(&m, RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE, sizeof *ifa);
	size_t alen = family == AF_INET ? 4 : 16;
	ifa->ifa_family = (unsigned char)family;
	ifa->ifa_prefixlen = (unsigned char)prefix;
	ifa->ifa_index = (unsigned)ifindex;
	/* No duplicate address detection: the allocator made the address unique on the bridge. */
	ifa->ifa_flags = family == AF_INET6 ? IFA_F_NODAD : 0;
	lx_nl_put(&m, IFA_LOCAL, addr, alen);
	lx_nl_put(&m, IFA_ADDRESS, addr, alen);
	if (family == AF_INET && prefix < 31) {
		uint32_t a, mask = prefix ? htonl(~0u << (32 - prefix)) : 0;
		memcpy(&a, addr, 4);
		a |= ~mask;
		lx_nl_put(&m, IFA_BROADCAST, &a, 4);
	}
	snprintf(what, sizeof what, "add address %s", cidr);
	return lx_nl_call(fd, &m, what, err);
}

int lx_route_add_default(int fd, int ifindex, const char *gateway, lx_error *err)
{
	lx_nlmsg m;
	unsigned char addr[16];
	int prefix, family = parse_cidr(gateway, addr, &prefix);
	char what[96];
	if (family < 0)
		return lx_fail(err, EINVAL, "parse", gateway, "bad gateway `%s`", gateway);
	struct rtmsg *rt = lx_nl_begin(&m, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, sizeof *rt);
	rt->rtm_family = (unsigned char)family;
	rt->rtm_table = RT_TABLE_MAIN;
	rt->rtm_protocol = RTPROT_BOOT;
	rt->rtm_scope = RT_SCOPE_UNIVERSE;
	rt->rtm_type = RTN_UNICAST;
	lx_nl_put(&m, RTA_GATEWAY, addr, family == AF_INET ? 4 : 16);
	lx_nl_put_u32(&m, RTA_OIF, (uint32_t)ifindex);
	snprintf(what, sizeof what, "add default route via %s", gateway);
	return lx_nl_call(fd, &m, what, err);
}

int lx_parse_mac(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	char tail;
	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &tail) != 6)
		return -1;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
	return 0;
}
