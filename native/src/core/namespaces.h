/* Namespaces: one table row per kind; clone of init and setns for attach. */
#ifndef LXCBUS_NAMESPACES_H
#define LXCBUS_NAMESPACES_H
#include "error.h"
#include "spec.h"
#include <sys/types.h>

typedef struct lx_ns_info {
	const char *proc_name; /* /proc/<pid>/ns/<proc_name> */
	int clone_flag;
} lx_ns_info;

extern const lx_ns_info lx_namespaces[];
extern const int lx_namespace_count;

int lx_init_clone_flags(const lx_spec *spec);
/*
 * Clone contract: fork semantics (returns 0 in the child, the child's pid in our namespace in
 * the parent) with new namespaces per `flags`. The child runs on a copy of our stack, so the
 * caller must be single-threaded, which the shim is.
 */
pid_t lx_clone(int flags, lx_error *err);
/* 1 when `pid` is in our namespace of kind `name` ("user", "net"...); 0 when not or unknown. */
int lx_same_ns(pid_t pid, const char *name);
/* Joins every namespace of `pid` that differs from ours. User namespace first, so the
 * remaining setns calls are checked against the container's capabilities. */
int lx_setns_all(pid_t pid, lx_error *err);

#endif
