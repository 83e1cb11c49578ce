import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeUsers } from './auth-store';
import { runUserCommand, USER_USAGE } from './user-commands';

function recorder() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) }, out, err };
}

describe('lxcbus user', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lxcbus-user-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the usage for --help and after a usage error', async () => {
    const h = recorder();
    expect(await runUserCommand(['--help'], h.io)).toBe(0);
    expect(h.out).toEqual([USER_USAGE]);
    for (const argv of [[], ['frob'], ['add'], ['add', 'a', 'b'], ['list', 'x'], ['add', 'alice', '--bogus'], ['add', 'alice', '--statedir']]) {
      const r = recorder();
      expect(await runUserCommand(argv, r.io)).toBe(1);
      expect(r.err[r.err.length - 1]).toBe(USER_USAGE);
    }
  });

  it('lists the users of a state dir, sorted', async () => {
    writeUsers(dir, { version: 1, users: {
      bob: { publicKey: 'UBOB', credsFile: '/home/bob/.config/lxcbus/credentials', createdAt: 't2' },
      alice: { publicKey: 'UALICE', credsFile: '/home/alice/.config/lxcbus/credentials', createdAt: 't1' },
    } });
    const r = recorder();
    expect(await runUserCommand(['list', `--statedir=${dir}`], r.io)).toBe(0);
    expect(r.out.map((l) => l.split(/\s+/)[0])).toEqual(['alice', 'bob']);
  });

  it('refuses a name that cannot be an owner token before touching anything', async () => {
    const r = recorder();
    expect(await runUserCommand(['add', 'a.b', '--statedir', dir], r.io)).toBe(1);
    expect(r.err[0]).toMatch(process.getuid?.() === 0 ? /cannot be an owner token/ : /must be run as root/);
  });

  it('says which user has no credentials on del', async () => {
    const r = recorder();
    expect(await runUserCommand(['del', 'nobody-here', '--statedir', dir], r.io)).toBe(1);
    expect(r.err[0]).toMatch(process.getuid?.() === 0 ? /nobody-here has no credentials on the stack of/ : /must be run as root/);
  });
});
