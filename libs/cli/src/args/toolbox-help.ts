/**
 * The --help paragraphs of lxc-autostart, lxc-copy and lxc-snapshot (LXC 5.0.2),
 * cut from the real tools' output between `Usage: <tool> ` and `Common options :`.
 */
export const TOOLBOX_HELP = {
  'lxc-autostart': `
lxc-autostart managed auto-started containers

Options:
  -k, --kill        kill the containers instead of starting them
  -L, --list        list all affected containers and wait delay
  -r, --reboot      reboot the containers instead of starting them
  -s, --shutdown    shutdown the containers instead of starting them

  -a, --all         list all auto-started containers (ignore groups)
  -A, --ignore-auto ignore lxc.start.auto and select all matching containers
  -g, --groups      list of groups (comma separated) to select
  -t, --timeout=T   wait T seconds before hard-stopping
`,
  'lxc-copy': `
--name=NAME [-P lxcpath] -N newname [-p newpath] [-B backingstorage] [-s] [-K] [-M] [-L size [unit]] -- hook options
--name=NAME [-P lxcpath] [-N newname] [-p newpath] [-B backingstorage] -e [-d] [-D] [-K] [-M] [-m {bind,overlay}=/src:/dest] -- hook options
--name=NAME [-P lxcpath] -N newname -R

lxc-copy clone a container

Options :
  -n, --name=NAME           NAME of the container
  -N, --newname=NEWNAME     NEWNAME for the restored container
  -p, --newpath=NEWPATH     NEWPATH for the container to be stored
  -R, --rename              rename container
  -s, --snapshot            create snapshot instead of clone
  -a, --allowrunning        allow snapshot creation even if source container is running
  -F, --foreground          start with current tty attached to /dev/console
  -d, --daemon              daemonize the container (default)
  -e, --ephemeral           start ephemeral container
  -m, --mount               directory to mount into container, either 
                            {bind,overlay}=/src-path or {bind,overlay}=/src-path:/dst-path
  -B, --backingstorage=TYPE backingstorage type for the container
  -t, --tmpfs               place ephemeral container on a tmpfs
                            (WARNING: On reboot all changes made to the container will be lost.)
  -L, --fssize              size of the new block device for block device containers
  -D, --keepdata            pass together with -e start a persistent snapshot 
  -K, --keepname            keep the hostname of the original container
  --  hook options          arguments passed to the hook program
  -M, --keepmac             keep the MAC address of the original container
  --rcfile=FILE             Load configuration file FILE
`,
  'lxc-snapshot': `--name=NAME [-P lxcpath] [-L [-C]] [-c commentfile] [-r snapname [-N newname]]

lxc-snapshot snapshots a container

Options :
  -n, --name=NAME        NAME of the container
  -L, --list             list all snapshots
  -r, --restore=NAME     restore snapshot NAME, e.g. 'snap0'
  -N, --newname=NEWNAME  NEWNAME for the restored container
  -d, --destroy=NAME     destroy snapshot NAME, e.g. 'snap0'
                         use ALL to destroy all snapshots
  -c, --comment=FILE     add FILE as a comment
  -C, --showcomments     show snapshot comments
  --rcfile=FILE          Load configuration file FILE
`,
} as const;
