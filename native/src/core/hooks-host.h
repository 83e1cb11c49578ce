/*
 * The hooks the shim runs itself, in the host's namespaces, as LXC's monitor does (hooks.h):
 * pre-start, start-host (LXC_PID), stop and post-stop (LXC_PID, LXC_TARGET, and the container's
 * namespaces as /proc/<shim>/fd/<n> references kept open from start: LXC_<NS>_NS, and for stop
 * version 0 also `<ns>:<path>` arguments).
 */
#ifndef LXCBUS_HOOKS_HOST_H
#define LXCBUS_HOOKS_HOST_H
#include "shim.h"

int lx_hooks_host(lx_shim *s, int type, lx_error *err);
/* Opens init's namespaces that differ from the shim's; best effort (a namespace not kept is not passed). */
void lx_hooks_keep_ns(lx_shim *s);
/* stop before the teardown, post-stop after it; failures are logged, the stop goes on (LXC). */
void lx_hooks_stopped(lx_shim *s, int type);
void lx_hooks_release_ns(lx_shim *s);

#endif
