/*
 * Device rules as a BPF_CGROUP_DEVICE program (see bpf-devices.h). The program reads the
 * request (struct bpf_cgroup_dev_ctx: access_type = access << 16 | type, major, minor) into
 * r2..r5, then tests one block per rule, newest first, each ending in `return verdict`;
 * the default verdict closes the program.
 */
#define _GNU_SOURCE
#include "bpf-devices.h"
#include "util.h"
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <sys/syscall.h>

#define LX_BPF_MAX_INSNS 4096

typedef struct dev_rule {
	int allow, type, access;
	long major, minor; /* -1 = any */
} dev_rule;

typedef struct prog {
	struct bpf_insn insns[LX_BPF_MAX_INSNS];
	int n;
} prog;

static void emit(prog *p, uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	if (p->n < LX_BPF_MAX_INSNS)
		p->insns[p->n++] = (struct bpf_insn){.code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm};
}

static int parse_access(const char *s)
{
	int a = 0;
	for (; *s; s++)
		a |= *s == 'r' ? BPF_DEVCG_ACC_READ : *s == 'w' ? BPF_DEVCG_ACC_WRITE : *s == 'm' ? BPF_DEVCG_ACC_MKNOD : 0x100;
	return a;
}

static int parse_num(const char *s, long *out)
{
	char *end = NULL;
	if (strcmp(s, "*") == 0)
		return *out = -1, 0;
	*out = strtol(s, &end, 10);
	return *s && !*end && *out >= 0 ? 0 : -1;
}

static int parse_rule(const lx_kv *kv, dev_rule *r, lx_error *err)
{
	char type = 0, maj[16] = "", min[16] = "", acc[8] = "rwm";
	int n = sscanf(kv->value, " %c %15[^:]:%15s %7s", &type, maj, min, acc);
	r->allow = strcmp(kv->key, "devices.allow") == 0;
	r->major = r->minor = -1;
	if (n == 1 && type == 'a')
		return r->type = 0, r->access = parse_access("rwm"), 0;
	if (n < 3 || (type != 'a' && type != 'b' && type != 'c') || parse_num(maj, &r->major) < 0 ||
	    parse_num(min, &r->minor) < 0 || (r->access = parse_access(acc)) > 7 || r->access == 0)
		return lx_fail(err, EINVAL, "bpf", kv->key, "bad device rule `%s`", kv->value);
	r->type = type == 'a' ? 0 : type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR;
	return 0;
}

/* One block: every check jumps past the block's end when it does not match. */
static void emit_rule(prog *p, const dev_rule *r)
{
	int len = 2 + (r->type ? 1 : 0) + (r->access != 7 ? 3 : 0) + (r->major >= 0) + (r->minor >= 0), at = 0;
#define SKIP ((int16_t)(len - (++at)))
	if (r->type)
		emit(p, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_2, 0, SKIP, r->type);
	if (r->access != 7) {
		/* the requested access must be a subset of the rule's */
		emit(p, BPF_ALU | BPF_MOV | BPF_X, BPF_REG_1, BPF_REG_3, 0, 0), at++;
		emit(p, BPF_ALU | BPF_AND | BPF_K, BPF_REG_1, 0, 0, r->access), at++;
		emit(p, BPF_JMP | BPF_JNE | BPF_X, BPF_REG_1, BPF_REG_3, SKIP, 0);
	}
	if (r->major >= 0)
		emit(p, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_4, 0, SKIP, (int32_t)r->major);
	if (r->minor >= 0)
		emit(p, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_5, 0, SKIP, (int32_t)r->minor);
#undef SKIP
	emit(p, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, r->allow);
	emit(p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

static int build(prog *p, const lx_kv *kv, size_t n, lx_error *err)
{
	dev_rule rules[256];
	size_t nr = 0, first = 0;
	int deflt = 1;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(kv[i].key, "devices.allow") && strcmp(kv[i].key, "devices.deny"))
			continue;
		if (nr >= 256)
			return lx_fail(err, E2BIG, "bpf", NULL, "more than 256 device rules");
		if (parse_rule(&kv[i], &rules[nr], err) < 0)
			return -1;
		if (rules[nr].type == 0 && rules[nr].major < 0 && rules[nr].minor < 0 && rules[nr].access == 7)
			deflt = rules[nr].allow, first = nr + 1; /* `a`: a new default, earlier rules void */
		nr++;
	}
	p->n = 0;
	emit(p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_2, BPF_REG_1, 0, 0);
	emit(p, BPF_ALU | BPF_AND | BPF_K, BPF_REG_2, 0, 0, 0xffff);
	emit(p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_3, BPF_REG_1, 0, 0);
	emit(p, BPF_ALU | BPF_RSH | BPF_K, BPF_REG_3, 0, 0, 16);
	emit(p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_4, BPF_REG_1, 4, 0);
	emit(p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_5, BPF_REG_1, 8, 0);
	for (size_t i = nr; i > first; i--)
		emit_rule(p, &rules[i - 1]);
	emit(p, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, deflt);
	emit(p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	return nr ? 1 : 0;
}

static int load(const prog *p, lx_error *err)
{
	static char log[8192];
	union bpf_attr attr;
	int fd;
	memset(&attr, 0, sizeof attr);
	attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	attr.insns = (uint64_t)(uintptr_t)p->insns;
	attr.insn_cnt = (uint32_t)p->n;
	attr.license = (uint64_t)(uintptr_t) "GPL";
	attr.log_buf = (uint64_t)(uintptr_t)log;
	attr.log_size = sizeof log;
	attr.log_level = 1;
	fd = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof attr);
	if (fd < 0)
		return lx_fail(err, errno, "bpf(BPF_PROG_LOAD)", NULL, "load device program: %.300s", log);
	return fd;
}

int lx_bpf_devices_attach(const char *cgroup_dir, const lx_kv *rules, size_t n, lx_error *err)
{
	static prog p;
	union bpf_attr attr;
	cleanup_close int prog_fd = -1, cg_fd = -1;
	int have = build(&p, rules, n, err);
	if (have <= 0)
		return have;
	if ((prog_fd = load(&p, err)) < 0)
		return -1;
	cg_fd = open(cgroup_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cg_fd < 0)
		return lx_fail_sys(err, "open", cgroup_dir);
	memset(&attr, 0, sizeof attr);
	attr.target_fd = (uint32_t)cg_fd;
	attr.attach_bpf_fd = (uint32_t)prog_fd;
	attr.attach_type = BPF_CGROUP_DEVICE;
	attr.attach_flags = BPF_F_ALLOW_MULTI;
	if (syscall(SYS_bpf, BPF_PROG_ATTACH, &attr, sizeof attr) < 0)
		return lx_fail_sys(err, "bpf(BPF_PROG_ATTACH)", cgroup_dir);
	return 0;
}

/* The id of the one device program attached to `cg_fd` (the shim's), as an fd. */
static int attached_program(int cg_fd, const char *cgroup_dir, lx_error *err)
{
	union bpf_attr attr;
	uint32_t ids[8];
	int fd;
	memset(&attr, 0, sizeof attr);
	attr.query.target_fd = (uint32_t)cg_fd;
	attr.query.attach_type = BPF_CGROUP_DEVICE;
	attr.query.prog_ids = (uint64_t)(uintptr_t)ids;
	attr.query.prog_cnt = 8;
	if (syscall(SYS_bpf, BPF_PROG_QUERY, &attr, sizeof attr) < 0)
		return lx_fail_sys(err, "bpf(BPF_PROG_QUERY)", cgroup_dir);
	if (attr.query.prog_cnt != 1)
		return lx_fail(err, EBUSY, "bpf(BPF_PROG_QUERY)", cgroup_dir,
			       "expected the container's one device program, found %u", attr.query.prog_cnt);
	memset(&attr, 0, sizeof attr);
	attr.prog_id = ids[0];
	fd = (int)syscall(SYS_bpf, BPF_PROG_GET_FD_BY_ID, &attr, sizeof attr);
	if (fd < 0)
		return lx_fail_sys(err, "bpf(BPF_PROG_GET_FD_BY_ID)", cgroup_dir);
	return fd;
}

int lx_bpf_devices_replace(const char *cgroup_dir, const lx_kv *rules, size_t n, lx_error *err)
{
	static prog p;
	union bpf_attr attr;
	cleanup_close int prog_fd = -1, cg_fd = -1, old_fd = -1;
	int have = build(&p, rules, n, err);
	if (have < 0)
		return -1;
	if (!have)
		return lx_fail(err, EINVAL, "bpf", cgroup_dir, "no device rules to replace the program with");
	cg_fd = open(cgroup_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cg_fd < 0)
		return lx_fail_sys(err, "open", cgroup_dir);
	if ((old_fd = attached_program(cg_fd, cgroup_dir, err)) < 0 || (prog_fd = load(&p, err)) < 0)
		return -1;
	memset(&attr, 0, sizeof attr);
	attr.target_fd = (uint32_t)cg_fd;
	attr.attach_bpf_fd = (uint32_t)prog_fd;
	attr.attach_type = BPF_CGROUP_DEVICE;
	attr.attach_flags = BPF_F_ALLOW_MULTI | BPF_F_REPLACE;
	attr.replace_bpf_fd = (uint32_t)old_fd;
	if (syscall(SYS_bpf, BPF_PROG_ATTACH, &attr, sizeof attr) < 0)
		return lx_fail_sys(err, "bpf(BPF_PROG_ATTACH, BPF_F_REPLACE)", cgroup_dir);
	return 0;
}
