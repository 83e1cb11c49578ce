import { parsePasswd, parseSubidFile, rangesOf } from './subid-file';

const PASSWD = ['root:x:0:0:root:/root:/bin/bash', 'alice:x:1000:1000::/home/alice:/bin/sh', 'alias:x:1000:1000::/home/x:/bin/sh', 'bob:x:1001:100::/home/bob:/bin/sh', 'broken:x:abc:1::/:/bin/sh'].join('\n');

describe('parseSubidFile', () => {
  it('reads owner:start:count lines and ignores what shadow would not parse', () => {
    const text = [
      'root:100000:65536',
      'alice:200000:65536\r',
      '',
      '# comment',
      'bob:300000',
      'bob:300000:65536:extra',
      'bob:-1:10',
      'bob:0x10:10',
      'bob:400000:0',
      ':500000:10',
      'bob:4294967290:10',
      '1001:600000:1000',
    ].join('\n');
    expect(parseSubidFile(text)).toEqual([
      { owner: 'root', start: 100000, count: 65536 },
      { owner: 'alice', start: 200000, count: 65536 },
      { owner: '1001', start: 600000, count: 1000 },
    ]);
  });
});

describe('parsePasswd', () => {
  it('keeps name, uid and gid of well-formed lines', () => {
    expect(parsePasswd(PASSWD).map((p) => p.name)).toEqual(['root', 'alice', 'alias', 'bob']);
    expect(parsePasswd(PASSWD)[3]).toEqual({ name: 'bob', uid: 1001, gid: 100 });
  });
});

describe('rangesOf', () => {
  const passwd = parsePasswd(PASSWD);
  const entries = parseSubidFile(['alice:200000:65536', '1000:300000:10', 'alias:400000:5', 'bob:500000:7', '1001:600000:8', 'carol:700000:9'].join('\n'));

  it('matches by name, by numeric uid and by another account with the same uid, in file order', () => {
    expect(rangesOf('alice', entries, passwd)).toEqual([
      { start: 200000, count: 65536 },
      { start: 300000, count: 10 },
      { start: 400000, count: 5 },
    ]);
    expect(rangesOf('bob', entries, passwd)).toEqual([{ start: 500000, count: 7 }, { start: 600000, count: 8 }]);
  });

  it('matches only by name for an owner missing from passwd, and returns nothing for strangers', () => {
    expect(rangesOf('carol', entries, passwd)).toEqual([{ start: 700000, count: 9 }]);
    expect(rangesOf('dave', entries, passwd)).toEqual([]);
  });
});
