import { consoleSpecLines, validateConsole } from './console-log-spec';
import { InvalidArgumentError } from './errors';

const log = { path: '/var/log/c1.console', size: 8192, rotate: true };
const consoleOwner = { uid: 1000, gid: 1000 };

describe('console spec keys', () => {
  it('writes the keys the shim reads (console-file.h, console-peer.h)', () => {
    expect(consoleSpecLines({ consoleLog: log, consolePeer: '/dev/pts/7', consoleOwner })).toEqual([
      ['console.logfile', '/var/log/c1.console'], ['console.logfile.size', 8192], ['console.logfile.rotate', 1],
      ['console.peer', '/dev/pts/7'], ['console.uid', 1000], ['console.gid', 1000],
    ]);
    expect(consoleSpecLines({ consoleNone: true })).toEqual([['console.none', 1]]);
    expect(consoleSpecLines({})).toEqual([]);
  });

  it('validates paths, sizes and ids; a file or a terminal without the owner\'s ids is refused', () => {
    expect(() => validateConsole({ consoleLog: log, consoleOwner })).not.toThrow();
    expect(() => validateConsole({ consolePeer: '/dev/pts/1', consoleOwner })).not.toThrow();
    expect(() => validateConsole({ consoleLog: log })).toThrow(InvalidArgumentError);
    expect(() => validateConsole({ consolePeer: 'pts/1', consoleOwner })).toThrow(InvalidArgumentError);
    for (const bad of [{ path: 'rel' }, { path: '/a\nb' }, { size: -1 }, { size: 1.5 }, { rotate: 1 }]) {
      expect(() => validateConsole({ consoleLog: { ...log, ...bad } as never, consoleOwner })).toThrow(InvalidArgumentError);
    }
    for (const bad of [{ uid: -1, gid: 0 }, { uid: 0, gid: 2 ** 31 }]) {
      expect(() => validateConsole({ consoleLog: log, consoleOwner: bad })).toThrow(InvalidArgumentError);
    }
  });
});
