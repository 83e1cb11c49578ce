/**
 * Identity on the bus (issue 4, point 5) against the compiled launcher with a
 * real nats-server and state-reporter: the stack runs with auth by default,
 * `lxcbus user add` gives a unix user an nkey scoped to their owner token, and
 * state-reporter refuses another owner's lxcpath. The parts that make users
 * need root; they skip with the reason otherwise.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NatsConnection } from 'nats';
import { connectWith, refusal, type Creds } from '../support/bus-identity';
import { freePort } from '../support/nats-fixture';
import { createUser, removeUser, uniqueName, whyNoUsers, type TestUser } from '../support/test-users';

const REPO = resolve(__dirname, '../..');
const STACK_JS = join(REPO, 'dist/libs/stack/src/index.js');
const LXCBUS = join(REPO, 'bin/lxcbus');
const NATS_BIN = process.env.NATS_SERVER_BIN || (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');

function skipReason(): string | null {
  if (!existsSync(STACK_JS) || !existsSync(join(REPO, 'dist/services/state-reporter/src/main.js'))) return 'not built (npm run build:ts)';
  if (spawnSync(NATS_BIN, ['--version']).error) return `${NATS_BIN} not found (apt-get install nats-server)`;
  return null;
}
const SKIP = skipReason();
if (SKIP) console.warn(`test/service/identity.test.ts skipped: ${SKIP}`);
const NO_USERS = SKIP ?? whyNoUsers();
if (!SKIP && NO_USERS) console.warn(`test/service/identity.test.ts: user tests skipped: ${NO_USERS}`);
const describeStack = SKIP ? describe.skip : describe;
const describeUsers = NO_USERS ? describe.skip : describe;

const enc = new TextEncoder();
const dec = new TextDecoder();


function lxcbus(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [LXCBUS, ...args], { timeout: 30_000 });
  return { code: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

async function ask(nc: NatsConnection, subject: string, body: unknown): Promise<Record<string, any>> {
  const m = await nc.request(subject, enc.encode(JSON.stringify(body)), { timeout: 5_000 });
  return JSON.parse(dec.decode(m.data));
}

/** Subscribes and reports the permissions error NATS sends back for it (or 'accepted' after a flush and a pause). */
async function subscribeRefusal(nc: NatsConnection, subject: string): Promise<string> {
  return new Promise((done) => {
    const timer = setTimeout(() => done('accepted'), 1_500);
    nc.subscribe(subject, { callback: (err) => err && (clearTimeout(timer), done(err.code)) });
    void nc.flush().catch(() => undefined);
  });
}

describeStack('bus identity: a stack with auth', () => {
  let root: string;
  let statedir: string;
  let url: string;
  let host: string;
  let proc: ChildProcess;
  let services: Creds;
  let alice: TestUser | null = null;
  let bob: TestUser | null = null;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'lxcbus-ident-'));
    const port = await freePort();
    host = `id${process.pid}`;
    url = `nats://127.0.0.1:${port}`;
    statedir = join(root, 'state');
    const args = ['up', '--port', String(port), '--host', host, '--lxcpath', join(root, 'lxc'), '--rundir', join(root, 'run'),
      '--statedir', statedir, '--cachedir', join(root, 'cache'), '--services', 'state-reporter', '--log-level', 'warn'];
    proc = spawn(process.execPath, [LXCBUS, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((ready, fail) => {
      const onData = (d: Buffer) => ((out += d.toString()), /lxcbus ready/.test(out) && ready());
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      proc.once('exit', (code) => fail(new Error(`lxcbus up exited ${code}: ${out}`)));
    });
    services = JSON.parse(readFileSync(join(statedir, 'auth', 'services.creds'), 'utf8'));
  }, 60_000);

  afterAll(async () => {
    if (proc?.exitCode === null) {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
    for (const u of [alice, bob]) if (u) removeUser(u.name);
    rmSync(root, { recursive: true, force: true });
  }, 30_000);

  it('keeps the services identity readable by root only and refuses a connection without credentials', async () => {
    expect(statSync(join(statedir, 'auth', 'services.creds')).mode & 0o777).toBe(0o600);
    expect(services).toMatchObject({ version: 1, user: 'lxcbus-services', url, host });
    expect(readFileSync(join(statedir, 'nats-server.conf'), 'utf8')).toContain('include "auth.conf"');
    expect(await refusal(connectWith(url, null))).toBe('AUTHORIZATION_VIOLATION');
    const nc = await connectWith(url, services);
    try {
      expect(await ask(nc, `lxcbus.v1.svc.${host}.state-reporter.ping`, {})).toMatchObject({ ok: true });
    } finally {
      await nc.close();
    }
  });

  it('answers lxcbus status with the services identity', () => {
    const r = lxcbus(['status', '--statedir', statedir]);
    expect(r.stdout).toMatch(/^state-reporter\s+up\s+pid \d+/m);
  });

  describeUsers('users made by lxcbus user add', () => {
    let aliceCreds: Creds;
    let bobCreds: Creds;

    beforeAll(() => {
      alice = createUser(uniqueName('alice'));
      bob = createUser(uniqueName('bob'));
      for (const u of [alice, bob]) {
        const r = lxcbus(['user', 'add', u.name, '--statedir', statedir]);
        expect(r).toMatchObject({ code: 0, stderr: '' });
        expect(r.stdout).toContain(`${u.name}: credentials in ${u.home}/.config/lxcbus/credentials (mode 0600, owner ${u.name})`);
      }
      aliceCreds = JSON.parse(readFileSync(join(alice.home, '.config/lxcbus/credentials'), 'utf8'));
      bobCreds = JSON.parse(readFileSync(join(bob.home, '.config/lxcbus/credentials'), 'utf8'));
    }, 60_000);

    it('stores the credentials mode 0600, owned by the user, naming this stack and the user\'s inbox', () => {
      const a = alice as TestUser;
      const st = statSync(join(a.home, '.config/lxcbus/credentials'));
      expect({ mode: st.mode & 0o777, uid: st.uid, gid: st.gid }).toEqual({ mode: 0o600, uid: a.uid, gid: a.gid });
      expect(statSync(join(a.home, '.config/lxcbus')).mode & 0o777).toBe(0o700);
      expect(aliceCreds).toMatchObject({ version: 1, user: a.name, url, host, inboxPrefix: `_INBOX_${a.name}` });
      expect(lxcbus(['user', 'list', '--statedir', statedir]).stdout).toMatch(new RegExp(`^${a.name}\\s+U[A-Z2-7]{55} `, 'm'));
    });

    it('lets alice ask for her own containers, and nothing of bob\'s, root\'s or the services\'', async () => {
      const a = (alice as TestUser).name;
      const b = (bob as TestUser).name;
      const nc = await connectWith(url, aliceCreds);
      try {
        expect(await ask(nc, `lxcbus.v1.cmd.${host}.${a}.ls`, {})).toEqual({ ok: true, containers: [] });
        expect(await refusal(ask(nc, `lxcbus.v1.cmd.${host}.${b}.ls`, {}))).toBe('PERMISSIONS_VIOLATION');
        expect(await refusal(ask(nc, `lxcbus.v1.cmd.${host}.root.ls`, {}))).toBe('PERMISSIONS_VIOLATION');
        expect(await refusal(ask(nc, `lxcbus.v1.svc.${host}.state-reporter.ping`, {}))).toBe('PERMISSIONS_VIOLATION');
        expect(await refusal(ask(nc, '$JS.API.INFO', {}))).toBe('PERMISSIONS_VIOLATION');
        expect(await subscribeRefusal(nc, `lxcbus.v1.evt.${host}.${b}.>`)).toBe('PERMISSIONS_VIOLATION');
        expect(await subscribeRefusal(nc, `lxcbus.v1.evt.${host}.root.>`)).toBe('PERMISSIONS_VIOLATION');
        expect(await subscribeRefusal(nc, `_INBOX_${b}.>`)).toBe('PERMISSIONS_VIOLATION');
        expect(await subscribeRefusal(nc, `lxcbus.v1.evt.${host}.${a}.>`)).toBe('accepted');
      } finally {
        await nc.close().catch(() => undefined);
      }
    });

    it('refuses replies on the shared _INBOX prefix: a user cannot read other users\' replies', async () => {
      const nc = await connectWith(url, aliceCreds, { inboxPrefix: '_INBOX' });
      try {
        expect(await refusal(ask(nc, `lxcbus.v1.cmd.${host}.${(alice as TestUser).name}.ls`, {}))).toBe('PERMISSIONS_VIOLATION');
      } finally {
        await nc.close().catch(() => undefined);
      }
    });

    it('answers FORBIDDEN when alice names bob\'s or root\'s lxcpath under her own token', async () => {
      const a = alice as TestUser;
      const b = bob as TestUser;
      mkdirSync(join(b.home, '.local/share/lxc'), { recursive: true });
      spawnSync('chown', ['-R', `${b.name}:`, join(b.home, '.local')]);
      const nc = await connectWith(url, aliceCreds);
      try {
        const subject = `lxcbus.v1.cmd.${host}.${a.name}`;
        for (const lxcpath of [join(b.home, '.local/share/lxc'), join(root, 'lxc'), '/var/lib/lxc']) {
          const r = await ask(nc, `${subject}.ls`, { lxcpath });
          expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
          expect(r.error.message).toContain(`${a.name} may not use lxcpath ${lxcpath}`);
        }
        const info = await ask(nc, `${subject}.info`, { name: 'c1', lxcpath: join(b.home, '.local/share/lxc') });
        expect(info).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
        expect(await ask(nc, `${subject}.ls`, { lxcpath: join(a.home, '.local/share/lxc') })).toEqual({ ok: true, containers: [] });
      } finally {
        await nc.close().catch(() => undefined);
      }
    });

    it('revokes bob with user del: his key is refused, his open connection closed and his file gone', async () => {
      const b = bob as TestUser;
      const open = await connectWith(url, bobCreds);
      const r = lxcbus(['user', 'del', b.name, '--statedir', statedir]);
      expect(r).toMatchObject({ code: 0 });
      expect(existsSync(join(b.home, '.config/lxcbus/credentials'))).toBe(false);
      const deadline = Date.now() + 5_000;
      let outcome = '';
      while (Date.now() < deadline && (outcome = await refusal(connectWith(url, bobCreds).then((nc) => nc.close()))) !== 'AUTHORIZATION_VIOLATION') {
        await new Promise((res) => setTimeout(res, 100));
      }
      expect(outcome).toBe('AUTHORIZATION_VIOLATION');
      await Promise.race([open.closed(), new Promise((res) => setTimeout(res, 5_000))]);
      expect(open.isClosed()).toBe(true);
      expect(lxcbus(['user', 'list', '--statedir', statedir]).stdout).not.toContain(b.name);
    });

    it('refuses unknown users and bad names', () => {
      expect(lxcbus(['user', 'add', 'nosuchuser-lxcbus', '--statedir', statedir]))
        .toMatchObject({ code: 1, stderr: expect.stringContaining('no unix user nosuchuser-lxcbus') });
      expect(lxcbus(['user', 'add', 'a.b', '--statedir', statedir])).toMatchObject({ code: 1, stderr: expect.stringContaining('cannot be an owner token') });
    });
  });
});
