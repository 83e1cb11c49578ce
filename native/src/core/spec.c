/* Spec file parser (format in spec.h). Table-driven: one row per key. */
#define _GNU_SOURCE
#include "spec.h"
#include "hooks.h"
#include "util.h"
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

enum kind { K_STR, K_INT, K_BOOL, K_ARGV, K_ENV, K_MOUNT, K_NET, K_PROC, K_SYS, K_CGROUP };
struct key {
	const char *name;
	enum kind kind;
	size_t offset;
};
#define F(field) offsetof(lx_spec, field)
static const struct key keys[] = {
	{"name", K_STR, F(name)},		  {"lxcpath", K_STR, F(lxcpath)},
	{"rootfs", K_STR, F(rootfs)},		  {"hostname", K_STR, F(hostname)},
	{"cwd", K_STR, F(cwd)},			  {"cgroup.root", K_STR, F(cgroup_root)},
	{"cgroup.name", K_STR, F(cgroup_name)},	  {"run.dir", K_STR, F(run_dir)},
	{"log.file", K_STR, F(log_file)},	  {"uid", K_INT, F(uid)},
	{"gid", K_INT, F(gid)},			  {"autodev", K_BOOL, F(autodev)},
	{"init.reaper", K_BOOL, F(init_reaper)},
	{"init.stdio", K_BOOL, F(init_stdio)},
	{"init.tty", K_INT, F(init_tty)},
	{"init.tty.rows", K_INT, F(init_tty_rows)},
	{"init.tty.cols", K_INT, F(init_tty_cols)},
	{"tty.max", K_INT, F(tty_max)},		  {"pty.max", K_INT, F(pty_max)},
	{"signal.halt", K_INT, F(halt_signal)},	  {"init", K_ARGV, 0},
	{"env", K_ENV, 0},			  {"mount.entry", K_MOUNT, 0},
	{"net", K_NET, 0},			  {"mount.proc", K_PROC, 0},
	{"mount.sys", K_SYS, 0},
	{"mount.cgroup", K_CGROUP, 0},
	{"rootfs.lower", K_STR, F(rootfs_lower)}, {"rootfs.upper", K_STR, F(rootfs_upper)},
	{"rootfs.work", K_STR, F(rootfs_work)},
	{"rootfs.options", K_STR, F(rootfs_options)}, {"rootfs.idmap", K_BOOL, F(rootfs_idmap)},
	{"console.logfile", K_STR, F(console_logfile)},
	{"console.logfile.size", K_STR, F(console_size)},
	{"console.logfile.rotate", K_BOOL, F(console_rotate)},
	{"console.uid", K_INT, F(console_uid)},
	{"console.gid", K_INT, F(console_gid)},
	{"console.peer", K_STR, F(console_peer)},
	{"console.none", K_BOOL, F(console_none)},
	{"hook.version", K_INT, F(hook_version)},
	{"hook.uid", K_INT, F(hook_uid)},	  {"hook.gid", K_INT, F(hook_gid)},
};

static void unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (*r == '\\' && r[1]) {
			r++;
			*w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r;
		} else {
			*w++ = *r;
		}
	}
	*w = 0;
}

static int push(char ***vec, size_t *n, char *v)
{
	char **nv = realloc(*vec, (*n + 2) * sizeof(char *));
	if (!nv)
		return -1;
	nv[(*n)++] = v;
	nv[*n] = NULL;
	*vec = nv;
	return 0;
}

static int parse_mode(const char *v, const char *const *names, int *out)
{
	for (int i = 0; names[i]; i++)
		if (strcmp(v, names[i]) == 0)
			return *out = i, 0;
	return -1;
}

static int set_value(lx_spec *spec, const struct key *k, char *v, lx_error *err)
{
	static const char *const proc_modes[] = {"none", "rw", "mixed", NULL};
	static const char *const sys_modes[] = {"none", "ro", "rw", "mixed", NULL};
	static const char *const cgroup_modes[] = {"none", "ro", "rw", NULL};
	static const char *const net_modes[] = {"new", "host", NULL};
	char *end = NULL;
	long n;
	switch (k->kind) {
	case K_STR:
		*(char **)((char *)spec + k->offset) = v;
		return 0;
	case K_INT:
	case K_BOOL:
		n = strtol(v, &end, 10);
		if (*v == 0 || *end || n < 0 || n > 0x7fffffff)
			return lx_fail(err, EINVAL, "parse", NULL, "key `%s`: not a number `%s`", k->name, v);
		*(int *)((char *)spec + k->offset) = (int)n;
		return 0;
	case K_ARGV:
		return push(&spec->init_argv, &spec->init_argc, v);
	case K_ENV:
		return push(&spec->env, &spec->envc, v);
	case K_MOUNT: {
		lx_mount_entry *m = realloc(spec->mounts, (spec->nmounts + 1) * sizeof *m);
		if (!m)
			return lx_fail(err, ENOMEM, "realloc", NULL, "mount entry");
		spec->mounts = m;
		if (lx_mount_entry_parse(v, &m[spec->nmounts], err) < 0)
			return -1;
		spec->nmounts++;
		return 0;
	}
	case K_NET:
		if (parse_mode(v, net_modes, &spec->share_host_net) == 0)
			return 0;
		break;
	case K_PROC:
		if (parse_mode(v, proc_modes, &spec->proc_mode) == 0)
			return 0;
		break;
	case K_SYS:
		if (parse_mode(v, sys_modes, &spec->sys_mode) == 0)
			return 0;
		break;
	case K_CGROUP:
		if (parse_mode(v, cgroup_modes, &spec->cgroup_mode) == 0)
			return 0;
		break;
	}
	return lx_fail(err, EINVAL, "parse", NULL, "key `%s`: bad value `%s`", k->name, v);
}

static int parse_line(lx_spec *spec, char *line, lx_error *err)
{
	char *tab = strchr(line, '\t');
	if (!tab)
		return lx_fail(err, EINVAL, "parse", NULL, "line without tab `%.60s`", line);
	*tab = 0;
	unescape(tab + 1);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(keys[i].name, line) == 0)
			return set_value(spec, &keys[i], tab + 1, err);
	switch (lx_confine_key(&spec->confine, line, tab + 1, err)) {
	case 1:
		return 0;
	case -1:
		return -1;
	}
	switch (lx_userns_key(&spec->userns, line, tab + 1, err)) {
	case 1:
		return 0;
	case -1:
		return -1;
	}
	if (strncmp(line, "hook.", 5) == 0) {
		int t = lx_hook_type_parse(line + 5);
		if (t < 0)
			return lx_fail(err, EINVAL, "parse", NULL, "unknown hook type `%s`", line + 5);
		return push(&spec->hooks[t], &spec->nhooks[t], tab + 1) < 0 ? lx_fail(err, ENOMEM, "realloc", NULL, "hook") : 0;
	}
	if (strncmp(line, "net.", 4) == 0)
		return lx_net_spec_key(&spec->net, line + 4, tab + 1, err);
	return lx_fail(err, EINVAL, "parse", NULL, "unknown key `%s`", line);
}

static int check_required(lx_spec *spec, lx_error *err)
{
	const char *missing = !spec->name ? "name" : !spec->rootfs ? "rootfs" 
		: !spec->cgroup_root ? "cgroup.root" : !spec->cgroup_name ? "cgroup.name"
		: spec->init_argc == 0 ? "init" : NULL;
	if (missing)
		return lx_fail(err, EINVAL, "parse", NULL, "missing key `%s`", missing);
	/* hook.uid names the other owner the hooks drop to: 0 would be root's own, given by leaving it out. */
	if ((spec->hook_uid < 0) != (spec->hook_gid < 0) || spec->hook_uid == 0)
		return lx_fail(err, EINVAL, "parse", NULL, "keys `hook.uid`/`hook.gid`: both or neither, and uid not 0");
	if (!spec->cwd)
		spec->cwd = (char *)"/";
	if (!spec->lxcpath)
		spec->lxcpath = (char *)"";
	return 0;
}

int lx_spec_parse(char *text, lx_spec *spec, lx_error *err)
{
	char *save = NULL, *line;
	int first = 1;
	memset(spec, 0, sizeof *spec);
	spec->halt_signal = 30; /* SIGPWR, LXC's default halt signal */
	spec->proc_mode = LX_PROC_MIXED;
	spec->sys_mode = LX_SYS_RO;
	spec->autodev = 1;
	spec->hook_uid = spec->hook_gid = -1; /* absent: the host-side hooks run as the shim does */
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save), first = 0) {
		if (first) {
			if (strcmp(line, "version\t1") != 0)
				return lx_fail(err, EINVAL, "parse", NULL, "first line must be `version\\t1`");
			continue;
		}
		if (parse_line(spec, line, err) < 0)
			return -1;
	}
	return check_required(spec, err);
}

int lx_spec_load(const char *path, lx_spec *spec, lx_error *err)
{
	cleanup_close int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *text;
	if (fd < 0 || fstat(fd, &st) < 0)
		return lx_fail_sys(err, "open", path);
	text = calloc(1, (size_t)st.st_size + 1);
	if (!text)
		return lx_fail(err, ENOMEM, "calloc", path, "read spec");
	if (read(fd, text, (size_t)st.st_size) != st.st_size)
		return lx_fail_sys(err, "read", path);
	/* text stays allocated: the spec's strings point into it for the life of the shim. */
	if (lx_spec_parse(text, spec, err) < 0)
		return lx_wrap(err, "spec `%s`", path);
	return 0;
}

static void decode_octal(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '7' && r[2] >= '0' && r[2] <= '7' && r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*w = 0;
}

int lx_mount_entry_parse(const char *line, lx_mount_entry *m, lx_error *err)
{
	char *copy = strdup(line), *save = NULL;
	char *f[4] = {0};
	if (!copy)
		return lx_fail(err, ENOMEM, "strdup", NULL, "mount entry");
	for (int i = 0; i < 4; i++) {
		f[i] = strtok_r(i ? NULL : copy, " \t", &save);
		if (f[i])
			decode_octal(f[i]);
	}
	if (!f[2])
		return lx_fail(err, EINVAL, "parse", NULL, "mount entry needs source target fstype `%s`", line);
	m->source = f[0];
	m->target = f[1];
	m->fstype = f[2];
	m->options = f[3] ? f[3] : "defaults";
	return 0;
}
