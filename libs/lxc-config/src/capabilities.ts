/**
 * Linux capability names as `lxc.cap.drop` / `lxc.cap.keep` spell them:
 * lowercase, without `CAP_`, index = capability number. LXC also accepts a
 * number up to the host's last capability (40, CAP_CHECKPOINT_RESTORE, on
 * kernels >= 5.9), and rejects upper case and `CAP_` prefixes.
 */
export const CAPABILITIES = [
  'chown', 'dac_override', 'dac_read_search', 'fowner', 'fsetid', 'kill', 'setgid', 'setuid',
  'setpcap', 'linux_immutable', 'net_bind_service', 'net_broadcast', 'net_admin', 'net_raw',
  'ipc_lock', 'ipc_owner', 'sys_module', 'sys_rawio', 'sys_chroot', 'sys_ptrace', 'sys_pacct',
  'sys_admin', 'sys_boot', 'sys_nice', 'sys_resource', 'sys_time', 'sys_tty_config', 'mknod',
  'lease', 'audit_write', 'audit_control', 'setfcap', 'mac_override', 'mac_admin', 'syslog',
  'wake_alarm', 'block_suspend', 'audit_read', 'perfmon', 'bpf', 'checkpoint_restore',
] as const;

export const LAST_CAPABILITY = CAPABILITIES.length - 1;

/** Capability number for a config token, or undefined when LXC would reject it. */
export function capabilityNumber(token: string, lastCap: number = LAST_CAPABILITY): number | undefined {
  if (/^[0-9]+$/.test(token)) {
    const n = Number(token);
    return n <= lastCap ? n : undefined;
  }
  const n = (CAPABILITIES as readonly string[]).indexOf(token);
  return n >= 0 && n <= lastCap ? n : undefined;
}
