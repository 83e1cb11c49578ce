/*
 * `lxcbus-shim usernsexec`: LXC 5.0's lxc-usernsexec (bin/lxc-usernsexec runs it). Same
 * options, default map (the caller's first /etc/subuid and /etc/subgid ranges at ns id 0),
 * -s (map the caller's own uid/gid above them), /bin/sh without a command, exit status of
 * the command. The maps go through newuidmap/newgidmap unless root maps itself (userns.c).
 */
#define _GNU_SOURCE
#include "userns-exec.h"
#include "util.h"
#include <getopt.h>
#include <pwd.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/wait.h>

static void usage(const char *name)
{
	printf("usage: %s [-h] [-m <uid-maps>] [-s] -- [command [arg ..]]\n\n", name);
	printf("  -h            this message\n\n");
	printf("  -m <uid-maps> uid maps to use\n\n");
	printf("  -s:           map self\n");
	printf("  uid-maps: [u|g|b]:ns_id:host_id:range\n");
	printf("            [u|g|b]: map user id, group id, or both\n");
	printf("            ns_id: the base id in the new namespace\n");
	printf("            host_id: the base id in the parent namespace\n");
	printf("            range: how many ids to map\n");
	printf("  Note: This program uses newuidmap(2) and newgidmap(2).\n");
	printf("        As such, /etc/subuid and /etc/subgid must grant the\n");
	printf("        calling user permission to use the mapped ranges\n");
	fflush(stdout);
}

/* `b:0:100000:65536`: u, g or both. */
static int parse_map(lx_userns *u, const char *arg)
{
	char which, extra;
	unsigned long nsid, hostid, range;
	if (sscanf(arg, "%c:%lu:%lu:%lu%c", &which, &nsid, &hostid, &range, &extra) != 4 || range == 0)
		return -1;
	if (which != 'u' && which != 'g' && which != 'b')
		return -1;
	for (const char *k = "ug"; *k; k++) {
		if (which != 'b' && which != *k)
			continue;
		if (u->n >= LX_IDMAP_MAX)
			return -1;
		u->maps[u->n++] = (lx_idmap){.kind = *k, .nsid = nsid, .hostid = hostid, .range = range};
	}
	return 0;
}

/* The first `user:start:count` line of `file`, mapped at ns id 0 (LXC reads only the first). */
static int default_range(lx_userns *u, const char *file, char kind, const char *user)
{
	char line[512];
	size_t len = strlen(user);
	FILE *f = fopen(file, "re");
	int rc = -1;
	while (f && fgets(line, sizeof line, f)) {
		unsigned long start, count;
		if (strncmp(line, user, len) != 0 || line[len] != ':')
			continue;
		if (sscanf(line + len + 1, "%lu:%lu", &start, &count) == 2 && count > 0 && u->n < LX_IDMAP_MAX) {
			u->maps[u->n++] = (lx_idmap){.kind = kind, .nsid = 0, .hostid = start, .range = count};
			rc = 0;
		}
		break;
	}
	if (f)
		fclose(f);
	return rc;
}

static int exec_command(void *argv)
{
	char **args = argv;
	/* Our mounts stay ours: a shared root would otherwise propagate them back to the host. */
	mount(NULL, "/", NULL, MS_SLAVE | MS_REC, NULL);
	execvp(args[0], args);
	fprintf(stderr, "Failed to execute \"%s\": %s\n", args[0], strerror(errno));
	return 1;
}

int lx_usernsexec_main(int argc, char **argv)
{
	static lx_userns u;
	static char *default_cmd[] = {"/bin/sh", NULL};
	const char *name = "lxc-usernsexec";
	struct passwd *pw;
	lx_error err = {0};
	int c, self = 0, status;
	while ((c = getopt(argc, argv, "m:hs")) != -1) {
		if (c == 'h') {
			usage(name);
			return 0;
		}
		if (c == 's')
			self = 1;
		else if (c != 'm' || parse_map(&u, optarg) < 0) {
			usage(name);
			return 1;
		}
	}
	if (u.n == 0) {
		pw = getpwuid(getuid());
		if (!pw || default_range(&u, "/etc/subuid", 'u', pw->pw_name) < 0 ||
		    default_range(&u, "/etc/subgid", 'g', pw->pw_name) < 0) {
			fprintf(stderr, "Failed to find subuid or subgid allocation\n");
			return 1;
		}
	}
	if (self && lx_userns_map_self(&u) < 0) {
		fprintf(stderr, "Failed mapping own uid\n");
		return 1;
	}
	status = lx_userns_spawn(&u, CLONE_NEWUSER | CLONE_NEWNS, exec_command, optind < argc ? argv + optind : default_cmd, &err);
	if (status < 0) {
		char msg[1200];
		lx_error_format(&err, msg, sizeof msg);
		fprintf(stderr, "Failed to write id mapping for child process: %s\n", msg);
		return 1;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
