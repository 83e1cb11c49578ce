import { parseMounts } from './copy-mounts';

describe('lxc-copy -m (parseMounts)', () => {
  it('reads bind= as LXC 5.0.2: DEST defaults to SRC without the slash, rw unless ro', () => {
    expect(parseMounts(['bind=/srv/data:/mnt/b:ro', 'bind=/srv/data'])).toEqual({
      mounts: [
        { type: 'bind', source: '/srv/data', dest: 'mnt/b', readOnly: true },
        { type: 'bind', source: '/srv/data', dest: 'srv/data', readOnly: false },
      ],
    });
    expect(parseMounts(['bind=/a:ro,bind=/b:/c'])).toEqual({
      mounts: [{ type: 'bind', source: '/a', dest: 'a', readOnly: true }, { type: 'bind', source: '/b', dest: 'c', readOnly: false }],
    });
  });

  it('normalises paths and takes prefixes of ro/rw the way strncmp does', () => {
    expect(parseMounts(['bind=/x/./y//z/../w:r'])).toEqual({ mounts: [{ type: 'bind', source: '/x/y/w', dest: 'x/y/w', readOnly: true }] });
    expect(parseMounts(['bind=rel:/m/:rw'])).toEqual({ mounts: [{ type: 'bind', source: '/rel', dest: 'm', readOnly: false }] });
  });

  it('reads overlay=SRC[:DEST] in order with the binds', () => {
    expect(parseMounts(['overlay=/srv/o:/mnt/o,bind=/b', 'overlay=/x'])).toEqual({
      mounts: [
        { type: 'overlay', source: '/srv/o', dest: 'mnt/o', readOnly: false },
        { type: 'bind', source: '/b', dest: 'b', readOnly: false },
        { type: 'overlay', source: '/x', dest: 'x', readOnly: false },
      ],
    });
  });

  it('skips unknown keys and refuses malformed specifications', () => {
    expect(parseMounts(['other=/x'])).toEqual({ mounts: [] });
    expect(parseMounts(['overlay=/x:/y:/z'])).toEqual({ error: expect.stringMatching(/excess elements/) });
    expect(parseMounts(['bind=/a:/b:xx'])).toEqual({ error: expect.stringMatching(/must be ro or rw/) });
    expect(parseMounts(['bind=/a:/b:ro:x'])).toEqual({ error: expect.stringMatching(/excess elements/) });
  });
});
