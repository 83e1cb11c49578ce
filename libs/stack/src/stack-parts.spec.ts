import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nextBackoffMs } from './restart-backoff';
import { formatUptime } from './service-ping';
import { serviceEnv } from './child-specs';
import { acquirePidLock } from './stack-lock';
import { StackRunningError } from './stack-errors';
import { readyLine } from './embedded-stack';
import type { UpOptions } from './stack-options';

const opts: UpOptions = {
  port: 14222, host: 'h1', lxcpath: '/srv/lxc', rundir: '/tmp/run', statedir: '/tmp/state', cachedir: '/tmp/cache',
  services: ['state-reporter'], logLevel: 'warn', detach: false, auth: false,
};

describe('nextBackoffMs', () => {
  const policy = { minMs: 500, maxMs: 4_000, resetAfterMs: 60_000 };
  it('doubles up to the maximum while a service keeps crashing', () => {
    const seq: number[] = [];
    let prev: number | null = null;
    for (let i = 0; i < 6; i++) seq.push((prev = nextBackoffMs(prev, 1_000, policy)));
    expect(seq).toEqual([500, 1_000, 2_000, 4_000, 4_000, 4_000]);
  });
  it('starts over after a long healthy run', () => {
    expect(nextBackoffMs(4_000, 60_000, policy)).toBe(500);
  });
});

describe('formatUptime', () => {
  it.each([[999, '0s'], [12_000, '12s'], [192_000, '3m12s'], [7_500_000, '2h5m'], [90_000_000, '1d1h']])('%d ms is %s', (ms, text) => {
    expect(formatUptime(ms)).toBe(text);
  });
});

describe('serviceEnv', () => {
  it('points services at this stack and drops the caller\'s credentials', () => {
    const env = serviceEnv(opts, { PATH: '/bin', LXCBUS_CREDS: '/root/fleet.creds', LXCBUS_NATS_URL: 'nats://elsewhere:4222' });
    expect(env).toEqual({
      PATH: '/bin', LXCBUS_NATS_URL: 'nats://127.0.0.1:14222', LXCBUS_HOST: 'h1', LXCBUS_LXCPATH: '/srv/lxc',
      LXCBUS_RUNDIR: '/tmp/run', LXCBUS_STATEDIR: '/tmp/state', LXCBUS_CACHEDIR: '/tmp/cache', LXCBUS_LOG_LEVEL: 'warn',
      LXCBUS_JS_REPLICAS: '1',
    });
  });

  it('passes --default-config as LXCBUS_DEFAULT_CONFIG, over the caller\'s', () => {
    expect(serviceEnv({ ...opts, defaultConfig: '/etc/lxcbus/default.conf' }, { LXCBUS_DEFAULT_CONFIG: '/old.conf' }).LXCBUS_DEFAULT_CONFIG)
      .toBe('/etc/lxcbus/default.conf');
    expect(serviceEnv(opts, { LXCBUS_DEFAULT_CONFIG: '/old.conf' }).LXCBUS_DEFAULT_CONFIG).toBe('/old.conf');
    expect(serviceEnv(opts, {})).not.toHaveProperty('LXCBUS_DEFAULT_CONFIG');
  });

  it('gives the services the stack\'s own identity when auth is on', () => {
    expect(serviceEnv({ ...opts, auth: true }, { LXCBUS_CREDS: '/root/fleet.creds' }).LXCBUS_CREDS).toBe('/tmp/state/auth/services.creds');
  });
});

describe('readyLine', () => {
  it('names the url, host and lxcpath and how to reach the stack', () => {
    expect(readyLine(opts)).toBe('lxcbus ready: nats://127.0.0.1:14222 host h1 lxcpath /srv/lxc ' +
      '(from another shell: export LXCBUS_NATS_URL=nats://127.0.0.1:14222 LXCBUS_HOST=h1 LXCBUS_LXCPATH=/srv/lxc)');
  });

  it('names the services\' credentials root\'s shells need when auth is on', () => {
    expect(readyLine({ ...opts, auth: true })).toBe('lxcbus ready: nats://127.0.0.1:14222 host h1 lxcpath /srv/lxc ' +
      '(from another shell: export LXCBUS_NATS_URL=nats://127.0.0.1:14222 LXCBUS_HOST=h1 LXCBUS_LXCPATH=/srv/lxc ' +
      'LXCBUS_CREDS=/tmp/state/auth/services.creds)');
  });
});

describe('acquirePidLock', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lxcbus-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes our pid and removes the file on release', () => {
    const lock = acquirePidLock(dir);
    expect(readFileSync(join(dir, 'lxcbus.pid'), 'utf8')).toBe(`${process.pid}\n`);
    expect(lock.tookOverStale).toBe(false);
    lock.release();
    expect(() => readFileSync(join(dir, 'lxcbus.pid'))).toThrow(/ENOENT/);
  });

  it('refuses while a live node launcher holds the file', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, 'lxcbus.pid'), `${other.pid}\n`);
      expect(() => acquirePidLock(dir)).toThrow(StackRunningError);
      expect(() => acquirePidLock(dir)).toThrow(`a stack is already running on state dir ${dir} (pid ${other.pid})`);
    } finally {
      other.kill('SIGKILL');
      await new Promise((r) => other.once('exit', r));
    }
  });

  it('takes over a pid file whose process is gone', () => {
    writeFileSync(join(dir, 'lxcbus.pid'), '999999999\n');
    const lock = acquirePidLock(dir);
    expect(lock.tookOverStale).toBe(true);
    expect(readFileSync(join(dir, 'lxcbus.pid'), 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
  });
});
