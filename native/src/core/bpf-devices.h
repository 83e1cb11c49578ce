/*
 * cgroup2 device rules (lxc.cgroup2.devices.allow / .deny) as a BPF_CGROUP_DEVICE program
 * attached to the container's cgroup2 leaf. Rules use the v1 syntax: `a`, or
 * `<a|b|c> <major|*>:<minor|*> [rwm]`. As in the v1 controller, `a` resets the default
 * (deny a: nothing allowed; allow a: everything), and for the rest the last matching rule
 * wins; with no rule at all no program is attached.
 */
#ifndef LXCBUS_BPF_DEVICES_H
#define LXCBUS_BPF_DEVICES_H
#include "confine.h"
#include "error.h"

/* `rules` are `devices.allow` / `devices.deny` settings in config order (other keys ignored). */
int lx_bpf_devices_attach(const char *cgroup_dir, const lx_kv *rules, size_t n, lx_error *err);
/*
 * lxc-device at run time: replaces the program attach() put there by one built from `rules`
 * in one step (BPF_F_REPLACE), so there is no moment without a program. EBUSY unless exactly
 * one device program is attached.
 */
int lx_bpf_devices_replace(const char *cgroup_dir, const lx_kv *rules, size_t n, lx_error *err);

#endif
