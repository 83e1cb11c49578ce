/*
 * lxcbus-probe: a static program the system tests run inside a container.
 * It prints, as one JSON object, what the container sees: hostname, its own
 * pid, pid 1's command line, the uid/gid maps, the processes visible in /proc,
 * the mounts, capability sets, seccomp and no_new_privs, and its cgroup.
 * Static so it needs nothing from the container's rootfs.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
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

int main(void)
{
	char host[256] = "";
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
	pids_field();
	printf("}\n");
	return 0;
}
