import { consoleArgs } from './start-console';

describe('lxc-start -L / -c', () => {
  it('-L: lxc.console.logfile for the run; relative from / when daemonized (as LXC), from the cwd in the foreground', () => {
    expect(consoleArgs({ consoleLog: '/tmp/a.log', daemonize: true }, '/home/x')).toEqual({ defines: ['lxc.console.logfile=/tmp/a.log'] });
    expect(consoleArgs({ consoleLog: 'a.log', daemonize: true }, '/home/x')).toEqual({ defines: ['lxc.console.logfile=/a.log'] });
    expect(consoleArgs({ consoleLog: 'a.log', daemonize: false }, '/home/x')).toEqual({ defines: ['lxc.console.logfile=/home/x/a.log'] });
  });

  it('-c: lxc.console.path (none or a terminal); -F -c is refused', () => {
    expect(consoleArgs({ console: 'none', daemonize: true })).toEqual({ defines: ['lxc.console.path=none'] });
    expect(consoleArgs({ console: '/dev/pts/4', daemonize: true })).toEqual({ defines: ['lxc.console.path=/dev/pts/4'] });
    expect(consoleArgs({ console: '/dev/pts/4', daemonize: false })).toHaveProperty('refused');
    expect(consoleArgs({ console: 'none', daemonize: false })).toHaveProperty('refused');
    expect(consoleArgs({ daemonize: true })).toEqual({ defines: [] });
  });
});
