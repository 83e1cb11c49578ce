/* Container network interfaces (see net.h). */
#define _GNU_SOURCE
#include "net.h"
#include "netlink.h"
#include "util.h"
#include <fcntl.h>
#include <linux/if_link.h>
#include <stdio.h>

static int parse_int(const char *v, int max, int *out)
{
	char *end = NULL;
	long n = strtol(v, &end, 10);
	if (!*v || *end || n < 0 || n > max)
		return -1;
	*out = (int)n;
	return 0;
}

static int nic_token(lx_nic *nic, char *tok, lx_error *err)
{
	struct {
		const char *key;
		char **field;
	} strs[] = {
		{"type", &nic->type},	     {"name", &nic->name},	       {"link", &nic->link},
		{"host", &nic->host},	     {"mac", &nic->mac},	       {"ipv4.gw", &nic->ipv4_gw},
		{"ipv6.gw", &nic->ipv6_gw},  {"bridge.ipv4", &nic->bridge_addr}, {"bridge.mac", &nic->bridge_mac},
		{"macvlan.mode", &nic->macvlan_mode},
	};
	char *eq = strchr(tok, '=');
	if (!eq)
		return lx_fail(err, EINVAL, "parse", NULL, "net.nic: token without `=`: `%s`", tok);
	*eq = 0;
	char *v = eq + 1;
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		if (strcmp(tok, strs[i].key) == 0)
			return *strs[i].field = v, 0;
	if (strcmp(tok, "ipv4") == 0 || strcmp(tok, "ipv6") == 0) {
		if (nic->naddrs >= LX_NIC_ADDRS)
			return lx_fail(err, E2BIG, "parse", NULL, "net.nic: more than %d addresses", LX_NIC_ADDRS);
		nic->addrs[nic->naddrs++] = v;
		return 0;
	}
	if (strcmp(tok, "mtu") == 0 && parse_int(v, 65535, &nic->mtu) == 0)
		return 0;
	if (strcmp(tok, "up") == 0 && parse_int(v, 1, &nic->up) == 0)
		return 0;
	return lx_fail(err, EINVAL, "parse", NULL, "net.nic: bad token `%s=%s`", tok, v);
}

static int parse_nic(lx_net_spec *net, char *value, lx_error *err)
{
	char *save = NULL;
	lx_nic *nics = realloc(net->nics, (net->nnics + 1) * sizeof *nics);
	if (!nics)
		return lx_fail(err, ENOMEM, "realloc", NULL, "net.nic");
	net->nics = nics;
	lx_nic *nic = memset(&nics[net->nnics], 0, sizeof *nic);
	for (char *t = strtok_r(value, " ", &save); t; t = strtok_r(NULL, " ", &save))
		if (nic_token(nic, t, err) < 0)
			return -1;
	if (!nic->type || !nic->name || (strcmp(nic->type, "veth") == 0 && !nic->host))
		return lx_fail(err, EINVAL, "parse", NULL, "net.nic needs type, name and (veth) host");
	if (strcmp(nic->type, "veth") != 0 && strcmp(nic->type, "macvlan") != 0)
		return lx_fail(err, EINVAL, "parse", NULL, "net.nic: unknown type `%s`", nic->type);
	if (strlen(nic->name) >= 16 || (nic->host && strlen(nic->host) >= 16))
		return lx_fail(err, ENAMETOOLONG, "parse", NULL, "net.nic: interface name longer than 15 bytes");
	net->nnics++;
	return 0;
}

int lx_net_spec_key(lx_net_spec *net, const char *key, char *value, lx_error *err)
{
	if (strcmp(key, "nic") == 0)
		return parse_nic(net, value, err);
	if (strcmp(key, "lo") == 0 && parse_int(value, 1, &net->lo_up) == 0)
		return 0;
	return lx_fail(err, EINVAL, "parse", NULL, "unknown key `net.%s`", key);
}

static int read_mtu(const char *ifname)
{
	char path[96], buf[16] = {0};
	cleanup_close int fd = -1;
	snprintf(path, sizeof path, "/sys/class/net/%s/mtu", ifname);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, buf, sizeof buf - 1) <= 0)
		return 0;
	return atoi(buf);
}

static int mac_arg(const char *s, uint8_t mac[6], const uint8_t **out, lx_error *err)
{
	*out = NULL;
	if (!s)
		return 0;
	if (lx_parse_mac(s, mac) < 0)
		return lx_fail(err, EINVAL, "parse", s, "bad hwaddr `%s`", s);
	*out = mac;
	return 0;
}

/* Creates the bridge with its address when missing; a concurrent creator is fine (EEXIST). */
static int ensure_bridge(int fd, const lx_nic *nic, lx_error *err)
{
	uint8_t mac[6];
	const uint8_t *m;
	int idx = lx_link_index(nic->link);
	if (idx > 0)
		return idx;
	if (!nic->bridge_addr)
		return lx_fail(err, ENODEV, "if_nametoindex", nic->link, "bridge `%s` does not exist", nic->link);
	if (mac_arg(nic->bridge_mac, mac, &m, err) < 0)
		return -1;
	if (lx_link_add_bridge(fd, nic->link, m, err) < 0 && err->errnum != EEXIST)
		return -1;
	idx = lx_link_index(nic->link);
	if (idx <= 0)
		return lx_fail_sys(err, "if_nametoindex", nic->link);
	if (lx_addr_add(fd, idx, nic->bridge_addr, err) < 0 || lx_link_set(fd, idx, 1, 0, NULL, err) < 0)
		return lx_wrap(err, "set up bridge %s", nic->link);
	return idx;
}

static int create_veth(int fd, const lx_nic *nic, pid_t pid, lx_error *err)
{
	uint8_t mac[6];
	const uint8_t *m;
	/* Without lxc.net.N.link the host end stays unattached, as in LXC. */
	int br = nic->link ? ensure_bridge(fd, nic, err) : 0, host;
	if (br < 0)
		return -1;
	if (mac_arg(nic->mac, mac, &m, err) < 0)
		return -1;
	/* Without lxc.net.N.mtu the pair takes the bridge's MTU, as lxc-user-nic does. */
	int mtu = nic->mtu > 0 ? nic->mtu : nic->link ? read_mtu(nic->link) : 0;
	if (lx_link_add_veth(fd, nic->host, nic->name, pid, mtu, m, err) < 0)
		return -1;
	host = lx_link_index(nic->host);
	if (host <= 0)
		return lx_fail_sys(err, "if_nametoindex", nic->host);
	if ((br > 0 && lx_link_set_master(fd, host, br, err) < 0) || lx_link_set(fd, host, 1, 0, NULL, err) < 0)
		return lx_wrap(err, "host end %s", nic->host);
	return 0;
}

static uint32_t macvlan_mode(const char *s)
{
	if (!s || strcmp(s, "private") == 0)
		return MACVLAN_MODE_PRIVATE;
	if (strcmp(s, "vepa") == 0)
		return MACVLAN_MODE_VEPA;
	if (strcmp(s, "passthru") == 0)
		return MACVLAN_MODE_PASSTHRU;
	return MACVLAN_MODE_BRIDGE;
}

static int create_macvlan(int fd, const lx_nic *nic, pid_t pid, lx_error *err)
{
	uint8_t mac[6];
	const uint8_t *m;
	int parent = nic->link ? lx_link_index(nic->link) : 0;
	if (parent <= 0)
		return lx_fail(err, ENODEV, "if_nametoindex", nic->link, "macvlan parent `%s` does not exist",
			       nic->link ? nic->link : "");
	if (mac_arg(nic->mac, mac, &m, err) < 0)
		return -1;
	return lx_link_add_macvlan(fd, nic->name, parent, macvlan_mode(nic->macvlan_mode), pid, nic->mtu, m, err);
}

int lx_net_create(const lx_net_spec *net, pid_t init_pid, lx_error *err)
{
	cleanup_close int fd = -1;
	if (net->nnics == 0)
		return 0;
	fd = lx_nl_open(err);
	if (fd < 0)
		return -1;
	for (size_t i = 0; i < net->nnics; i++) {
		const lx_nic *nic = &net->nics[i];
		int rc = strcmp(nic->type, "veth") == 0 ? create_veth(fd, nic, init_pid, err)
							 : create_macvlan(fd, nic, init_pid, err);
		if (rc < 0)
			return lx_wrap(err, "%s %s", nic->type, nic->name);
	}
	return 0;
}

static int configure_nic(int fd, const lx_nic *nic, lx_error *err)
{
	int idx = lx_link_index(nic->name);
	if (idx <= 0)
		return lx_fail_sys(err, "if_nametoindex", nic->name);
	for (int i = 0; i < nic->naddrs; i++)
		if (lx_addr_add(fd, idx, nic->addrs[i], err) < 0)
			return -1;
	if (nic->up && lx_link_set(fd, idx, 1, 0, NULL, err) < 0)
		return -1;
	if ((nic->ipv4_gw || nic->ipv6_gw) && !nic->up)
		return lx_fail(err, EINVAL, "configure", nic->name,
			       "cannot add a gateway for %s when not bringing up the interface", nic->name);
	if (nic->ipv4_gw && lx_route_add_default(fd, idx, nic->ipv4_gw, err) < 0)
		return -1;
	if (nic->ipv6_gw && lx_route_add_default(fd, idx, nic->ipv6_gw, err) < 0)
		return -1;
	return 0;
}

int lx_net_configure(const lx_net_spec *net, lx_error *err)
{
	cleanup_close int fd = -1;
	if (net->nnics == 0 && !net->lo_up)
		return 0;
	fd = lx_nl_open(err);
	if (fd < 0)
		return -1;
	if (net->lo_up && lx_link_set(fd, lx_link_index("lo"), 1, 0, NULL, err) < 0)
		return lx_wrap(err, "lo");
	for (size_t i = 0; i < net->nnics; i++)
		if (configure_nic(fd, &net->nics[i], err) < 0)
			return lx_wrap(err, "%s", net->nics[i].name);
	return 0;
}

void lx_net_teardown(const lx_net_spec *net)
{
	lx_error err = {0};
	cleanup_close int fd = -1;
	if (net->nnics == 0)
		return;
	fd = lx_nl_open(&err);
	for (size_t i = 0; fd >= 0 && i < net->nnics; i++)
		if (net->nics[i].host && lx_link_index(net->nics[i].host) > 0)
			lx_link_del(fd, net->nics[i].host, &err);
}
