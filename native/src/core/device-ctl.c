/*
 * lxc-device on a running container: verb `device add|del <src> <dst>` of the control socket
 * (list in server.c). As LXC 5.0's lxc-device decides, `<src>` is a network link when a link
 * of that name exists (for add: in the host netns, where the shim lives; for del: in the
 * container's netns); otherwise it is a device node.
 *
 * Link: set down, then moved with one RTM_NEWLINK (IFLA_NET_NS_PID + IFLA_IFNAME) into the
 * container's netns as `<dst>` (add) or back into the shim's netns as `<dst>` (del, done by a
 * helper child that joined the container's netns, since a netlink socket talks to the netns of
 * whoever opened it). A name taken on the other side fails with EEXIST and nothing moves.
 *
 * Node: as LXC's add_remove_device_node, the path that is stat'ed on the host and made in the
 * container is `<dst>` (the last operand); it must be a char or block device. A helper child
 * joins the container's mount namespace (setns), removes what is at the path, creates missing
 * parents (0755) and mknods the node with the host node's type, mode and rdev. Then the
 * devices cgroup: v1 `devices.allow` / `devices.deny` `<c|b> M:m rwm`. On a pure cgroup2 host
 * without lxc.cgroup2.devices rules no BPF program restricts devices, so there is nothing to
 * allow; with rules, the rule is appended to them and the program rebuilt and swapped in.
 *
 * Replies: `OK NET` / `OK NODE`, or `ERR <ERRNO> <message>`.
 */
#define _GNU_SOURCE
#include "bpf-devices.h"
#include "cgroup-limits.h"
#include "namespaces.h"
#include "netlink.h"
#include "shim.h"
#include <fcntl.h>
#include <libgen.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#define NOT_A_LINK 3 /* helper exit code: no link of that name in the container */

typedef struct {
	pid_t init_pid;
	pid_t host_pid; /* a process of the host netns: the shim */
	const char *path;
	const char *src, *dst;
	int add;
	struct stat st;
} dev_req;

static int join_ns(pid_t pid, const char *ns, int nstype, lx_error *err)
{
	char p[64];
	cleanup_close int fd = -1;
	snprintf(p, sizeof p, "/proc/%d/ns/%s", pid, ns);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return lx_fail_sys(err, "open", p);
	if (setns(fd, nstype) < 0)
		return lx_fail_sys(err, "setns", p);
	return 0;
}

/* Runs fn in a forked child; its lx_error comes back on a pipe. Returns fn's result (>= 0) or -1. */
static int in_helper(int (*fn)(dev_req *, lx_error *), dev_req *r, lx_error *err)
{
	int p[2], status = 0;
	char line[2048] = "";
	ssize_t n;
	pid_t pid;
	if (pipe2(p, O_CLOEXEC) < 0)
		return lx_fail_sys(err, "pipe2", NULL);
	pid = fork();
	if (pid == 0) {
		lx_error e = {0};
		int rc;
		close(p[0]);
		rc = fn(r, &e);
		if (rc < 0)
			lx_error_send(p[1], &e);
		_exit(rc < 0 ? 1 : rc);
	}
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		return lx_fail_sys(err, "fork", NULL);
	}
	n = read(p[0], line, sizeof line - 1);
	close(p[0]);
	/* Synchronous: the loop's SIGCHLD reaper (signals.c) only runs after this returns. */
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (n > 0 && lx_error_parse(line, err) == 0)
		return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) == 1)
		return lx_fail(err, EIO, "fork", NULL, "device helper died (status %d)", status);
	return WEXITSTATUS(status);
}

static int link_down(int fd, int ifindex, lx_error *err)
{
	lx_nlmsg m;
	struct ifinfomsg *ifi = lx_nl_begin(&m, RTM_NEWLINK, 0, sizeof *ifi);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	ifi->ifi_change = IFF_UP; /* flags 0: down, as LXC takes a link down before moving it */
	return lx_nl_call(fd, &m, "set link down", err);
}

static int link_move(int fd, int ifindex, pid_t to, const char *name, lx_error *err)
{
	lx_nlmsg m;
	struct ifinfomsg *ifi = lx_nl_begin(&m, RTM_NEWLINK, 0, sizeof *ifi);
	char what[96];
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	lx_nl_put_u32(&m, IFLA_NET_NS_PID, (uint32_t)to);
	lx_nl_put_str(&m, IFLA_IFNAME, name);
	snprintf(what, sizeof what, "move link %d to the netns of %d as %s", ifindex, (int)to, name);
	return lx_nl_call(fd, &m, what, err);
}

/* In the caller's netns: down, then into the netns of `to` named `name`. */
static int move_link(int ifindex, pid_t to, const char *name, lx_error *err)
{
	cleanup_close int fd = lx_nl_open(err);
	if (fd < 0)
		return -1;
	if (link_down(fd, ifindex, err) < 0 || link_move(fd, ifindex, to, name, err) < 0)
		return -1;
	return 0;
}

/*
 * The kernel moves a link under its old name and renames it afterwards: a taken name fails
 * only after the move. So a taken target name is refused before anything moves.
 */
static int name_taken(const char *name, lx_error *err)
{
	return lx_fail(err, EEXIST, "if_nametoindex", name, "a network device named %s already exists there", name);
}

/* Helper child: is `dst` taken in the container's netns? */
static int name_free_in_container(dev_req *r, lx_error *err)
{
	if (join_ns(r->init_pid, "net", CLONE_NEWNET, err) < 0)
		return -1;
	return if_nametoindex(r->dst) ? name_taken(r->dst, err) : 0;
}

/* Helper child: in the container's netns, is `src` a link? If so, send it home. */
static int link_home(dev_req *r, lx_error *err)
{
	int idx, host_taken = if_nametoindex(r->dst) != 0; /* still in the host netns here */
	if (join_ns(r->init_pid, "net", CLONE_NEWNET, err) < 0)
		return -1;
	idx = (int)if_nametoindex(r->src);
	if (!idx)
		return NOT_A_LINK;
	if (host_taken)
		return name_taken(r->dst, err);
	return move_link(idx, r->host_pid, r->dst, err);
}

/*
 * An unprivileged container: as LXC 5.0 does, the helper joins its user namespace before its
 * mount namespace, where host root is unmapped, so making a node (or a missing parent) fails
 * with the kernel's EOVERFLOW just as it does under LXC. Removing a node that is not there
 * still succeeds.
 */
static int join_userns_if_own(pid_t pid, lx_error *err)
{
	return lx_same_ns(pid, "user") ? 0 : join_ns(pid, "user", CLONE_NEWUSER, err);
}

/* Helper child: in the container's mount namespace, replace the node at r->path. */
static int node_in_container(dev_req *r, lx_error *err)
{
	cleanup_free char *dir = strdup(r->path);
	char mnt[64];
	cleanup_close int mntfd = -1;
	if (!dir)
		return lx_fail(err, ENOMEM, "strdup", NULL, "device path");
	/* Opened first: once in the container's userns, the host's /proc may not let us. */
	snprintf(mnt, sizeof mnt, "/proc/%d/ns/mnt", r->init_pid);
	mntfd = open(mnt, O_RDONLY | O_CLOEXEC);
	if (mntfd < 0)
		return lx_fail_sys(err, "open", mnt);
	if (join_userns_if_own(r->init_pid, err) < 0)
		return -1;
	if (setns(mntfd, CLONE_NEWNS) < 0)
		return lx_fail_sys(err, "setns", mnt);
	if (chdir("/") < 0)
		return lx_fail_sys(err, "chdir", "/");
	if (faccessat(AT_FDCWD, r->path, F_OK, AT_SYMLINK_NOFOLLOW) == 0 && unlink(r->path) < 0)
		return lx_fail_sys(err, "unlink", r->path);
	if (!r->add)
		return 0;
	if (lx_mkdir_p(dirname(dir), 0755) < 0 && errno != EEXIST)
		return lx_fail_sys(err, "mkdir", dir);
	umask(0); /* the container's node gets the host node's mode bits exactly */
	if (mknod(r->path, r->st.st_mode, r->st.st_rdev) < 0)
		return lx_fail_sys(err, "mknod", r->path);
	return 0;
}

static int has_v2_device_rules(const lx_shim *s)
{
	for (size_t i = 0; i < s->spec.confine.ncg_v2; i++)
		if (strncmp(s->spec.confine.cg_v2[i].key, "devices.", 8) == 0)
			return 1;
	return 0;
}

/*
 * cgroup2: the rules lxc-device added, after the config's, as the v1 controller would have
 * them: the program is rebuilt from both and swapped in (bpf-devices.c). One shim serves one
 * container, so the list lives here for the shim's lifetime.
 */
#define LX_RUNTIME_RULES 128
static lx_kv runtime_rules[LX_RUNTIME_RULES];
static char runtime_values[LX_RUNTIME_RULES][32];
static size_t nruntime;

static int v2_device_rule(lx_shim *s, int allow, const char *rule, lx_error *err)
{
	const lx_confine *c = &s->spec.confine;
	cleanup_free lx_kv *all = NULL;
	if (nruntime >= LX_RUNTIME_RULES)
		return lx_fail(err, ENOSPC, "bpf", NULL, "more than %d device rules added at run time", LX_RUNTIME_RULES);
	snprintf(runtime_values[nruntime], sizeof runtime_values[nruntime], "%s", rule);
	runtime_rules[nruntime] = (lx_kv){.key = allow ? "devices.allow" : "devices.deny", .value = runtime_values[nruntime]};
	all = calloc(c->ncg_v2 + nruntime + 1, sizeof *all);
	if (!all)
		return lx_fail(err, ENOMEM, "calloc", NULL, "device rules");
	memcpy(all, c->cg_v2, c->ncg_v2 * sizeof *all);
	memcpy(all + c->ncg_v2, runtime_rules, (nruntime + 1) * sizeof *all);
	if (lx_bpf_devices_replace(s->cg.paths[0], all, c->ncg_v2 + nruntime + 1, err) < 0)
		return -1;
	nruntime++; /* kept only once the kernel took it */
	return 0;
}

static int device_node(lx_shim *s, dev_req *r, lx_error *err)
{
	char rule[64];
	int legacy = lx_cgroup_legacy(&s->cg);
	r->path = r->dst;
	if (stat(r->path, &r->st) < 0)
		return lx_fail_sys(err, "stat", r->path);
	if (!S_ISCHR(r->st.st_mode) && !S_ISBLK(r->st.st_mode))
		return lx_fail(err, ENOTBLK, "stat", r->path, "%s is not a character or block device", r->path);
	if (in_helper(node_in_container, r, err) < 0)
		return lx_wrap(err, "%s node %s in the container", r->add ? "make" : "remove", r->path);
	snprintf(rule, sizeof rule, "%c %u:%u rwm", S_ISCHR(r->st.st_mode) ? 'c' : 'b', major(r->st.st_rdev),
		 minor(r->st.st_rdev));
	if (legacy ? lx_cgroup_set(&s->cg, r->add ? "devices.allow" : "devices.deny", rule, err)
		   : has_v2_device_rules(s) ? v2_device_rule(s, r->add, rule, err) : 0) {
		if (r->add) { /* nothing half-made: a node the cgroup will not allow goes again */
			lx_error ignored = {0};
			r->add = 0;
			(void)in_helper(node_in_container, r, &ignored);
			r->add = 1;
		}
		return lx_wrap(err, "%s %s", r->add ? "allow" : "deny", rule);
	}
	return 0;
}

/* Returns 1 for a link, 0 for a node, -1 on error. */
static int device_request(lx_shim *s, int add, const char *src, const char *dst, lx_error *err)
{
	dev_req r = {.init_pid = s->init_pid, .host_pid = getpid(), .src = src, .dst = dst, .add = add};
	int rc, idx;
	if (add) {
		idx = (int)if_nametoindex(src);
		if (idx)
			return in_helper(name_free_in_container, &r, err) < 0 || move_link(idx, s->init_pid, dst, err) < 0
				       ? -1
				       : 1;
	} else {
		rc = in_helper(link_home, &r, err);
		if (rc < 0)
			return -1;
		if (rc != NOT_A_LINK)
			return 1;
	}
	return device_node(s, &r, err) < 0 ? -1 : 0;
}

void lx_server_device_verb(lx_shim *s, lx_conn *c, char *args)
{
	lx_error err = {0};
	char *save = NULL, *op = strtok_r(args, " ", &save), *src = strtok_r(NULL, " ", &save);
	char *dst = strtok_r(NULL, " ", &save), msg[1200], line[1400];
	int rc;
	if (!op || !src || !dst || (strcmp(op, "add") != 0 && strcmp(op, "del") != 0)) {
		lx_fail(&err, EINVAL, "device", NULL, "usage: device add|del <src> <dst>");
		rc = -1;
	} else {
		rc = device_request(s, op[0] == 'a', src, dst, &err);
	}
	if (rc < 0) {
		lx_error_format(&err, msg, sizeof msg);
		for (char *p = msg; *p; p++)
			if (*p == '\n')
				*p = ' ';
		snprintf(line, sizeof line, "ERR %s %s\n", lx_errname(err.errnum), msg);
	} else {
		snprintf(line, sizeof line, "OK %s\n", rc ? "NET" : "NODE");
	}
	lx_conn_send(c, line);
	c->close_after_flush = 1;
}
