import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beginLog, endLog } from '../log-file/log-session';
import type { ToolIo } from './command';
import { requestedLog, site } from './requested-log';

let dir: string;
let err: string;
const io = { stderr: { write: (t: string) => { err += t; return true; } } } as unknown as ToolIo;
const common = (o: { logfile?: string; logpriority?: string; quiet?: boolean }) => ({ name: 'm', lxcpaths: [dir], argv: [], quiet: false, ...o });
const NOT_DEFINED = site('tools/lxc_copy.c', 'main', 218, 'Container m is not defined');
const STDERR = 'lxc-copy: m: ../src/lxc/tools/lxc_copy.c: main: 218 Container m is not defined\n';

beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'lxcbus-reqlog-')); err = ''; endLog(); });
afterEach(() => { endLog(); rmSync(dir, { recursive: true, force: true }); });

function run(o: { logfile?: string; logpriority?: string; quiet?: boolean }): void {
  const a = common(o);
  expect(beginLog('lxc-copy', a)).toBeUndefined();
  requestedLog('lxc-copy', a, io)([NOT_DEFINED, { message: 'no position known' }]);
}

describe('lxc-copy/lxc-snapshot/lxc-autostart lines once -o/-l is given (5.0.2)', () => {
  it('stay silent without -o/-l', () => {
    run({});
    expect(err).toBe('');
  });

  it('go to stderr even with -q when a file is open, and to the file', () => {
    const file = join(dir, 'copy.log');
    run({ logfile: file, quiet: true });
    expect(err).toBe(`${STDERR}lxc-copy: m: no position known\n`);
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(lines[0]).toMatch(/^lxc-copy m \S+ ERROR    lxc_copy - \.\.\/src\/lxc\/tools\/lxc_copy\.c:main:218 - Container m is not defined$/);
    expect(lines[1]).toMatch(/^lxc-copy m \S+ ERROR    lxcbus - lxcbus:main:0 - no position known$/);
  });

  it('obey -q with -o none (no file: liblxc keeps its quiet stderr), print without -q', () => {
    run({ logfile: 'none', quiet: true });
    expect(err).toBe('');
    endLog();
    run({ logfile: 'none' });
    expect(err).toBe(`${STDERR}lxc-copy: m: no position known\n`);
  });

  it('disappear with -l CRIT', () => {
    run({ logfile: join(dir, 'crit.log'), logpriority: 'CRIT' });
    expect(err).toBe('');
    expect(readFileSync(join(dir, 'crit.log'), 'utf8')).toBe('');
  });
});
