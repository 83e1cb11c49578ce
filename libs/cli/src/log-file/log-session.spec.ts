import { chmodSync, lchownSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lxcError } from '../format/lxc-error';
import { activeStderrPolicy, beginLog, endLog, recordLog, recordLxcbusError, stderrPolicyOf } from './log-session';

const LINE = /^lxc-stop c1 \d{14}\.\d{1,3} ERROR    lxc_stop - \.\.\/src\/lxc\/tools\/lxc_stop\.c:main:168 - c1 is not running$/;
const args = (o: { logfile?: string; logpriority?: string; quiet?: boolean; name?: string } = {}) => ({ name: 'c1', lxcpaths: [dir], quiet: false, ...o });
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lxcbus-logfile-'));
  endLog();
});
afterEach(() => {
  endLog();
  rmSync(dir, { recursive: true, force: true });
});

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('the -o log file of one tool run', () => {
  it('creates the file 0660 less the umask, with its parent directories 0755, and appends the raised lines', () => {
    const file = join(dir, 'a/b/run.log');
    expect(beginLog('lxc-stop', args({ logfile: file }))).toBeUndefined();
    lxcError('lxc-stop', 'stopNotRunning', 'c1', dir);
    endLog();
    const umask = process.umask();
    expect(statSync(file).mode & 0o777).toBe(0o660 & ~umask);
    expect(statSync(join(dir, 'a/b')).mode & 0o777).toBe(0o755 & ~umask);
    expect(beginLog('lxc-stop', args({ logfile: file }))).toBeUndefined();
    lxcError('lxc-stop', 'stopNotRunning', 'c1', dir);
    expect(lines(file)).toHaveLength(2);
    for (const l of lines(file)) expect(l).toMatch(LINE);
  });

  it('writes the lines raised before it opened (checks made while parsing), and only those of this run', () => {
    lxcError('lxc-stop', 'stopNotRunning', 'c1', dir);
    endLog();
    lxcError('lxc-stop', 'stopInvalidTimeout', 'c1', dir);
    const file = join(dir, 'run.log');
    beginLog('lxc-stop', args({ logfile: file }));
    expect(lines(file)).toEqual([expect.stringMatching(/ERROR    lxc_stop - \.\.\/src\/lxc\/tools\/lxc_stop\.c:main:117 - Invalid timeout$/)]);
  });

  it('filters by -l: CRIT keeps ERROR out of the file (which is still created) and off stderr; WARN lets WARN in, not INFO', () => {
    const file = join(dir, 'crit.log');
    beginLog('lxc-stop', args({ logfile: file, logpriority: 'CRIT' }));
    expect(lxcError('lxc-stop', 'stopNotRunning', 'c1', dir).stderr).toBe('');
    expect(readFileSync(file, 'utf8')).toBe('');
    endLog();
    beginLog('lxc-stop', args({ logfile: file, logpriority: 'warn' }));
    recordLog({ level: 'WARN', file: '../src/lxc/conf.c', func: 'f', line: 1, message: 'w' });
    recordLog({ level: 'INFO', file: '../src/lxc/conf.c', func: 'f', line: 2, message: 'i' });
    expect(lines(file)).toEqual([expect.stringContaining(' WARN     conf - ../src/lxc/conf.c:f:1 - w')]);
  });

  it('makes -q let the log lines through on stderr once a file is open, as liblxc does', () => {
    expect(lxcError('lxc-stop', 'stopNotRunning', 'c1', dir).quietable).toBe(true);
    beginLog('lxc-stop', args({ logfile: join(dir, 'q.log'), quiet: true }));
    expect(activeStderrPolicy()).toEqual({ ignoresQuiet: true, hidesErrors: false });
    expect(lxcError('lxc-stop', 'stopNotRunning', 'c1', dir).quietable).toBe(false);
    // Plain fprintf() texts are not log lines: unchanged, and not in the file.
    expect(lxcError('lxc-info', 'infoNotFound', 'c1', dir).quietable).toBe(false);
    // The line raised before the file opened waits and is written then: both are there, the fprintf() text is not.
    expect(lines(join(dir, 'q.log'))).toEqual([expect.stringMatching(LINE), expect.stringMatching(LINE)]);
  });

  it('writes no file for -o none and keeps -q as it is', () => {
    beginLog('lxc-stop', args({ logfile: 'none', quiet: true }));
    expect(activeStderrPolicy()?.ignoresQuiet).toBe(false);
    expect(stderrPolicyOf(args({ logfile: 'none' })).ignoresQuiet).toBe(false);
    expect(lxcError('lxc-stop', 'stopNotRunning', 'c1', dir).quietable).toBe(true);
  });

  it('uses <lxcpath>/<name>/<name>.log when only -l is given, and nothing for tools without a name', () => {
    // No such container: no directory is made for it (a deviation, see log-open.ts), no file written.
    beginLog('lxc-stop', args({ logpriority: 'INFO' }));
    expect(activeStderrPolicy()?.ignoresQuiet).toBe(false);
    expect(() => statSync(join(dir, 'c1'))).toThrow();
    endLog();
    mkdirSync(join(dir, 'c1'));
    beginLog('lxc-stop', args({ logpriority: 'INFO' }));
    lxcError('lxc-stop', 'stopNotRunning', 'c1', dir);
    expect(lines(join(dir, 'c1/c1.log'))[0]).toMatch(LINE);
    endLog();
    expect(beginLog('lxc-ls', args({ logpriority: 'INFO', name: '' }))).toBeUndefined();
    expect(activeStderrPolicy()?.ignoresQuiet).toBe(false);
  });

  it('logs bus errors as lxcbus lines, not as invented liblxc positions', () => {
    const file = join(dir, 'bus.log');
    beginLog('lxc-start', args({ logfile: file }));
    recordLxcbusError('NO_RESPONDERS', 'no service answers (NO_RESPONDERS)');
    expect(lines(file)[0]).toMatch(/^lxc-start c1 \S+ ERROR    lxcbus - lxcbus:NO_RESPONDERS:0 - no service answers \(NO_RESPONDERS\)$/);
  });
});

describe('a -o file that cannot be opened', () => {
  it("prints LXC's log.c lines and exits 1; -q silences them", () => {
    mkdirSync(join(dir, 'd'));
    expect(beginLog('lxc-start', args({ logfile: join(dir, 'd') }))).toEqual({
      code: 1,
      stderr: `lxc-start: c1: ../src/lxc/log.c: log_open: 534 Is a directory - Failed to open log file "${dir}/d"\n`
        + 'lxc-start: c1: ../src/lxc/log.c: lxc_log_init: 690 Is a directory - Failed to enable logfile\n',
    });
    expect(beginLog('lxc-start', args({ logfile: join(dir, 'd'), quiet: true }))).toEqual({ code: 1, stderr: '' });
    expect(beginLog('lxc-ls', args({ logfile: '', name: '' }))).toEqual({
      code: 1, stderr: 'lxc-ls: ../src/lxc/log.c: lxc_log_init: 690 Invalid argument - Failed to enable logfile\n',
    });
  });

  it('reports a parent that cannot be made with build_dir\'s three lines', () => {
    writeFileSync(join(dir, 'f'), '');
    chmodSync(dir, 0o755);
    const r = beginLog('lxc-start', args({ logfile: '/proc/nonexist-lxcbus/x' }));
    expect(r?.stderr.split('\n').filter(Boolean).map((l) => l.replace(/ \d+ .*/, ''))).toEqual([
      'lxc-start: c1: ../src/lxc/log.c: build_dir:', 'lxc-start: c1: ../src/lxc/log.c: __lxc_log_set_file:', 'lxc-start: c1: ../src/lxc/log.c: lxc_log_init:',
    ]);
  });
});

describe('symlinks at the -o path', () => {
  it('follows one the caller may follow, as LXC does, appending to its target', () => {
    writeFileSync(join(dir, 'target'), 'keep\n');
    symlinkSync(join(dir, 'target'), join(dir, 'link'));
    expect(beginLog('lxc-stop', args({ logfile: join(dir, 'link') }))).toBeUndefined();
    lxcError('lxc-stop', 'stopNotRunning', 'c1', dir);
    expect(lines(join(dir, 'target'))[0]).toBe('keep');
    expect(lines(join(dir, 'target'))[1]).toMatch(LINE);
    expect(lstatSync(join(dir, 'link')).isSymbolicLink()).toBe(true);
  });

  const asRoot = process.geteuid?.() === 0 ? it : it.skip;
  asRoot('refuses one planted by another user in a sticky world-writable directory (fs.protected_symlinks rule)', () => {
    const sticky = join(dir, 'tmp');
    mkdirSync(sticky);
    chmodSync(sticky, 0o1777);
    writeFileSync(join(dir, 'precious'), 'root only\n');
    symlinkSync(join(dir, 'precious'), join(sticky, 'x.log'));
    lchownSync(join(sticky, 'x.log'), 65534, 65534);
    const r = beginLog('lxc-stop', args({ logfile: join(sticky, 'x.log') }));
    expect(r?.stderr).toContain(`log_open: 534 Permission denied - Failed to open log file "${sticky}/x.log"`);
    expect(readFileSync(join(dir, 'precious'), 'utf8')).toBe('root only\n');
  });

  asRoot('root refuses one another user made anywhere (her container dir holding the default log), unlike LXC', () => {
    const hers = join(dir, 'hers');
    mkdirSync(hers);
    writeFileSync(join(dir, 'precious'), 'root only\n');
    symlinkSync(join(dir, 'precious'), join(hers, 'c.log'));
    lchownSync(join(hers, 'c.log'), 65534, 65534);
    const r = beginLog('lxc-stop', args({ logfile: join(hers, 'c.log') }));
    expect(r?.stderr).toContain(`log_open: 534 Permission denied - Failed to open log file "${hers}/c.log"`);
    expect(readFileSync(join(dir, 'precious'), 'utf8')).toBe('root only\n');
  });
});
