import { parseExecuteArgs } from './execute-args';

const settings = { defaultLxcpath: '/var/lib/lxc' };

// Captured from lxc-execute 5.0.2 (`lxc-execute --usage`, on stderr, rc 0).
const REAL_USAGE = `Usage: lxc-execute [-d|--daemon] [-f|--rcfile=RCFILE] [-s|--define=DEFINE] [-u|--uid=UID] 
\t[-g|--gid=GID] [--share-net=SHARE-NET] [--share-ipc=SHARE-IPC] [--share-uts=SHARE-UTS] 
\t[--share-pid=SHARE-PID] [-n|--name=NAME] [-h|--help] [-?|--help] 
\t[--usage] [--version] [-q|--quiet] [-o|--logfile=LOGFILE] 
\t[-l|--logpriority=LOGPRIORITY] [-P|--lxcpath=LXCPATH] [--rcfile=RCFILE] 
`;

describe('lxc-execute arguments (LXC 5.0.2)', () => {
  it('takes the command as operands, -f, -s KEY=VAL in order, -u and -g', () => {
    expect(parseExecuteArgs(['-n', 'c1', '-f', '/x.conf', '-s', 'lxc.uts.name = h', '-s', 'a=b', '-u', '5', '-g', '6', '--', 'sh', '-c', 'exit 3'], settings))
      .toMatchObject({ kind: 'run', args: {
        name: 'c1', rcfile: '/x.conf', uid: 5, gid: 6, daemonize: false, command: ['sh', '-c', 'exit 3'],
        defines: [{ key: 'lxc.uts.name', value: 'h' }, { key: 'a', value: 'b' }],
      } });
  });

  it('refuses what the real tool refuses', () => {
    expect(parseExecuteArgs([], settings)).toMatchObject({ kind: 'exit', code: 1, stderr: 'lxc-execute: No container name specified\n' });
    expect(parseExecuteArgs(['-n', 'c1', '-u', 'abc', '--', 'true'], settings)).toMatchObject({ kind: 'exit', code: 1, stderr: 'lxc-execute: could not parse command line\n' });
    expect(parseExecuteArgs(['-n', 'c1', '-s', 'novalue', '--', 'true'], settings)).toMatchObject({ kind: 'run', args: { defines: [] } });
  });

  it('--usage is generated from the option table like LXC\'s', () => {
    expect(parseExecuteArgs(['--usage'], settings)).toEqual({ kind: 'exit', stdout: '', stderr: REAL_USAGE, code: 0 });
  });
});
