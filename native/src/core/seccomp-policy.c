/* Parser of LXC's seccomp policy format (grammar in seccomp-policy.h). */
#define _GNU_SOURCE
#include "seccomp-policy.h"
#include "util.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

/* Returns the action, or -1 with *err set. `*words` advances past what was consumed. */
static int64_t parse_action(char ***words, lx_error *err)
{
	char **w = *words;
	char *end = NULL;
	long n;
	*words = w + 1;
	if (strcmp(w[0], "kill") == 0)
		return SCMP_ACT_KILL;
	if (strcmp(w[0], "allow") == 0)
		return SCMP_ACT_ALLOW;
	if (strcmp(w[0], "trap") == 0)
		return SCMP_ACT_TRAP;
	if (strcmp(w[0], "log") == 0)
		return SCMP_ACT_LOG;
	if (strcmp(w[0], "notify") == 0)
		return lx_fail(err, ENOTSUP, "seccomp", NULL, "action `notify` needs lxc.seccomp.notify.proxy (not supported)");
	if (strcmp(w[0], "errno") == 0 && w[1]) {
		n = strtol(w[1], &end, 10);
		*words = w + 2;
		if (*w[1] && !*end && n >= 0 && n <= 0xffff)
			return SCMP_ACT_ERRNO((uint32_t)n);
	}
	return lx_fail(err, EINVAL, "seccomp", NULL, "unrecognized action `%s`", w[0]);
}

static int parse_op(const char *s, enum scmp_compare *op)
{
	static const struct {
		const char *a, *b;
		enum scmp_compare op;
	} ops[] = {
		{"SCMP_CMP_NE", "!=", SCMP_CMP_NE}, {"SCMP_CMP_LT", "<", SCMP_CMP_LT},
		{"SCMP_CMP_LE", "<=", SCMP_CMP_LE}, {"SCMP_CMP_EQ", "==", SCMP_CMP_EQ},
		{"SCMP_CMP_GE", ">=", SCMP_CMP_GE}, {"SCMP_CMP_GT", ">", SCMP_CMP_GT},
		{"SCMP_CMP_MASKED_EQ", "&=", SCMP_CMP_MASKED_EQ},
	};
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (strcmp(s, ops[i].a) == 0 || strcmp(s, ops[i].b) == 0)
			return *op = ops[i].op, 0;
	return -1;
}

/* `[idx,value,op]` or `[idx,value,op,mask]` (LXC writes the mask before the value for &=). */
static int parse_arg(const char *word, struct scmp_arg_cmp *a, lx_error *err)
{
	char buf[128], opname[32] = "";
	unsigned idx;
	unsigned long long v1 = 0, v2 = 0;
	enum scmp_compare op;
	int n;
	snprintf(buf, sizeof buf, "%s", word);
	n = sscanf(buf, "[%u,%lli,%31[^],],%lli]", &idx, &v1, opname, &v2);
	if (n < 3 || idx > 5 || parse_op(opname, &op) < 0)
		return lx_fail(err, EINVAL, "seccomp", NULL, "bad argument filter `%s`", word);
	*a = (struct scmp_arg_cmp){.arg = idx, .op = op, .datum_a = v1, .datum_b = v2};
	if (op == SCMP_CMP_MASKED_EQ && n == 4)
		*a = (struct scmp_arg_cmp){.arg = idx, .op = op, .datum_a = v2, .datum_b = v1};
	return 0;
}

static int split(char *line, char **w, int max)
{
	int n = 0;
	char *save = NULL;
	for (char *t = strtok_r(line, " \t", &save); t && n < max - 1; t = strtok_r(NULL, " \t", &save)) {
		if (t[0] == '#')
			break;
		w[n++] = t;
	}
	w[n] = NULL;
	return n;
}

static int add_rule(lx_sc_policy *p, const lx_sc_rule *r, lx_error *err)
{
	lx_sc_rule *nr = realloc(p->rules, (p->n + 1) * sizeof *nr);
	if (!nr)
		return lx_fail(err, ENOMEM, "realloc", NULL, "seccomp rules");
	p->rules = nr;
	p->rules[p->n++] = *r;
	return 0;
}

static int parse_rule(lx_sc_policy *p, char **w, uint32_t arch, uint32_t def_rule, lx_error *err)
{
	lx_sc_rule r = {.arch = arch, .nr = -1, .action = def_rule};
	char **rest = w + 1;
	int64_t act;
	snprintf(r.name, sizeof r.name, "%s", w[0]);
	if (*rest && (*rest)[0] != '[') {
		if ((act = parse_action(&rest, err)) < 0)
			return -1;
		r.action = (uint32_t)act;
	}
	for (; *rest; rest++) {
		if (r.nargs >= LX_SC_MAX_ARGS)
			return lx_fail(err, E2BIG, "seccomp", NULL, "too many argument filters");
		if (parse_arg(*rest, &r.args[r.nargs++], err) < 0)
			return -1;
	}
	return add_rule(p, &r, err);
}

/* Section header: 0 for [all], UINT32_MAX for an architecture libseccomp does not know. */
static uint32_t parse_section(const char *line)
{
	static const struct {
		const char *alias, *name;
	} aliases[] = {{"amd64", "x86_64"}, {"i386", "x86"}, {"arm64", "aarch64"}};
	char name[32];
	uint32_t tok;
	size_t len = strlen(line);
	if (len < 3 || line[len - 1] != ']' || len - 2 >= sizeof name)
		return UINT32_MAX;
	for (size_t i = 0; i < len - 2; i++)
		name[i] = (char)tolower((unsigned char)line[i + 1]);
	name[len - 2] = 0;
	if (strcmp(name, "all") == 0)
		return 0;
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(name, aliases[i].alias) == 0)
			snprintf(name, sizeof name, "%s", aliases[i].name);
	tok = seccomp_arch_resolve_name(name);
	return tok ? tok : UINT32_MAX;
}

static int parse_header_v2(char *line, lx_sc_policy *p, uint32_t *def_rule, lx_error *err)
{
	char *w[8];
	char **rest;
	int64_t act;
	int deny;
	if (split(line, w, 8) < 1)
		return lx_fail(err, EINVAL, "seccomp", NULL, "missing policy type on line 2");
	deny = strcmp(w[0], "denylist") == 0 || strcmp(w[0], "blacklist") == 0;
	if (!deny && strcmp(w[0], "allowlist") && strcmp(w[0], "whitelist"))
		return lx_fail(err, EINVAL, "seccomp", NULL, "bad seccomp policy style `%s`", w[0]);
	p->default_action = deny ? SCMP_ACT_ALLOW : SCMP_ACT_KILL;
	*def_rule = deny ? SCMP_ACT_KILL : SCMP_ACT_ALLOW;
	rest = w + 1;
	if (*rest) {
		if ((act = parse_action(&rest, err)) < 0)
			return -1;
		p->default_action = (uint32_t)act;
	}
	return 0;
}

static int parse_body(char *line, lx_sc_policy *p, uint32_t *arch, uint32_t def_rule, lx_error *err)
{
	char *w[16];
	if (line[0] == '[') {
		*arch = parse_section(line);
		return 0;
	}
	if (split(line, w, 16) == 0)
		return 0;
	if (strcmp(w[0], "reject_force_umount") == 0)
		return p->reject_force_umount = 1, 0;
	if (*arch == UINT32_MAX)
		return 0; /* a section for an architecture libseccomp does not know */
	if (p->version == 1) {
		lx_sc_rule r = {.nr = atoi(w[0]), .action = SCMP_ACT_ALLOW};
		return add_rule(p, &r, err);
	}
	return parse_rule(p, w, *arch, def_rule, err);
}

int lx_sc_policy_parse(char *text, lx_sc_policy *p, lx_error *err)
{
	char *save = NULL, *line;
	uint32_t arch = 0, def_rule = SCMP_ACT_ALLOW;
	int lineno = 0, have_header = 0;
	memset(p, 0, sizeof *p);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		line[strcspn(line, "\r")] = 0;
		if (line[0] == '#' || line[0] == 0)
			continue;
		if (!p->version) {
			p->version = atoi(line);
			if (p->version != 1 && p->version != 2)
				return lx_fail(err, EINVAL, "seccomp", NULL, "unsupported policy version `%s`", line);
			p->default_action = SCMP_ACT_KILL;
			continue;
		}
		if (!have_header) {
			have_header = 1;
			if (p->version == 1 && strncmp(line, "whitelist", 9) && strncmp(line, "allowlist", 9))
				return lx_fail(err, EINVAL, "seccomp", NULL, "version 1 policies must be allowlists");
			if (p->version == 2 && parse_header_v2(line, p, &def_rule, err) < 0)
				return lx_wrap(err, "line %d", lineno);
			continue;
		}
		if (parse_body(line, p, &arch, def_rule, err) < 0)
			return lx_wrap(err, "line %d", lineno);
	}
	if (!p->version || !have_header)
		return lx_fail(err, EINVAL, "seccomp", NULL, "policy without version and type lines");
	return 0;
}

void lx_sc_policy_free(lx_sc_policy *p)
{
	free(p->rules);
	p->rules = NULL;
	p->n = 0;
}
