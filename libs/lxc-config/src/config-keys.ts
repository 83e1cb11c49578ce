/**
 * Every key LXC 5.0 accepts in a container config, one row per key, plus the
 * indexed `lxc.net.N.*` keys and the prefix families. `mode` says how a value
 * combines with earlier ones (see config-state.ts); `type` is the parse-time
 * check (config-values.ts). Keys not resolvable here are rejected by LXC with
 * `Unsupported config key`.
 */
import { NAMESPACES, ValueType } from './config-values';

export type KeyMode =
  | 'scalar' // last value wins; empty resets to the default
  | 'list' // each value appended; empty clears
  | 'tokens' // value split on blanks, each token appended; empty clears
  | 'mountAuto' // tokens merged per filesystem (proc/sys/cgroup)
  | 'keyed' // family member, re-setting replaces in place (sysctl, prlimit)
  | 'keyedMulti' // family member, re-setting appends (cgroup, cgroup2, proc)
  | 'family' // family root (`lxc.cgroup2 =`): only an empty value, clears every member
  | 'include';

export interface KeySpec {
  /** The concrete key, e.g. `lxc.net.0.link`. */
  key: string;
  mode: KeyMode;
  type: ValueType;
  /** Family root for members of a family, e.g. `lxc.sysctl`, `lxc.net`, `lxc.hook`. */
  family?: string;
  /** Net index for `lxc.net.N.*`. */
  netIndex?: number;
}

type Row = [KeyMode, ValueType];
const S: Row = ['scalar', 'string'];
const BOOL: Row = ['scalar', 'bool'];
const UINT: Row = ['scalar', 'uint'];
const LIST: Row = ['list', 'string'];
const FAMILY: Row = ['family', 'emptyOnly'];

export const HOOK_TYPES = ['pre-start', 'pre-mount', 'mount', 'autodev', 'start-host', 'start', 'stop', 'post-stop', 'clone', 'destroy'] as const;

const KEYS: Record<string, Row> = {
  'lxc.include': ['include', 'string'],
  'lxc.arch': ['scalar', 'arch'],
  'lxc.uts.name': S,
  'lxc.rootfs.path': S, 'lxc.rootfs.mount': S, 'lxc.rootfs.options': S, 'lxc.rootfs.managed': BOOL,
  'lxc.idmap': ['list', 'idmap'],
  'lxc.cgroup.dir': S, 'lxc.cgroup.dir.container': S, 'lxc.cgroup.dir.monitor': S,
  'lxc.cgroup.dir.monitor.pivot': S, 'lxc.cgroup.dir.container.inner': S, 'lxc.cgroup.relative': BOOL,
  'lxc.cap.drop': ['tokens', 'caps'], 'lxc.cap.keep': ['tokens', 'capsKeep'],
  'lxc.apparmor.profile': S, 'lxc.apparmor.allow_incomplete': BOOL, 'lxc.apparmor.allow_nesting': BOOL,
  'lxc.apparmor.raw': LIST,
  'lxc.selinux.context': S, 'lxc.selinux.context.keyring': S,
  'lxc.seccomp.profile': S, 'lxc.seccomp.allow_nesting': BOOL, 'lxc.seccomp.notify.proxy': S,
  'lxc.seccomp.notify.cookie': S,
  'lxc.no_new_privs': BOOL,
  'lxc.mount.fstab': S, 'lxc.mount.entry': LIST, 'lxc.mount.auto': ['mountAuto', 'mountAuto'],
  'lxc.autodev': BOOL, 'lxc.autodev.tmpfs.size': UINT,
  'lxc.tty.max': UINT, 'lxc.tty.dir': S, 'lxc.pty.max': UINT,
  'lxc.console.path': S, 'lxc.console.logfile': S, 'lxc.console.size': S, 'lxc.console.buffer.size': S,
  'lxc.console.rotate': BOOL,
  'lxc.start.auto': BOOL, 'lxc.start.delay': UINT, 'lxc.start.order': ['scalar', 'int'],
  'lxc.group': ['tokens', 'string'],
  'lxc.environment': LIST,
  // LXC 5.0.2 does not validate init.uid/gid at parse time ("x" is read as 0).
  'lxc.init.cmd': S, 'lxc.init.uid': S, 'lxc.init.gid': S, 'lxc.init.cwd': S, 'lxc.init.groups': LIST,
  'lxc.execute.cmd': S,
  'lxc.signal.halt': ['scalar', 'signal'], 'lxc.signal.reboot': ['scalar', 'signal'],
  'lxc.signal.stop': ['scalar', 'signal'],
  'lxc.monitor.signal.pdeath': ['scalar', 'signal'], 'lxc.monitor.unshare': BOOL,
  'lxc.hook.version': BOOL,
  'lxc.log.level': ['scalar', 'logLevel'], 'lxc.log.file': S, 'lxc.log.syslog': S,
  'lxc.ephemeral': BOOL,
  'lxc.namespace.clone': ['tokens', 'nsList'], 'lxc.namespace.keep': ['tokens', 'nsList'],
  'lxc.keyring.session': BOOL, 'lxc.sched.core': BOOL,
  'lxc.time.offset.boot': ['scalar', 'timeOffset'], 'lxc.time.offset.monotonic': ['scalar', 'timeOffset'],
  'lxc.net': FAMILY, 'lxc.cgroup': FAMILY, 'lxc.cgroup2': FAMILY, 'lxc.sysctl': FAMILY,
  'lxc.proc': FAMILY, 'lxc.prlimit': FAMILY, 'lxc.hook': FAMILY,
};

/** Sub-keys of `lxc.net.N.`; list-valued ones accumulate like `lxc.idmap`. */
export const NET_KEYS: Record<string, Row> = {
  type: ['scalar', 'netType'], flags: S, link: S, l2proxy: BOOL, name: S, hwaddr: S, mtu: S,
  'vlan.id': ['scalar', 'uint16'], 'ipvlan.mode': ['scalar', 'ipvlanMode'],
  'ipvlan.isolation': ['scalar', 'ipvlanIsolation'], 'macvlan.mode': ['scalar', 'macvlanMode'],
  'veth.mode': ['scalar', 'vethMode'], 'veth.pair': S, 'veth.n_rxqueues': UINT, 'veth.n_txqueues': UINT,
  'veth.ipv4.route': LIST, 'veth.ipv6.route': LIST, 'veth.vlan.id': ['scalar', 'uint16'],
  'veth.vlan.tagged.id': ['list', 'uint16'],
  'script.up': S, 'script.down': S,
  'ipv4.address': ['list', 'ipv4'], 'ipv4.gateway': ['scalar', 'ipv4gw'],
  'ipv6.address': ['list', 'ipv6'], 'ipv6.gateway': ['scalar', 'ipv6gw'],
};

/** Prefix families: `<prefix>.<anything>` is accepted with this mode. */
const FAMILIES: Array<[string, KeyMode]> = [
  ['lxc.cgroup2', 'keyedMulti'], ['lxc.cgroup', 'keyedMulti'], ['lxc.proc', 'keyedMulti'],
  ['lxc.sysctl', 'keyed'], ['lxc.prlimit', 'keyed'],
];

export type KeyLookup =
  | { ok: true; spec: KeySpec }
  | { ok: false; kind: 'unsupported' | 'unknownNet' | 'badIndex' | 'badNamespace'; reason: string };

export function lookupKey(key: string): KeyLookup {
  const row = KEYS[key];
  if (row) return { ok: true, spec: { key, mode: row[0], type: row[1], family: familyOf(key, row[0]) } };
  if (key.startsWith('lxc.net.')) return lookupNetKey(key);
  const hook = /^lxc\.hook\.(.+)$/.exec(key);
  if (hook && (HOOK_TYPES as readonly string[]).includes(hook[1])) {
    return { ok: true, spec: { key, mode: 'list', type: 'string', family: 'lxc.hook' } };
  }
  const share = /^lxc\.namespace\.share\.(.+)$/.exec(key);
  if (share) {
    if (!(NAMESPACES as readonly string[]).includes(share[1])) {
      return { ok: false, kind: 'badNamespace', reason: `Invalid namespace name "${share[1]}"` };
    }
    return { ok: true, spec: { key, mode: 'scalar', type: 'string' } };
  }
  for (const [prefix, mode] of FAMILIES) {
    if (key.startsWith(prefix + '.') && key.length > prefix.length + 1) {
      return { ok: true, spec: { key, mode, type: mode === 'keyed' && prefix === 'lxc.prlimit' ? 'prlimit' : 'string', family: prefix } };
    }
  }
  return { ok: false, kind: 'unsupported', reason: `Unsupported config key "${key}"` };
}

function familyOf(key: string, mode: KeyMode): string | undefined {
  return mode === 'family' ? key : undefined;
}

function lookupNetKey(key: string): KeyLookup {
  const m = /^lxc\.net\.([^.]+)\.(.+)$/.exec(key);
  if (!m || !/^[0-9]+$/.test(m[1])) return { ok: false, kind: 'badIndex', reason: '' };
  const row = NET_KEYS[m[2]];
  if (!row) return { ok: false, kind: 'unknownNet', reason: `Unknown network configuration key "${key}"` };
  return { ok: true, spec: { key, mode: row[0], type: row[1], family: 'lxc.net', netIndex: Number(m[1]) } };
}

/** Whether a key is accepted by LXC 5.0 (canonical spelling). */
export function isSupportedKey(key: string): boolean {
  return lookupKey(key).ok;
}
