/* Root of a user namespace mapped by newuidmap/newgidmap (see userns-exec.h). */
#define _GNU_SOURCE
#include "userns-exec.h"
#include "util.h"
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/wait.h>

static int add_map(lx_userns *u, char kind, unsigned long nsid, unsigned long hostid, unsigned long range)
{
	if (u->n >= LX_IDMAP_MAX)
		return -1;
	u->maps[u->n++] = (lx_idmap){.kind = kind, .nsid = nsid, .hostid = hostid, .range = range};
	return 0;
}

int lx_userns_map_self(lx_userns *u)
{
	/* LXC's do_map_self: one step past every range that covers the running ns id, in order. */
	unsigned long nsuid = 0, nsgid = 0;
	for (int i = 0; i < u->n; i++) {
		unsigned long *id = u->maps[i].kind == 'u' ? &nsuid : &nsgid;
		if (*id >= u->maps[i].nsid && *id - u->maps[i].nsid < u->maps[i].range)
			*id += u->maps[i].range;
	}
	if (add_map(u, 'g', nsgid, getgid(), 1) < 0 || add_map(u, 'u', nsuid, getuid(), 1) < 0)
		return -1;
	return 0;
}

static int child_side(int ready_w, int go_r, int flags, int (*fn)(void *), void *arg)
{
	char c = 0;
	if (unshare(flags) < 0) {
		fprintf(stderr, "Failed to unshare mount and user namespace: %s\n", strerror(errno));
		return 1;
	}
	if (write(ready_w, "1", 1) != 1 || read(go_r, &c, 1) != 1 || c != '1')
		return 1; /* the parent said why */
	/* A gid map of the caller alone makes newgidmap deny setgroups: none are held then. */
	if (setgroups(0, NULL) < 0 && errno != EPERM) {
		fprintf(stderr, "Failed to drop supplementary groups: %s\n", strerror(errno));
		return 1;
	}
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0) {
		fprintf(stderr, "Failed to switch to uid/gid 0: %s\n", strerror(errno));
		return 1;
	}
	return fn(arg);
}

int lx_userns_spawn(const lx_userns *u, int flags, int (*fn)(void *), void *arg, lx_error *err)
{
	int ready[2], go[2], status = 0, rc = 0;
	char c;
	pid_t pid;
	if (pipe2(ready, O_CLOEXEC) < 0)
		return lx_fail_sys(err, "pipe2", NULL);
	if (pipe2(go, O_CLOEXEC) < 0) {
		rc = lx_fail_sys(err, "pipe2", NULL);
		close(ready[0]);
		close(ready[1]);
		return rc;
	}
	pid = fork();
	if (pid < 0) {
		rc = lx_fail_sys(err, "fork", NULL);
		for (int i = 0; i < 2; i++) {
			close(ready[i]);
			close(go[i]);
		}
		return rc;
	}
	if (pid == 0) {
		close(ready[0]);
		close(go[1]);
		_exit(child_side(ready[1], go[0], flags, fn, arg));
	}
	close(ready[1]);
	close(go[0]);
	if (read(ready[0], &c, 1) != 1)
		rc = lx_fail(err, ECHILD, "unshare", NULL, "the child could not make its user namespace");
	else if (lx_userns_write_maps(u, pid, err) < 0)
		rc = -1;
	if (write(go[1], rc == 0 ? "1" : "0", 1) != 1 && rc == 0)
		rc = lx_fail_sys(err, "write", "handshake pipe");
	close(ready[0]);
	close(go[1]);
	while (waitpid(pid, &status, __WALL) < 0 && errno == EINTR)
		;
	return rc < 0 ? -1 : status;
}

static int chown_root(void *path)
{
	if (chown(path, 0, 0) < 0) {
		fprintf(stderr, "chown %s: %s\n", (char *)path, strerror(errno));
		return 1;
	}
	return 0;
}

int lx_userns_chown_unprivileged(const lx_userns *u, const char *path, lx_error *err)
{
	static lx_userns with_self;
	int status;
	with_self = *u;
	/* In the namespace both the file's ids and the target ids must be mapped: the file goes to
	 * our own group first (a pty starts as gid tty), our uid and gid are mapped as with -s. */
	if (chown(path, (uid_t)-1, getgid()) < 0)
		return lx_fail_sys(err, "chown", path);
	if (lx_userns_map_self(&with_self) < 0)
		return lx_fail(err, E2BIG, "chown", path, "too many idmap lines to map ourselves too");
	status = lx_userns_spawn(&with_self, CLONE_NEWUSER, chown_root, (void *)path, err);
	if (status < 0)
		return lx_wrap(err, "chown `%s` to the container's root", path);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return lx_fail(err, EPERM, "chown", path, "chown `%s` inside the user namespace failed", path);
	return 0;
}
