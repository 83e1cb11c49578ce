/* Spec keys of the confinement family (list in confine.h). */
#define _GNU_SOURCE
#include "confine.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

static int push_str(char ***vec, size_t *n, char *v, lx_error *err)
{
	char **nv = realloc(*vec, (*n + 2) * sizeof(char *));
	if (!nv)
		return lx_fail(err, ENOMEM, "realloc", NULL, "spec");
	nv[(*n)++] = v;
	nv[*n] = NULL;
	*vec = nv;
	return 1;
}

/* `<key> <value>`: the cgroup file name never contains a space, the value may. */
static int push_kv(lx_kv **vec, size_t *n, const char *what, char *v, lx_error *err)
{
	char *sp = strchr(v, ' ');
	lx_kv *nv;
	if (!sp || sp == v || memchr(v, '/', (size_t)(sp - v)))
		return lx_fail(err, EINVAL, "parse", NULL, "key `%s`: expected `<file> <value>`, got `%s`", what, v);
	*sp = 0;
	if (strcmp(v, "..") == 0 || !strchr(v, '.'))
		return lx_fail(err, EINVAL, "parse", NULL, "key `%s`: bad cgroup file `%s`", what, v);
	nv = realloc(*vec, (*n + 1) * sizeof *nv);
	if (!nv)
		return lx_fail(err, ENOMEM, "realloc", NULL, "spec");
	nv[*n] = (lx_kv){.key = v, .value = sp + 1};
	(*n)++;
	*vec = nv;
	return 1;
}

int lx_confine_key(lx_confine *c, const char *key, char *value, lx_error *err)
{
	if (strcmp(key, "cap.drop") == 0)
		return push_str(&c->cap_drop, &c->ncap_drop, value, err);
	if (strcmp(key, "cap.keep") == 0)
		return push_str(&c->cap_keep, &c->ncap_keep, value, err);
	if (strcmp(key, "cgroup.v1") == 0)
		return push_kv(&c->cg_v1, &c->ncg_v1, key, value, err);
	if (strcmp(key, "cgroup.v2") == 0)
		return push_kv(&c->cg_v2, &c->ncg_v2, key, value, err);
	if (strcmp(key, "seccomp.profile") == 0)
		return c->seccomp_profile = value, 1;
	if (strcmp(key, "apparmor.profile") == 0)
		return c->apparmor_profile = value, 1;
	if (strcmp(key, "selinux.context") == 0)
		return c->selinux_context = value, 1;
	if (strcmp(key, "seccomp.allow_nesting") == 0)
		return c->seccomp_allow_nesting = strcmp(value, "1") == 0, 1;
	if (strcmp(key, "no_new_privs") == 0) {
		if (strcmp(value, "0") && strcmp(value, "1"))
			return lx_fail(err, EINVAL, "parse", NULL, "key `no_new_privs`: bad value `%s`", value);
		return c->no_new_privs = value[0] == '1', 1;
	}
	return 0;
}
