import { consoleSpecLines, validateConsole } from './console-log-spec';
import { InvalidArgumentError } from './errors';

const log = { path: '/var/log/c1.console', size: 8192, rotate: true, uid: 1000, gid: 1000 };

describe('console spec keys', () => {
  it('writes the log file keys the shim reads (console-file.h) and none', () => {
    expect(consoleSpecLines({ consoleLog: log })).toEqual([
      ['console.logfile', '/var/log/c1.console'], ['console.logfile.size', 8192], ['console.logfile.rotate', 1],
      ['console.logfile.uid', 1000], ['console.logfile.gid', 1000],
    ]);
    expect(consoleSpecLines({ consoleNone: true })).toEqual([['console.none', 1]]);
    expect(consoleSpecLines({})).toEqual([]);
  });

  it('validates paths, sizes and ids', () => {
    expect(() => validateConsole({ consoleLog: log })).not.toThrow();
    for (const bad of [{ path: 'rel' }, { path: '/a\nb' }, { size: -1 }, { size: 1.5 }, { uid: -1 }, { gid: 2 ** 31 }, { rotate: 1 }]) {
      expect(() => validateConsole({ consoleLog: { ...log, ...bad } as never })).toThrow(InvalidArgumentError);
    }
  });
});
