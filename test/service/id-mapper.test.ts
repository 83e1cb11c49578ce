/**
 * id-mapper against a real nats-server, reading subuid/subgid/passwd from temp files:
 * ranges lists an owner's delegation, validate judges lxc.idmap entries against it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceName, ServiceVerb, subjects } from '@lxcbus/contracts';
import { AppModule } from '../../services/id-mapper/src/app.module';
import { startServiceUnderTest, type ServiceUnderTest } from '../support/service-under-test';

const HOST = `im${process.pid}`;
let svc: ServiceUnderTest;
let dir: string;

const ask = (verb: ServiceVerb, body: unknown) => svc.request(subjects.service(HOST, ServiceName.idMapper, verb), body);
const map = (kind: 'u' | 'g', nsid: number, hostid: number, range: number) => ({ kind, nsid, hostid, range });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lxcbus-im-'));
  writeFileSync(join(dir, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n');
  writeFileSync(join(dir, 'subuid'), 'root:100000:65536\nalice:200000:65536\nthis line is broken\n1000:300000:10\n');
  writeFileSync(join(dir, 'subgid'), 'root:100000:65536\nalice:200000:65536\n');
  svc = await startServiceUnderTest(AppModule, {
    service: ServiceName.idMapper, host: HOST,
    env: { LXCBUS_SUBUID_FILE: join(dir, 'subuid'), LXCBUS_SUBGID_FILE: join(dir, 'subgid'), LXCBUS_PASSWD_FILE: join(dir, 'passwd') },
  });
}, 60_000);

afterAll(async () => {
  await svc?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('id-mapper ranges', () => {
  it('lists the ranges delegated by name and by numeric uid, ignoring broken lines', async () => {
    expect(await ask(ServiceVerb.ranges, { owner: 'alice' })).toEqual({
      ok: true,
      owner: 'alice',
      uid: [{ start: 200000, count: 65536 }, { start: 300000, count: 10 }],
      gid: [{ start: 200000, count: 65536 }],
    });
    expect(await ask(ServiceVerb.ranges, { owner: 'nobody' })).toEqual({ ok: true, owner: 'nobody', uid: [], gid: [] });
  });

  it('reads the files afresh on every call', async () => {
    writeFileSync(join(dir, 'subgid'), 'root:100000:65536\nalice:200000:65536\nalice:400000:5\n');
    expect((await ask(ServiceVerb.ranges, { owner: 'alice' })).gid).toHaveLength(2);
  });
});

describe('id-mapper validate', () => {
  it('accepts maps inside the delegation and the owner\'s own uid', async () => {
    const r = await ask(ServiceVerb.validate, { owner: 'alice', idmaps: [map('u', 0, 200000, 65536), map('u', 65536, 1000, 1), map('g', 0, 200000, 65536)] });
    expect(r).toEqual({ ok: true, owner: 'alice', warnings: [] });
  });

  it('refuses host ids not delegated, naming the file and range', async () => {
    const r = await ask(ServiceVerb.validate, { owner: 'alice', idmaps: [map('u', 0, 100000, 65536), map('g', 0, 200000, 65536)] });
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('FORBIDDEN');
    expect(r.error.message).toContain(`not delegated to alice in ${join(dir, 'subuid')}`);
    expect(r.error.details).toMatchObject({ file: join(dir, 'subuid'), hostRange: { start: 100000, count: 65536 } });
  });

  it('holds root to its own delegation unless host root is mapped, as LXC through newuidmap', async () => {
    expect(await ask(ServiceVerb.validate, { owner: 'root', idmaps: [map('u', 0, 100000, 65536), map('g', 0, 100000, 65536)] })).toEqual({
      ok: true,
      owner: 'root',
      warnings: [],
    });
    const r = await ask(ServiceVerb.validate, { owner: 'root', idmaps: [map('u', 0, 500000, 65536)] });
    expect(r.error).toMatchObject({ code: 'FORBIDDEN', details: { hostRange: { start: 500000, count: 65536 } } });
    expect(r.error.message).toContain(`not delegated to root in ${join(dir, 'subuid')}`);
    expect((await ask(ServiceVerb.validate, { owner: 'root', idmaps: [map('u', 0, 0, 1), map('u', 1, 500000, 10)] })).ok).toBe(true);
  });

  it('refuses overlapping ranges and an unmapped container root, for root too', async () => {
    const overlap = await ask(ServiceVerb.validate, { owner: 'root', idmaps: [map('u', 0, 100000, 100), map('u', 100, 100050, 10)] });
    expect(overlap.error).toMatchObject({ code: 'BAD_REQUEST', details: { overlap: 'hostid' } });
    const noRoot = await ask(ServiceVerb.validate, { owner: 'alice', idmaps: [map('g', 1, 200000, 10)] });
    expect(noRoot.error.code).toBe('BAD_REQUEST');
    expect(noRoot.error.message).toContain('container gid 0');
  });

  it('answers malformed bodies with a code', async () => {
    expect((await ask(ServiceVerb.validate, '{oops')).error.code).toBe('BAD_REQUEST');
    expect((await ask(ServiceVerb.validate, { owner: 'alice', idmaps: [{ kind: 'x', nsid: 0, hostid: 0, range: 1 }] })).error.code).toBe('BAD_REQUEST');
    expect((await ask(ServiceVerb.validate, { owner: 'alice', idmaps: [map('u', 0, 200000, 0)] })).error.code).toBe('BAD_REQUEST');
    expect((await ask(ServiceVerb.ranges, {})).error.code).toBe('BAD_REQUEST');
    expect((await ask(ServiceVerb.ping, {})).ok).toBe(true);
  });
});
