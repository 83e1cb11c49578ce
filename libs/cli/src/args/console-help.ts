/** --help of lxc-console 5.0.2, as the real binary prints it (see help-text.ts). */
export const CONSOLE_HELP = {
  'lxc-console': `--name=NAME [--tty NUMBER]

lxc-console logs on the container with the identifier NAME

Options :
  -n, --name=NAME      NAME of the container
  -t, --tty=NUMBER     console tty number
  -e, --escape=PREFIX  prefix for escape command
  --rcfile=FILE        Load configuration file FILE
`,
} as const;
