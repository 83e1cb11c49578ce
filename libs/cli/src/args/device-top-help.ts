/** --help paragraphs of lxc-device and lxc-top (LXC 5.0.2, captured from the real binaries). */
export const DEVICE_TOP_HELP = {
  'lxc-device': `--name=NAME -- add|del DEV

lxc-device attach or detach DEV to or from container.

Options :
  -n, --name=NAME      NAME of the container
  --rcfile=FILE        Load configuration file FILE
`,
  'lxc-top': `

lxc-top monitors the state of the active containers

Options :
  -d, --delay     delay in seconds between refreshes (default: 3.0)
  -b, --batch     output designed to capture to a file
  -s, --sort      sort by [n,c,b,m] (default: n) where
                  n = Name
                  c = CPU use
                  b = Block I/O use
                  m = Memory use
                  s = Memory + Swap use
                  k = Kernel memory use
  -r, --reverse   sort in reverse (descending) order
`,
} as const;
