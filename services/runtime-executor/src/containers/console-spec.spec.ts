import { parseConfig } from '@lxcbus/lxc-config';
import { ConfigInvalidError, UnsupportedError } from '@lxcbus/contracts';
import { locate } from './container-ref';
import { consoleLogSize, consoleSpec } from './console-spec';

const settings = { lxcpath: '/var/lib/lxc', runRoot: '/run/lxcbus', cgroupRoot: '/sys/fs/cgroup', templateConfigDir: '/usr/share/lxc/config' };
const loc = locate(settings, 'h1', 'root', 'c1');
const daemon = { execute: false, foreground: false };
const conf = (...lines: string[]) => parseConfig(lines.join('\n'));

describe('consoleLogSize (LXC 5.0.2, measured with lxc-info -c lxc.console.size)', () => {
  it.each([
    ['', 0], ['0', 4096], ['1', 4096], ['4096', 4096], ['5000', 8192], ['1kB', 4096], ['8KB', 8192], ['12 kB', 16384],
    ['1MB', 1048576], ['1mb', 1048576], ['1GB', 1073741824], ['2G', 4096], ['1B', 4096], ['2x', 4096], ['auto', 131072],
  ])('%j -> %d', (value, bytes) => {
    expect(consoleLogSize(value)).toBe(bytes);
  });

  it.each(['abc', '2XY', '1TB', '-5'])('%j is refused as LXC fails to load it', (value) => {
    expect(() => consoleLogSize(value)).toThrow(ConfigInvalidError);
  });
});

describe('consoleSpec', () => {
  it('nothing set: no console keys at all', () => {
    expect(consoleSpec(conf(), loc, daemon)).toEqual({});
  });

  it('lxc.console.logfile with size and rotate, opened with root\'s rights for a root container', () => {
    const spec = consoleSpec(conf('lxc.console.logfile = /tmp/c.log', 'lxc.console.size = 5000', 'lxc.console.rotate = 1'), loc, daemon);
    expect(spec).toEqual({ consoleLog: { path: '/tmp/c.log', size: 8192, rotate: true }, consoleOwner: { uid: 0, gid: 0 } });
  });

  it('an ordinary user\'s container: the file is opened with that user\'s uid/gid', () => {
    const user = { ...loc, owner: 'nobody' };
    const spec = consoleSpec(conf('lxc.console.logfile = /tmp/c.log'), user, daemon);
    expect(spec).toEqual({ consoleLog: { path: '/tmp/c.log', size: 0, rotate: false }, consoleOwner: { uid: 65534, gid: 65534 } });
  });

  it('lxc.console.path = none: no console and no log, as LXC sets up no terminal', () => {
    expect(consoleSpec(conf('lxc.console.path = none', 'lxc.console.logfile = /tmp/c.log'), loc, daemon)).toEqual({ consoleNone: true });
  });

  it('refuses what it does not do instead of ignoring it', () => {
    expect(() => consoleSpec(conf('lxc.console.path = /dev/pts/3'), loc, { execute: false, foreground: true })).toThrow(UnsupportedError);
    expect(() => consoleSpec(conf('lxc.console.path = pts/3'), loc, daemon)).toThrow(ConfigInvalidError);
    expect(() => consoleSpec(conf('lxc.console.buffer.size = auto'), loc, daemon)).toThrow(UnsupportedError);
    expect(() => consoleSpec(conf('lxc.console.path = none'), loc, { execute: false, foreground: true })).toThrow(UnsupportedError);
    expect(() => consoleSpec(conf('lxc.console.logfile = /tmp/x'), loc, { execute: true, foreground: false })).toThrow(UnsupportedError);
    expect(() => consoleSpec(conf('lxc.console.logfile = rel.log'), loc, daemon)).toThrow(ConfigInvalidError);
  });

  it('lxc.console.path = a host terminal: the shim\'s console peer, opened with the owner\'s ids', () => {
    expect(consoleSpec(conf('lxc.console.path = /dev/pts/3'), loc, daemon)).toEqual({ consolePeer: '/dev/pts/3', consoleOwner: { uid: 0, gid: 0 } });
  });

  it('lxc.console.buffer.size = 0 is no ring buffer, accepted', () => {
    expect(consoleSpec(conf('lxc.console.buffer.size = 0'), loc, daemon)).toEqual({});
  });
});
