import { parseMounts } from './copy-mounts';

describe('lxc-copy -m (parseMounts)', () => {
  it('reads bind= as LXC 5.0.2: DEST defaults to SRC without the slash, rw unless ro', () => {
    expect(parseMounts(['bind=/srv/data:/mnt/b:ro', 'bind=/srv/data'])).toEqual({
      binds: [
        { source: '/srv/data', dest: 'mnt/b', readOnly: true },
        { source: '/srv/data', dest: 'srv/data', readOnly: false },
      ],
    });
    expect(parseMounts(['bind=/a:ro,bind=/b:/c'])).toEqual({
      binds: [{ source: '/a', dest: 'a', readOnly: true }, { source: '/b', dest: 'c', readOnly: false }],
    });
  });

  it('normalises paths and takes prefixes of ro/rw the way strncmp does', () => {
    expect(parseMounts(['bind=/x/./y//z/../w:r'])).toEqual({ binds: [{ source: '/x/y/w', dest: 'x/y/w', readOnly: true }] });
    expect(parseMounts(['bind=rel:/m/:rw'])).toEqual({ binds: [{ source: '/rel', dest: 'm', readOnly: false }] });
  });

  it('skips unknown keys, refuses overlay= and malformed binds', () => {
    expect(parseMounts(['other=/x'])).toEqual({ binds: [] });
    expect(parseMounts(['overlay=/x'])).toEqual({ error: expect.stringMatching(/overlay= mounts are not supported/) });
    expect(parseMounts(['bind=/a:/b:xx'])).toEqual({ error: expect.stringMatching(/must be ro or rw/) });
    expect(parseMounts(['bind=/a:/b:ro:x'])).toEqual({ error: expect.stringMatching(/excess elements/) });
  });
});
