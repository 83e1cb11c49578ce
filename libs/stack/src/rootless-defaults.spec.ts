import { defaultDirs } from './rootless-defaults';

describe('default directories', () => {
  it("root's are LXC's and the FHS's", () => {
    expect(defaultDirs({ uid: 0, home: '/root', env: {} })).toEqual({ lxcpath: '/var/lib/lxc', rundir: '/run/lxcbus', statedir: '/var/lib/lxcbus', cachedir: '/var/cache/lxcbus' });
  });

  it("an ordinary user's are her XDG dirs, lxcpath LXC's unprivileged one", () => {
    expect(defaultDirs({ uid: 1001, home: '/home/alice', env: {} })).toEqual({
      lxcpath: '/home/alice/.local/share/lxc', rundir: '/home/alice/.cache/run/lxcbus',
      statedir: '/home/alice/.local/state/lxcbus', cachedir: '/home/alice/.cache/lxcbus',
    });
    const env = { XDG_RUNTIME_DIR: '/run/user/1001', XDG_STATE_HOME: '/srv/state', XDG_CACHE_HOME: 'relative/ignored', XDG_DATA_HOME: '/elsewhere' };
    expect(defaultDirs({ uid: 1001, home: '/home/alice', env })).toEqual({
      lxcpath: '/home/alice/.local/share/lxc', rundir: '/run/user/1001/lxcbus', statedir: '/srv/state/lxcbus', cachedir: '/home/alice/.cache/lxcbus',
    });
  });
});
