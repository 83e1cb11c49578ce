import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newUserKey, publicKeyOf } from '@lxcbus/bus-client';
import { ensureServicesCreds, readUsers, renderAuthConfig, servicesCredsPath, writeAuthConfig, writeUsers } from './auth-store';

describe('auth store', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lxcbus-auth-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const at = { url: 'nats://127.0.0.1:4333', host: 'lab', lxcpath: '/srv/lxc' };

  it('keeps the services key across restarts, readable by root only, pointing at the current endpoint', () => {
    const first = ensureServicesCreds(dir, at);
    const again = ensureServicesCreds(dir, { ...at, url: 'nats://127.0.0.1:5000' });
    expect(again.seed).toBe(first.seed);
    expect(again.url).toBe('nats://127.0.0.1:5000');
    expect(statSync(servicesCredsPath(dir)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'auth')).mode & 0o777).toBe(0o700);
  });

  it('renders the services with every permission and each user scoped to their owner token', () => {
    const text = renderAuthConfig('USVC', { alice: { publicKey: 'UALICE', credsFile: '/x', createdAt: 't' } });
    expect(text).toContain('{ nkey: "USVC" }');
    expect(text).toContain('{ nkey: "UALICE", permissions: { publish: { allow: ["lxcbus.v1.cmd.*.alice.>", "lxcbus.v1.io.*.alice.>"] }, ' +
      'subscribe: { allow: ["lxcbus.v1.evt.*.alice.>", "lxcbus.v1.io.*.alice.>", "_INBOX_alice.>"] } } }');
  });

  it('writes auth.conf from users.json once the services have an identity', () => {
    expect(writeAuthConfig(dir)).toBe(false);
    const svc = ensureServicesCreds(dir, at);
    const bob = newUserKey();
    writeUsers(dir, { version: 1, users: { bob: { publicKey: bob.publicKey, credsFile: '/home/bob/c', createdAt: 'now' } } });
    expect(readUsers(dir).users.bob.publicKey).toBe(bob.publicKey);
    expect(writeAuthConfig(dir)).toBe(true);
    const conf = readFileSync(join(dir, 'auth.conf'), 'utf8');
    expect(conf).toContain(publicKeyOf(svc.seed));
    expect(conf).toContain(bob.publicKey);
    expect(conf).not.toContain(svc.seed);
  });
});
