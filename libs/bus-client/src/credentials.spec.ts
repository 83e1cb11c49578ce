import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busSettingsFromEnv } from './bus-settings';
import { natsConnectionOptions } from './connect';
import {
  CREDENTIALS_DEFAULTS, discoverCredentialsFile, loadCredentials, newUserKey, parseCredentials, publicKeyOf, renderCredentials,
  userCredentialsPath,
} from './credentials';

describe('credentials files', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'lxcbus-creds-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips, and the public key derives from the seed', () => {
    const key = newUserKey();
    expect(key.publicKey).toMatch(/^U[A-Z2-7]{55}$/);
    expect(publicKeyOf(key.seed)).toBe(key.publicKey);
    const c = { version: 1 as const, user: 'alice', url: 'nats://127.0.0.1:4333', host: 'lab', seed: key.seed, inboxPrefix: '_INBOX_alice' };
    expect(parseCredentials(renderCredentials(c), 'x')).toEqual(c);
  });

  it('names the file when it is not one', () => {
    expect(() => parseCredentials('nope', '/x')).toThrow('/x: not an lxcbus credentials file');
    expect(() => parseCredentials('{"version":1}', '/x')).toThrow('/x: needs version 1, user, url, host and seed');
  });

  it('gives the CLI url, host, lxcpath and inbox prefix from the file; the environment still wins', () => {
    const file = join(dir, 'alice.creds');
    writeFileSync(file, renderCredentials({ version: 1, user: 'alice', url: 'nats://127.0.0.1:4333', host: 'lab', seed: newUserKey().seed, inboxPrefix: '_INBOX_alice' }));
    const s = busSettingsFromEnv({ LXCBUS_CREDS: file });
    expect(s).toMatchObject({ natsUrl: 'nats://127.0.0.1:4333', host: 'lab', credsFile: file, inboxPrefix: '_INBOX_alice' });
    expect(busSettingsFromEnv({ LXCBUS_CREDS: file, LXCBUS_HOST: 'other' }).host).toBe('other');
    const o = natsConnectionOptions(s, { name: 't' });
    expect(o.inboxPrefix).toBe('_INBOX_alice');
    expect(typeof o.authenticator).toBe('function');
    expect(loadCredentials(file).kind).toBe('lxcbus');
  });

  it("finds the user's own file, and root's fallback only for root", () => {
    const home = join(dir, 'home');
    const own = userCredentialsPath(home);
    expect(discoverCredentialsFile(home, 1001, (p) => p === own)).toBe(own);
    expect(discoverCredentialsFile(home, 1001, (p) => p === CREDENTIALS_DEFAULTS.rootFallbackFile)).toBeNull();
    expect(discoverCredentialsFile(home, 0, (p) => p === CREDENTIALS_DEFAULTS.rootFallbackFile)).toBe(CREDENTIALS_DEFAULTS.rootFallbackFile);
    expect(busSettingsFromEnv({}, { discover: { home, uid: 1001 } }).credsFile).toBeUndefined();
  });

  it("falls back, for an ordinary user, to her own rootless stack's identity, after her own file", () => {
    const home = join(dir, 'home');
    const own = userCredentialsPath(home);
    const rootless = join(home, CREDENTIALS_DEFAULTS.rootlessStackFile);
    expect(discoverCredentialsFile(home, 1001, (p) => p === rootless)).toBe(rootless);
    expect(discoverCredentialsFile(home, 1001, (p) => p === rootless || p === own)).toBe(own);
    expect(discoverCredentialsFile(home, 0, (p) => p === rootless)).toBeNull();
  });
});
