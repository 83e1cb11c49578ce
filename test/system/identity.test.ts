/**
 * Identity on the bus with the whole stack (issue 4, point 5): root makes
 * users with `lxcbus user add`; run as alice (`runuser -u alice`, an empty
 * environment, no flags) the lxc-* tools find her credentials and reach the
 * stack; NATS refuses her anything under another owner's token, and the
 * services refuse another owner's lxcpath under hers. Creating containers as
 * alice needs unprivileged containers (the rest of issue 4): here she lists
 * and is refused.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectWith, refusal } from '../support/bus-identity';
import { BIN, describeSystemUnless, startStack, type RunResult, type Stack } from './support/stack-harness';
import { writeEmptyNetDefaultConfig } from './support/bus-helpers';
import { createUser, removeUser, uniqueName, whyNoUsers, type TestUser } from '../support/test-users';

const NO_USERS = whyNoUsers();
const describeIdentity = describeSystemUnless(NO_USERS);

/** A tool run as `user` with nothing from this process's environment but PATH: what a fresh login shell has. */
function runAs(user: TestUser, tool: string, args: string[], env: string[] = []): RunResult {
  const r = spawnSync('runuser', ['-u', user.name, '--', 'env', '-i', 'PATH=/usr/local/bin:/usr/bin:/bin', ...env, process.execPath, join(BIN, tool), ...args],
    { cwd: '/', timeout: 60_000, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describeIdentity('identity on the bus: users, credentials and refusals', () => {
  let stack: Stack;
  let dir: string;
  let alice: TestUser;
  let bob: TestUser;
  const c1 = `idc${process.pid}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-ident-sys-'));
    stack = await startStack({ defaultConfig: writeEmptyNetDefaultConfig(dir) });
    alice = createUser(uniqueName('alice'));
    bob = createUser(uniqueName('bob'));
    for (const u of [alice, bob]) {
      const r = stack.lxc('lxcbus', ['user', 'add', u.name, '--statedir', stack.stateDir]);
      expect(r.code).toBe(0);
    }
    expect(stack.lxc('lxc-create', ['-t', 'busybox', '-n', c1]).code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    for (const u of [alice, bob]) if (u) removeUser(u.name);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("stores alice's credentials readable only by her", () => {
    const file = join(alice.home, '.config/lxcbus/credentials');
    const st = statSync(file);
    expect({ mode: st.mode & 0o777, uid: st.uid }).toEqual({ mode: 0o600, uid: alice.uid });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ user: alice.name, url: stack.url, host: stack.host });
    expect(runAs(bob, 'lxc-ls', []).code).toBe(0);
    const peek = spawnSync('runuser', ['-u', bob.name, '--', 'cat', file], { encoding: 'utf8' });
    expect(peek.status).not.toBe(0);
    expect(peek.stderr).toContain('Permission denied');
  });

  it('lets alice run lxc-ls without flags: her credentials name the stack', () => {
    const r = runAs(alice, 'lxc-ls', ['-f']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    // Root's container is not hers: her own namespace has no c1.
    const info = runAs(alice, 'lxc-info', ['-n', c1]);
    expect(info.code).toBe(1);
    expect(info.stderr).toContain(`${c1} doesn't exist`);
  });

  it.each([
    ['lxc-ls', [] as string[]],
    ['lxc-info', ['-n']],
    ['lxc-start', ['-n']],
    ['lxc-stop', ['-n']],
    ['lxc-destroy', ['-n']],
    ['lxc-attach', ['-n']],
  ])("refuses %s naming root's lxcpath as alice (FORBIDDEN from the service)", (tool, args) => {
    const r = runAs(alice, tool, [...args, ...(args.length ? [c1] : []), '-P', stack.lxcpath, ...(tool === 'lxc-attach' ? ['--', 'true'] : [])]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`${alice.name} may not use lxcpath ${stack.lxcpath}`);
    expect(existsSync(join(stack.lxcpath, c1, 'config'))).toBe(true);
  });

  it("refuses bob's lxcpath to alice", () => {
    const bobs = join(bob.home, '.local/share/lxc');
    const r = runAs(alice, 'lxc-ls', ['-P', bobs]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${alice.name} may not use lxcpath ${bobs}`);
  });

  it("has NATS refuse alice root's and bob's subjects, even from a program of her own", async () => {
    const creds = JSON.parse(readFileSync(join(alice.home, '.config/lxcbus/credentials'), 'utf8')) as { seed: string; inboxPrefix: string };
    const nc = await connectWith(stack.url, creds);
    try {
      const body = new TextEncoder().encode(JSON.stringify({ name: c1 }));
      expect(await refusal(nc.request(`lxcbus.v1.cmd.${stack.host}.root.start`, body, { timeout: 5_000 }))).toBe('PERMISSIONS_VIOLATION');
      expect(await refusal(nc.request(`lxcbus.v1.cmd.${stack.host}.${bob.name}.ls`, body, { timeout: 5_000 }))).toBe('PERMISSIONS_VIOLATION');
      expect(await refusal(nc.request(`lxcbus.v1.svc.${stack.host}.runtime-executor.ping`, body, { timeout: 5_000 }))).toBe('PERMISSIONS_VIOLATION');
      const denied = await new Promise<string>((done) => {
        const timer = setTimeout(() => done('accepted'), 2_000);
        nc.subscribe(`lxcbus.v1.evt.${stack.host}.root.>`, { callback: (err) => err && (clearTimeout(timer), done(err.code)) });
      });
      expect(denied).toBe('PERMISSIONS_VIOLATION');
    } finally {
      await nc.close().catch(() => undefined);
    }
    expect(stack.lxc('lxc-info', ['-n', c1, '-s']).stdout).toMatch(/STOPPED/);
  });

  it('refuses a user without credentials at the connection', () => {
    expect(stack.lxc('lxcbus', ['user', 'del', bob.name, '--statedir', stack.stateDir]).code).toBe(0);
    // Without a credentials file nothing names the stack either: bob points at it by hand.
    const r = runAs(bob, 'lxc-ls', [], [`LXCBUS_NATS_URL=${stack.url}`, `LXCBUS_HOST=${stack.host}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refused the connection without credentials');
  });

  it("keeps root's CLI working with the services' identity", () => {
    expect(stack.lxc('lxc-ls', ['-1']).stdout.split('\n')).toContain(c1);
  });
});
