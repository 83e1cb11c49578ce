/**
 * What lxc-busybox (LXC 5.0.2) writes into a rootfs, as data: the directory list it
 * `mkdir -p`s and chmods 755, and the exact text of each file. Kept verbatim so a
 * container built here is byte-identical to one built by the shell template.
 */

/** `fstree` in install_busybox, in its order; each is chmod 755 after creation. */
export const BUSYBOX_DIRS = [
  'selinux', 'dev', 'home', 'root', 'etc', 'etc/init.d', 'bin', 'usr/bin', 'sbin', 'usr/sbin',
  'proc', 'sys', 'mnt', 'tmp', 'var/log', 'var/run', 'dev/pts', 'lib', 'usr/lib', 'lib64', 'usr/lib64',
] as const;

/** Parents that `mkdir -p` creates implicitly (mode 0777 & ~umask; we fix them at 0755). */
export const BUSYBOX_IMPLICIT_DIRS = ['usr', 'var'] as const;

export interface LayoutFile {
  readonly path: string;
  readonly mode: number;
  readonly text: string;
}

export const BUSYBOX_FILES: readonly LayoutFile[] = [
  { path: 'etc/passwd', mode: 0o644, text: 'root:x:0:0:root:/root:/bin/sh\n' },
  { path: 'etc/group', mode: 0o644, text: 'root:x:0:root\n' },
  { path: 'etc/init.d/rcS', mode: 0o744, text: '#!/bin/sh\n/bin/syslogd\n/bin/mount -a\n/bin/udhcpc\n' },
  {
    path: 'etc/inittab',
    mode: 0o644,
    text:
      '::sysinit:/etc/init.d/rcS\n' +
      'tty1::respawn:/bin/getty -L tty1 115200 vt100\n' +
      'console::askfirst:/bin/sh\n',
  },
  // `touch`ed: fstab must exist for `mount -a`; shadow is empty as the template leaves it.
  { path: 'etc/fstab', mode: 0o644, text: '' },
  { path: 'etc/shadow', mode: 0o644, text: '' },
];

/**
 * The template derives the udhcpc hook path from `busybox udhcpc --help`
 * (`-s PROG ... (default /etc/udhcpc/default.script)`), makes its directory mode 0644
 * (sic: no search bit, as LXC does) and the script 0744.
 */
export const UDHCPC_SCRIPT_MODE = 0o744;
export const UDHCPC_DIR_MODE = 0o644;

export const UDHCPC_SCRIPT = `#!/bin/sh
case "$1" in
  deconfig)
    ip addr flush dev $interface
    ;;

  renew|bound)
    # flush all the routes
    if [ -n "$router" ]; then
      ip route del default 2> /dev/null
    fi

    # check broadcast
    if [ -n "$broadcast" ]; then
      broadcast="broadcast $broadcast"
    fi

    # add a new ip address
    ip addr add $ip/$mask $broadcast dev $interface

    if [ -n "$router" ]; then
      ip route add default via $router dev $interface
    fi

    [ -n "$domain" ] && echo search $domain > /etc/resolv.conf
    for i in $dns ; do
      grep "nameserver $i" /etc/resolv.conf > /dev/null 2>&1
      if [ $? -ne 0 ]; then
        echo nameserver $i >> /etc/resolv.conf
      fi
    done
    ;;
esac
exit 0
`;

/** Pulls `etc/udhcpc/default.script` out of udhcpc's help text the way the template's egrep|cut does. */
export function udhcpcScriptPath(helpText: string): string | undefined {
  const line = helpText.split('\n').find((l) => /-s.*Run PROG/.test(l));
  if (!line || !line.includes('/')) return undefined;
  const afterSlash = line.slice(line.indexOf('/') + 1);
  const rel = afterSlash.split(')')[0];
  return rel === '' ? undefined : rel;
}
