import { parseConfig } from '@lxcbus/lxc-config';
import { ForbiddenError } from '@lxcbus/contracts';
import { startHooks } from './start-hooks';

describe('startHooks', () => {
  it('hands every start and stop hook to the shim by type, in config order; not clone or destroy', () => {
    const config = parseConfig([
      'lxc.hook.pre-start = /a one', 'lxc.hook.mount = /m', 'lxc.hook.pre-start = /b', 'lxc.hook.post-stop = /p',
      'lxc.hook.clone = /usr/share/lxc/hooks/clonehostname', 'lxc.hook.destroy = /d', 'lxc.hook.start-host = /sh',
    ].join('\n'));
    expect(startHooks(config)).toEqual({ hooks: { 'pre-start': ['/a one', '/b'], mount: ['/m'], 'start-host': ['/sh'], 'post-stop': ['/p'] } });
  });

  it('an empty value clears the list, as in LXC', () => {
    expect(startHooks(parseConfig('lxc.hook.mount = /m\nlxc.hook.mount =\n')).hooks).toEqual({});
  });

  it('lxc.hook.version 1 is passed on', () => {
    expect(startHooks(parseConfig('lxc.hook.version = 1'))).toEqual({ hooks: {}, hookVersion: 1 });
    expect(startHooks(parseConfig('lxc.hook.version = 0'))).toEqual({ hooks: {} });
  });

  it('acting for another owner: her host-side hooks run as her; none to run, nothing to look up', () => {
    expect(startHooks(parseConfig('lxc.hook.post-stop = /p'), 'nobody').hookUser).toEqual({ uid: 65534, gid: 65534 });
    expect(startHooks(parseConfig('lxc.hook.mount = /m'), 'nobody').hookUser).toBeUndefined();
    expect(startHooks(parseConfig('lxc.hook.mount = /m'), 'no-such-user-x').hookUser).toBeUndefined();
    expect(() => startHooks(parseConfig('lxc.hook.pre-start = /a'), 'no-such-user-x')).toThrow(ForbiddenError);
  });
});
