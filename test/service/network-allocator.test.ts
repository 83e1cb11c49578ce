/** network-allocator against a real nats-server: plan answers what netns a container gets. */
import type { INestMicroservice } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import { bootstrapService } from '@lxcbus/bus';
import { ServiceName, ServiceVerb, subjects } from '@lxcbus/contracts';
import { AppModule } from '../../services/network-allocator/src/app.module';
import { startNats, type NatsFixture } from '../support/nats-fixture';

const HOST = `na${process.pid}`;
let nats: NatsFixture;
let app: INestMicroservice;
let nc: NatsConnection;

async function plan(body: unknown): Promise<any> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const m = await nc.request(subjects.service(HOST, ServiceName.networkAllocator, ServiceVerb.plan), new TextEncoder().encode(raw), { timeout: 5000 });
  return JSON.parse(new TextDecoder().decode(m.data));
}

beforeAll(async () => {
  nats = await startNats();
  Object.assign(process.env, { LXCBUS_NATS_URL: nats.url, LXCBUS_HOST: HOST, LXCBUS_LOG_LEVEL: 'warn' });
  app = await bootstrapService(AppModule, { service: ServiceName.networkAllocator });
  nc = await connect({ servers: nats.url });
}, 60_000);

afterAll(async () => {
  await nc?.close();
  await app?.close();
  await nats?.stop();
});

describe('network-allocator plan', () => {
  it('gives empty and a config without networks their own netns with lo down', async () => {
    expect(await plan({ owner: 'alice', name: 'c1', networks: [] })).toEqual({ ok: true, isolate: true, loopbackUp: false, networks: [] });
    expect(await plan({ owner: 'alice', name: 'c1', networks: [{ index: 0, type: 'empty', flags: 'up' }] })).toEqual({
      ok: true,
      isolate: true,
      loopbackUp: true,
      networks: [{ index: 0, type: 'empty' }],
    });
  });

  it('shares the host netns for none only for root\'s privileged containers', async () => {
    expect(await plan({ owner: 'root', name: 'c1', networks: [{ index: 0, type: 'none' }] })).toMatchObject({ ok: true, isolate: false });
    expect((await plan({ owner: 'alice', name: 'c1', networks: [{ index: 0, type: 'none' }] })).error.code).toBe('FORBIDDEN');
    expect((await plan({ owner: 'root', name: 'c1', unprivileged: true, networks: [{ index: 0, type: 'none' }] })).error.code).toBe('FORBIDDEN');
  });

  it('refuses veth with a clear UNSUPPORTED', async () => {
    const r = await plan({ owner: 'root', name: 'c1', networks: [{ index: 0, type: 'veth', flags: 'up' }] });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'UNSUPPORTED',
        message:
          'lxc.net.0.type = veth: veth networking is not available yet in this lxcbus version ' +
          '(veth, macvlan, ipvlan, vlan and phys come later); use lxc.net.0.type = empty for now',
        details: { index: 0, type: 'veth', supported: ['empty', 'none'] },
      },
    });
  });

  it('answers malformed bodies and unknown types with a code', async () => {
    expect((await plan('nope')).error.code).toBe('BAD_REQUEST');
    expect((await plan({ owner: 'root', name: 'c1' })).error.code).toBe('BAD_REQUEST');
    expect((await plan({ owner: 'root', name: 'c1', networks: [{ index: 0, type: 'bogus' }] })).error.code).toBe('CONFIG_INVALID');
  });
});
