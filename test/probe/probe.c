/*
 * lxcbus-probe: a static program the system tests run inside a container.
 * It prints, as one JSON object, what the container sees: hostname, its own
 * pid, pid 1's command line, the uid/gid maps, the processes visible in /proc,
 * the mounts, capability sets, seccomp and no_new_privs, and its cgroup; the errno
 * of syscalls that confinement blocks (called with arguments that do nothing when
 * allowed) and whether the paths LXC makes read-only are writable (access(W_OK)).
 * Static so it needs nothing from the container's rootfs.
 *
 * Other modes, each printing one JSON line:
 *   probe ids                       uid/euid (run setuid-root to test no_new_privs)
 *   probe as <uid> <path> [args]    drop to <uid>, then exec <path>
 *   probe forkbomb <max>            fork sleeping children until fork fails or <max>
 *   probe hog <MiB>                 allocate and touch memory, reporting progress
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void file_field(const char *key, const char *path, int nul_to_space)
{
	char buf[65536];
	size_t n = 0;
	FILE *f = fopen(path, "r");
	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = 0;
	for (size_t i = 0; i < n; i++)
		if (buf[i] == 0)
			buf[i] = nul_to_space ? ' ' : '\n';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = 0;
	printf(",");
	json_str(key);
	printf(":");
	json_str(buf);
}

static void status_field(const char *key)
{
	char line[512];
	size_t klen = strlen(key);
	FILE *f = fopen("/proc/self/status", "r");
	const char *val = "";
	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			char *v = line + klen + 1;
			while (isspace((unsigned char)*v))
				v++;
			v[strcspn(v, "\n")] = 0;
			val = v;
			break;
		}
	}
	printf(",");
	json_str(key);
	printf(":");
	json_str(val);
	if (f)
		fclose(f);
}

static void pids_field(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int first = 1;
	printf(",\"pids\":[");
	while (d && (e = readdir(d))) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		printf("%s%s", first ? "" : ",", e->d_name);
		first = 0;
	}
	printf("]");
	if (d)
		closedir(d);
}

/* 0 when the call succeeded, else its errno. */
static long err_of(long rc)
{
	return rc < 0 ? errno : 0;
}

static void syscalls_field(void)
{
	printf(",\"syscalls\":{");
	/* Bad flags: EINVAL when allowed, EPERM without CAP_SYS_BOOT or under a filter. */
	printf("\"kexec_load\":%ld", err_of(syscall(SYS_kexec_load, 0, 0, NULL, 0xdead0000UL)));
	printf(",\"open_by_handle_at\":%ld", err_of(syscall(SYS_open_by_handle_at, -1, NULL, 0)));
	printf(",\"init_module\":%ld", err_of(syscall(SYS_init_module, NULL, 0, "")));
	printf(",\"finit_module\":%ld", err_of(syscall(SYS_finit_module, -1, "", 0)));
	printf(",\"delete_module\":%ld", err_of(syscall(SYS_delete_module, "lxcbus_probe_none", 04000)));
	/* KEYCTL_GET_KEYRING_ID of the session keyring, without creating one. */
	printf(",\"keyctl\":%ld", err_of(syscall(SYS_keyctl, 0, -3, 0)));
	printf(",\"umount2_force\":%ld", err_of(umount2("/lxcbus-probe-none", MNT_FORCE)));
	printf("}");
}

static void writable_field(void)
{
	static const char *const paths[] = {
		"/proc/sysrq-trigger", "/proc/sys/kernel/hostname", "/proc/sys/net/ipv4/ip_forward", "/sys/kernel",
		"/sys/devices/virtual/net", "/sys/fs/cgroup",
	};
	printf(",\"writable\":{");
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		int rc = access(paths[i], W_OK);
		printf("%s", i ? "," : "");
		json_str(paths[i]);
		printf(":%d", rc < 0 ? errno : 0);
	}
	printf("}");
}

static int forkbomb(int max)
{
	int n = 0, err = 0;
	pid_t pids[4096];
	while (n < max && n < 4096) {
		pid_t p = fork();
		if (p < 0) {
			err = errno;
			break;
		}
		if (p == 0) {
			pause();
			_exit(0);
		}
		pids[n++] = p;
	}
	printf("{\"forked\":%d,\"errno\":%d}\n", n, err);
	fflush(stdout);
	for (int i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	return 0;
}

static int hog(long mib)
{
	for (long i = 1; i <= mib; i++) {
		char *p = malloc(1 << 20);
		if (!p)
			return printf("{\"hog\":%ld,\"errno\":%d}\n", i - 1, errno), 1;
		memset(p, 1, 1 << 20);
		if (i % 16 == 0) {
			printf("{\"hog\":%ld}\n", i);
			fflush(stdout);
		}
	}
	printf("{\"hog\":%ld,\"done\":true}\n", mib);
	return 0;
}

static int other_mode(int argc, char **argv)
{
	if (strcmp(argv[1], "ids") == 0)
		return printf("{\"uid\":%d,\"euid\":%d}\n", getuid(), geteuid()), 0;
	if (strcmp(argv[1], "forkbomb") == 0 && argc > 2)
		return forkbomb(atoi(argv[2]));
	if (strcmp(argv[1], "hog") == 0 && argc > 2)
		return hog(atol(argv[2]));
	if (strcmp(argv[1], "as") == 0 && argc > 3) {
		uid_t uid = (uid_t)atoi(argv[2]);
		if (setgid(uid) < 0 || setuid(uid) < 0)
			return printf("{\"error\":\"setuid\",\"errno\":%d}\n", errno), 1;
		execv(argv[3], argv + 3);
		return printf("{\"error\":\"exec\",\"errno\":%d}\n", errno), 1;
	}
	fprintf(stderr, "usage: probe [ids | as <uid> <path> [args] | forkbomb <max> | hog <MiB>]\n");
	return 2;
}

int main(int argc, char **argv)
{
	char host[256] = "";
	if (argc > 1)
		return other_mode(argc, argv);
	gethostname(host, sizeof(host) - 1);
	printf("{\"hostname\":");
	json_str(host);
	printf(",\"pid\":%d,\"ppid\":%d,\"uid\":%d,\"gid\":%d", getpid(), getppid(), getuid(), getgid());
	file_field("pid1_cmdline", "/proc/1/cmdline", 1);
	file_field("uid_map", "/proc/self/uid_map", 0);
	file_field("gid_map", "/proc/self/gid_map", 0);
	file_field("mounts", "/proc/self/mounts", 0);
	file_field("cgroup", "/proc/self/cgroup", 0);
	status_field("CapBnd");
	status_field("CapEff");
	status_field("Seccomp");
	status_field("NoNewPrivs");
	syscalls_field();
	writable_field();
	pids_field();
	printf("}\n");
	return 0;
}
