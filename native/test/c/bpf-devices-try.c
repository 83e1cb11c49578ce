/*
 * Root-only driver for native/test/bpf-devices.spec.ts: attaches a device program built from
 * the given rules to a fresh cgroup2 directory, moves a child into it, and prints the errno
 * of opening a few devices from there (0 = allowed):
 *   bpf-devices-try <cgroup2 dir> <allow|deny> <rule> [<allow|deny> <rule>]...
 *   -> OK null=<e> zero=<e> full=<e> mknod_zero=<e>     or ERR <ENAME> <message>
 */
#define _GNU_SOURCE
#include "bpf-devices.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

static int try_open(const char *path, int flags)
{
	int fd = open(path, flags);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static void child(const char *dir)
{
	char p[4096], pid[32];
	FILE *f;
	snprintf(p, sizeof p, "%s/cgroup.procs", dir);
	snprintf(pid, sizeof pid, "%d", getpid());
	f = fopen(p, "w");
	if (!f || fputs(pid, f) < 0 || fclose(f) != 0)
		_exit(2);
	unlink("/tmp/lxcbus-bpf-zero");
	printf("OK null=%d zero=%d full=%d mknod_zero=%d\n", try_open("/dev/null", O_RDWR), try_open("/dev/zero", O_RDONLY),
	       try_open("/dev/full", O_WRONLY),
	       mknod("/tmp/lxcbus-bpf-zero", S_IFCHR | 0600, makedev(1, 5)) < 0 ? errno : 0);
	unlink("/tmp/lxcbus-bpf-zero");
	fflush(stdout);
	_exit(0);
}

int main(int argc, char **argv)
{
	lx_kv rules[64];
	size_t n = 0;
	lx_error err = {0};
	char msg[1200];
	int status = 0;
	pid_t pid;
	if (argc < 2 || mkdir(argv[1], 0755) < 0)
	{
		printf("ERR %s mkdir\n", lx_errname(errno));
		return 1;
	}
	for (int i = 2; i + 1 < argc && n < 64; i += 2)
		rules[n++] = (lx_kv){.key = argv[i][0] == 'a' ? "devices.allow" : "devices.deny", .value = argv[i + 1]};
	if (lx_bpf_devices_attach(argv[1], rules, n, &err) < 0) {
		lx_error_format(&err, msg, sizeof msg);
		printf("ERR %s %s\n", lx_errname(err.errnum), msg);
		rmdir(argv[1]);
		return 1;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		child(argv[1]);
	waitpid(pid, &status, 0);
	rmdir(argv[1]);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 3;
}
