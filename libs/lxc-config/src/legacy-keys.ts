/**
 * Key names of LXC 1.x/2.x, renamed in 2.1 and rejected since 3.0. They are
 * accepted here and mapped to today's names so old configs still load. The
 * un-indexed `lxc.network.*` family is positional: every `lxc.network.type`
 * starts a new interface, and the following `lxc.network.X` lines belong to it.
 */
export const LEGACY_KEYS: Readonly<Record<string, string>> = {
  'lxc.id_map': 'lxc.idmap',
  'lxc.utsname': 'lxc.uts.name',
  'lxc.rootfs': 'lxc.rootfs.path',
  'lxc.mount': 'lxc.mount.fstab',
  'lxc.pts': 'lxc.pty.max',
  'lxc.tty': 'lxc.tty.max',
  'lxc.devttydir': 'lxc.tty.dir',
  'lxc.aa_profile': 'lxc.apparmor.profile',
  'lxc.aa_allow_incomplete': 'lxc.apparmor.allow_incomplete',
  'lxc.se_context': 'lxc.selinux.context',
  'lxc.seccomp': 'lxc.seccomp.profile',
  'lxc.console': 'lxc.console.path',
  'lxc.haltsignal': 'lxc.signal.halt',
  'lxc.rebootsignal': 'lxc.signal.reboot',
  'lxc.stopsignal': 'lxc.signal.stop',
  'lxc.syslog': 'lxc.log.syslog',
  'lxc.loglevel': 'lxc.log.level',
  'lxc.logfile': 'lxc.log.file',
  'lxc.init_cmd': 'lxc.init.cmd',
  'lxc.init_uid': 'lxc.init.uid',
  'lxc.init_gid': 'lxc.init.gid',
  'lxc.limit': 'lxc.prlimit',
  'lxc.network': 'lxc.net',
};

/** Keys 2.1 dropped without replacement; read and ignored. */
export const DROPPED_KEYS: readonly string[] = ['lxc.rootfs.backend', 'lxc.pivotdir', 'lxc.kmsg'];

/** Legacy network sub-keys that were renamed, not just re-indexed. */
const NET_SUBKEY_RENAMES: Readonly<Record<string, string>> = { ipv4: 'ipv4.address', ipv6: 'ipv6.address' };

export type LegacyTranslation =
  | { kind: 'current' }
  | { kind: 'renamed'; key: string; warning: string; legacyName: string }
  | { kind: 'dropped'; warning: string; legacyName: string }
  | { kind: 'orphanNet'; legacyName: string };

/**
 * Positional state of the legacy network block: the index the next
 * `lxc.network.<sub>` line belongs to. One per parse, shared across includes.
 */
export class LegacyNetworkCursor {
  private current = -1;
  private next = 0;

  startInterface(): number {
    this.current = this.next++;
    return this.current;
  }
  reset(): void {
    this.current = -1;
    this.next = 0;
  }
  get index(): number {
    return this.current;
  }
}

function renamed(legacyName: string, key: string, shown: string): LegacyTranslation {
  return { kind: 'renamed', key, legacyName, warning: `${legacyName} is deprecated, use ${shown}` };
}

/** Maps a key as written to its current name, advancing the network cursor. */
export function translateLegacyKey(key: string, cursor: LegacyNetworkCursor): LegacyTranslation {
  if (DROPPED_KEYS.includes(key)) return { kind: 'dropped', legacyName: key, warning: `${key} is deprecated and ignored` };
  const exact = LEGACY_KEYS[key];
  if (exact) {
    if (key === 'lxc.network') cursor.reset();
    return renamed(key, exact, exact);
  }
  if (key.startsWith('lxc.limit.')) return renamed('lxc.limit', 'lxc.prlimit.' + key.slice(10), 'lxc.prlimit');
  if (!key.startsWith('lxc.network.')) return { kind: 'current' };
  const rest = key.slice('lxc.network.'.length);
  const indexed = /^([0-9]+)\.(.+)$/.exec(rest);
  if (indexed) {
    const sub = NET_SUBKEY_RENAMES[indexed[2]] ?? indexed[2];
    return renamed(`lxc.network.${indexed[2]}`, `lxc.net.${indexed[1]}.${sub}`, `lxc.net.[i].${sub}`);
  }
  const sub = NET_SUBKEY_RENAMES[rest] ?? rest;
  if (rest === 'type') cursor.startInterface();
  if (cursor.index < 0) return { kind: 'orphanNet', legacyName: key };
  return renamed(key, `lxc.net.${cursor.index}.${sub}`, `lxc.net.[i].${sub}`);
}
