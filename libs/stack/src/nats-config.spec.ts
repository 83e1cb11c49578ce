import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { natsServerName, renderNatsConfig, writeNatsConfig } from './nats-config';

describe('renderNatsConfig', () => {
  it('listens on loopback only, with JetStream stored under the given dir', () => {
    const text = renderNatsConfig({ serverName: 'lxcbus-h1-4222', port: 4222, storeDir: '/var/lib/lxcbus/nats' });
    expect(text.split('\n').filter((l) => !l.startsWith('#'))).toEqual([
      'server_name: "lxcbus-h1-4222"',
      'listen: "127.0.0.1:4222"',
      'jetstream {',
      '  store_dir: "/var/lib/lxcbus/nats"',
      '}',
      '',
    ]);
  });

  it('includes the authorization file beside it when auth is on', () => {
    const text = renderNatsConfig({ serverName: 's', port: 1, storeDir: '/x', authInclude: 'auth.conf' });
    expect(text.trimEnd().split('\n').pop()).toBe('include "auth.conf"');
  });

  it('quotes paths so spaces and backslashes survive', () => {
    expect(renderNatsConfig({ serverName: 's', port: 1, storeDir: '/tmp/a b\\c' })).toContain('store_dir: "/tmp/a b\\\\c"');
  });

  it('names each stack after its host and port, so side-by-side stacks differ', () => {
    expect(natsServerName('h1', 4222)).not.toBe(natsServerName('h1', 4223));
    expect(natsServerName('h1', 4222)).not.toBe(natsServerName('h2', 4222));
  });
});

describe('writeNatsConfig', () => {
  it('writes nats-server.conf into the state dir', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lxcbus-natsconf-'));
    try {
      const path = writeNatsConfig(dir, { serverName: 's', port: 5000, storeDir: join(dir, 'nats') });
      expect(path).toBe(join(dir, 'nats-server.conf'));
      expect(readFileSync(path, 'utf8')).toContain('listen: "127.0.0.1:5000"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
