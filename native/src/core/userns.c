/* User namespaces (see userns.h). */
#define _GNU_SOURCE
#include "userns.h"
#include "userns-exec.h"
#include "util.h"
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define LX_ID_LIMIT 4294967295UL

static const struct {
	char kind;
	const char *file, *helper;
} kinds[] = {
	{'u', "uid_map", "/usr/bin/newuidmap"},
	{'g', "gid_map", "/usr/bin/newgidmap"},
};

int lx_userns_key(lx_userns *u, const char *key, const char *value, lx_error *err)
{
	lx_idmap m = {0};
	char kind, extra;
	if (strcmp(key, "idmap.writer") == 0) {
		if (strcmp(value, "auto") != 0 && strcmp(value, "direct") != 0)
			return lx_fail(err, EINVAL, "parse", NULL, "key `idmap.writer`: bad value `%s`", value);
		u->direct = strcmp(value, "direct") == 0;
		return 1;
	}
	if (strcmp(key, "idmap") != 0)
		return 0;
	if (sscanf(value, "%c %lu %lu %lu %c", &kind, &m.nsid, &m.hostid, &m.range, &extra) != 4 ||
	    (kind != 'u' && kind != 'g') || m.range == 0 || m.nsid + m.range > LX_ID_LIMIT ||
	    m.hostid + m.range > LX_ID_LIMIT)
		return lx_fail(err, EINVAL, "parse", NULL, "key `idmap`: bad value `%s`", value);
	if (u->n >= LX_IDMAP_MAX)
		return lx_fail(err, E2BIG, "parse", NULL, "more than %d idmap lines", LX_IDMAP_MAX);
	m.kind = kind;
	u->maps[u->n++] = m;
	return 1;
}

long lx_userns_host_id(const lx_userns *u, char kind, unsigned long nsid)
{
	for (int i = 0; i < u->n; i++) {
		const lx_idmap *m = &u->maps[i];
		if (m->kind == kind && nsid >= m->nsid && nsid - m->nsid < m->range)
			return (long)(m->hostid + (nsid - m->nsid));
	}
	return -1;
}

/*
 * LXC's rule: root's map that includes host root is written directly, as no helper would allow
 * it. Anyone else (a rootless stack) always goes through the helpers: the kernel lets an
 * unprivileged writer map only its own id, on one line.
 */
static int maps_own_id(const lx_userns *u, char kind)
{
	if (geteuid() != 0)
		return 0;
	unsigned long own = kind == 'u' ? geteuid() : getegid();
	for (int i = 0; i < u->n; i++)
		if (u->maps[i].kind == kind && own >= u->maps[i].hostid && own - u->maps[i].hostid < u->maps[i].range)
			return 1;
	return 0;
}

static int has_kind(const lx_userns *u, char kind)
{
	for (int i = 0; i < u->n; i++)
		if (u->maps[i].kind == kind)
			return 1;
	return 0;
}

static int helper_usable(const char *helper)
{
	struct stat st;
	return stat(helper, &st) == 0 && (st.st_mode & S_ISUID) && st.st_uid == 0;
}

static size_t format_map(const lx_userns *u, char kind, char *buf, size_t len, const char *sep)
{
	size_t n = 0;
	for (int i = 0; i < u->n && n < len; i++)
		if (u->maps[i].kind == kind)
			n += (size_t)snprintf(buf + n, len - n, "%s%lu%s%lu%s%lu", n ? sep : "", u->maps[i].nsid, sep,
					      u->maps[i].hostid, sep, u->maps[i].range);
	return n;
}

static int write_direct(const lx_userns *u, pid_t pid, char kind, const char *file, lx_error *err)
{
	char path[64], buf[LX_IDMAP_MAX * 40];
	size_t n = 0;
	for (int i = 0; i < u->n; i++)
		if (u->maps[i].kind == kind)
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%lu %lu %lu\n", u->maps[i].nsid, u->maps[i].hostid,
					      u->maps[i].range);
	snprintf(path, sizeof path, "/proc/%d/%s", pid, file);
	/* One write(2): the kernel takes a map only whole, and only once. */
	if (lx_write_file(path, buf, 0) < 0)
		return lx_fail_sys(err, "write", path);
	return 0;
}

static void read_stderr(int fd, char *msg, size_t len)
{
	ssize_t n = read(fd, msg, len - 1);
	msg[n > 0 ? n : 0] = 0;
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
}

/* newuidmap <pid> <nsid> <hostid> <range> ...: it checks the ranges against /etc/subuid itself. */
static int write_helper(const lx_userns *u, pid_t pid, char kind, const char *helper, lx_error *err)
{
	char args[LX_IDMAP_MAX * 40], pidarg[16], msg[512];
	char *argv[LX_IDMAP_MAX * 3 + 3], *save = NULL;
	int argc = 0, pipefd[2], status = 0;
	pid_t child;
	snprintf(pidarg, sizeof pidarg, "%d", pid);
	format_map(u, kind, args, sizeof args, " ");
	argv[argc++] = (char *)helper;
	argv[argc++] = pidarg;
	for (char *t = strtok_r(args, " ", &save); t; t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	argv[argc] = NULL;
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return lx_fail_sys(err, "pipe2", NULL);
	child = fork();
	if (child == 0) {
		dup2(pipefd[1], 2);
		execv(helper, argv);
		_exit(127);
	}
	close(pipefd[1]);
	if (child > 0)
		while (waitpid(child, &status, 0) < 0 && errno == EINTR)
			;
	read_stderr(pipefd[0], msg, sizeof msg);
	close(pipefd[0]);
	if (child < 0)
		return lx_fail_sys(err, "fork", helper);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return lx_fail(err, EPERM, "execve", helper, "%s %s failed (exit %d)%s%s", helper, pidarg,
			       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), msg[0] ? ": " : "", msg);
	return 0;
}

int lx_userns_write_maps(const lx_userns *u, pid_t pid, lx_error *err)
{
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		int rc;
		if (!has_kind(u, kinds[k].kind))
			continue; /* a kind left out of lxc.idmap stays unmapped, as in LXC */
		if (!u->direct && !maps_own_id(u, kinds[k].kind) && helper_usable(kinds[k].helper))
			rc = write_helper(u, pid, kinds[k].kind, kinds[k].helper, err);
		else
			rc = write_direct(u, pid, kinds[k].kind, kinds[k].file, err);
		if (rc < 0)
			return lx_wrap(err, "write %s", kinds[k].file);
	}
	return 0;
}

int lx_userns_become_root(const lx_userns *u, lx_error *err)
{
	/* uid 0 of the namespace is the mapped root: the switch keeps the capabilities, as in LXC. */
	if (lx_userns_host_id(u, 'g', 0) >= 0 && setresgid(0, 0, 0) < 0)
		return lx_fail_sys(err, "setresgid", NULL);
	if (lx_userns_host_id(u, 'u', 0) >= 0 && setresuid(0, 0, 0) < 0)
		return lx_fail_sys(err, "setresuid", NULL);
	/* newgidmap may have denied setgroups (a map of the caller's own gid only): then none are held anyway. */
	if (setgroups(0, NULL) < 0 && errno != EPERM)
		return lx_fail_sys(err, "setgroups", NULL);
	/* A credential change clears dumpable, which would leave /proc/1 owned by the overflow uid inside. */
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	return 0;
}

int lx_userns_chown(const lx_userns *u, const char *path, lx_error *err)
{
	long uid = lx_userns_host_id(u, 'u', 0), gid = lx_userns_host_id(u, 'g', 0);
	if (uid < 0 && gid < 0)
		return 0;
	if (geteuid() != 0) /* rootless: as LXC's chown_mapped_root, from inside a namespace of ours */
		return lx_userns_chown_unprivileged(u, path, err);
	if (chown(path, uid < 0 ? (uid_t)-1 : (uid_t)uid, gid < 0 ? (gid_t)-1 : (gid_t)gid) < 0)
		return lx_fail_sys(err, "chown", path);
	return 0;
}
