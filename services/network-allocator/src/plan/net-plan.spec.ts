import { BadRequestError, ConfigInvalidError, ForbiddenError, UnsupportedError, type NetPlanRequest } from '@lxcbus/contracts';
import { planNetwork } from './net-plan';

const req = (networks: NetPlanRequest['networks'], owner = 'root', unprivileged = false): NetPlanRequest => ({
  owner,
  name: 'c1',
  networks,
  unprivileged,
});

describe('planNetwork', () => {
  it('gives a config without lxc.net entries its own netns with lo down, as LXC does', () => {
    expect(planNetwork(req([]))).toEqual({ isolate: true, loopbackUp: false, networks: [] });
    expect(planNetwork(req([], 'alice', true)).isolate).toBe(true);
  });

  it('isolates empty, bringing lo up only when a net has flags up', () => {
    expect(planNetwork(req([{ index: 0, type: 'empty' }]))).toEqual({ isolate: true, loopbackUp: false, networks: [{ index: 0, type: 'empty' }] });
    expect(planNetwork(req([{ index: 0, type: 'empty', flags: 'up' }])).loopbackUp).toBe(true);
  });

  it('shares the host netns for none when root owns a privileged container', () => {
    expect(planNetwork(req([{ index: 0, type: 'none' }]))).toEqual({ isolate: false, loopbackUp: false, networks: [{ index: 0, type: 'none' }] });
  });

  it('isolates again when none sits beside another net, as lxc_requests_empty_network does', () => {
    expect(planNetwork(req([{ index: 1, type: 'empty' }, { index: 0, type: 'none' }]))).toEqual({
      isolate: true,
      loopbackUp: false,
      networks: [{ index: 0, type: 'none' }, { index: 1, type: 'empty' }],
    });
  });

  it('refuses none for other owners and for unprivileged root containers', () => {
    expect(() => planNetwork(req([{ index: 0, type: 'none' }], 'alice'))).toThrow(ForbiddenError);
    expect(() => planNetwork(req([{ index: 0, type: 'none' }], 'root', true))).toThrow(/unprivileged/);
  });

  it('plans veth and macvlan in the container\'s own netns, lo up with flags up', () => {
    expect(planNetwork(req([{ index: 0, type: 'veth', flags: 'up' }, { index: 1, type: 'macvlan' }]))).toEqual({
      isolate: true,
      loopbackUp: true,
      networks: [{ index: 0, type: 'veth' }, { index: 1, type: 'macvlan' }],
    });
  });

  it.each(['ipvlan', 'vlan', 'phys'])('refuses %s as not available yet', (type) => {
    let err: any;
    try {
      planNetwork(req([{ index: 0, type: 'empty' }, { index: 1, type }]));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnsupportedError);
    expect(err.code).toBe('UNSUPPORTED');
    expect(err.message).toContain(`lxc.net.1.type = ${type}: ${type} networking is not available yet in this lxcbus version`);
    expect(err.details).toEqual({ index: 1, type, supported: ['empty', 'none', 'veth', 'macvlan'] });
  });

  it('refuses unknown types with LXC words and repeated indexes', () => {
    expect(() => planNetwork(req([{ index: 0, type: 'bogus' }]))).toThrow(ConfigInvalidError);
    expect(() => planNetwork(req([{ index: 0, type: 'bogus' }]))).toThrow('Invalid network type bogus');
    expect(() => planNetwork(req([{ index: 0, type: 'empty' }, { index: 0, type: 'empty' }]))).toThrow(BadRequestError);
  });
});
