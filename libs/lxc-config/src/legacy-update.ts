/**
 * `updateLegacyConfig(text)` rewrites LXC 1.x/2.x key names in place, as
 * `lxc-update-config -c FILE` (LXC 5.0.2) does with its sed expressions:
 * commented-out keys are renamed too, `lxc.rootfs` gains a storage prefix,
 * dropped keys' lines are deleted, and un-indexed `lxc.network.*` lines are
 * numbered by counting `lxc.network.type` lines. Three deliberate departures
 * from the script, each of which makes it emit a config LXC 5 rejects or
 * mislabels: `lxc.limit.<res>` is renamed (the script's pattern misses it),
 * indexed `lxc.network.N.ipv4` gains `.address`, and the storage prefix is the
 * file's `lxc.rootfs.backend` value wherever that line is (the script only
 * sees it when it is the last line).
 */
const B = '([ \\t*]|#*)';
const RENAMES: Array<[string, string]> = [
  ['lxc\\.id_map', 'lxc.idmap'], ['lxc\\.pts', 'lxc.pty.max'], ['lxc\\.tty', 'lxc.tty.max'],
  ['lxc\\.devttydir', 'lxc.tty.dir'], ['lxc\\.aa_profile', 'lxc.apparmor.profile'],
  ['lxc\\.aa_allow_incomplete', 'lxc.apparmor.allow_incomplete'], ['lxc\\.se_context', 'lxc.selinux.context'],
  ['lxc\\.mount', 'lxc.mount.fstab'], ['lxc\\.utsname', 'lxc.uts.name'], ['lxc\\.seccomp', 'lxc.seccomp.profile'],
  ['lxc\\.console', 'lxc.console.path'], ['lxc\\.haltsignal', 'lxc.signal.halt'],
  ['lxc\\.rebootsignal', 'lxc.signal.reboot'], ['lxc\\.stopsignal', 'lxc.signal.stop'],
  ['lxc\\.syslog', 'lxc.log.syslog'], ['lxc\\.loglevel', 'lxc.log.level'], ['lxc\\.logfile', 'lxc.log.file'],
  ['lxc\\.init_cmd', 'lxc.init.cmd'], ['lxc\\.init_uid', 'lxc.init.uid'], ['lxc\\.init_gid', 'lxc.init.gid'],
  ['lxc\\.limit', 'lxc.prlimit'],
];
const SIMPLE = RENAMES.map(([from, to]) => [new RegExp(`${B}${from}([ \\t*]|=)`, 'g'), `$1${to}$2`] as const);
const LIMIT_MEMBER: [RegExp, string] = [new RegExp(`${B}lxc\\.limit\\.`, 'g'), '$1lxc.prlimit.'];
const INDEXED_NET: Array<[RegExp, string]> = [
  [new RegExp(`${B}lxc\\.network(\\.[0-9*])\\.(ipv[46])([ \\t]*)=`, 'g'), '$1lxc.net$2.$3.address$4='],
  [new RegExp(`${B}lxc\\.network(\\.[0-9*])`, 'g'), '$1lxc.net$2'],
  [new RegExp(`${B}lxc\\.network([ \\t*]|=)`, 'g'), '$1lxc.net$2'],
];
const DELETED = ['lxc\\.rootfs\\.backend', 'lxc\\.pivotdir', 'lxc\\.kmsg'].map((k) => new RegExp(`${B}${k}([ \\t*]|=)`));
const BACKEND = /(?:[ \t]*|#*)lxc\.rootfs\.backend[ \t]*=?[ \t]*([A-Za-z0-9]*)/;

function storageDriver(lines: string[]): string {
  let driver = '';
  for (const line of lines) {
    const m = BACKEND.exec(line);
    if (m && m[1]) driver = m[1];
  }
  return driver || 'dir';
}

function renameLine(line: string, driver: string): string {
  let out = line.replace(new RegExp(`${B}lxc\\.rootfs([ \\t*]|)(=[ \\t]*)(.*)`, 'g'), `$1lxc.rootfs.path$2$3${driver}:$4`);
  for (const [re, to] of SIMPLE) out = out.replace(re, to);
  out = out.replace(LIMIT_MEMBER[0], LIMIT_MEMBER[1]);
  for (const [re, to] of INDEXED_NET) out = out.replace(re, to);
  return out;
}

function numberNetwork(line: string, index: number): string {
  return line
    .replace(new RegExp(`${B}lxc\\.network(\\.ipv[0-9])([ \\t]*)=(.*)`, 'g'), `$1lxc.net.${index}$2.address$3=$4`)
    .replace(new RegExp(`${B}lxc\\.network\\.([^0-9*])`, 'g'), `$1lxc.net.${index}.$2`);
}

export function updateLegacyConfig(text: string): string {
  const lines = text.split('\n');
  const driver = storageDriver(lines);
  const renamed = lines.filter((l) => !DELETED.some((re) => re.test(l))).map((l) => renameLine(l, driver));
  let index = -1;
  const numbered = renamed.map((l) => {
    if (/lxc.network.type/.test(l)) index++;
    return numberNetwork(l, index);
  });
  return numbered.join('\n');
}
