import { groupsOf, parseUsernet, pickAllotment } from './usernet';

const FILE = [
  '# comment line',
  'alice veth lxcbr0 2',
  'alice veth otherbr 5',
  'alice macvlan lxcbr0 9',
  '@devs veth lxcbr0 1',
  '@ops veth lxcbr0 4',
  'bob veth lxcbr0',
  'bob veth lxcbr0 x',
  'carol  veth\tlxcbr0   3',
].join('\n');

describe('lxc-usernet rules (as lxc-user-nic counts them)', () => {
  it('collects every line for the user and their groups, for this type and bridge, in file order', () => {
    expect(parseUsernet(FILE, 'alice', ['devs'], 'veth', 'lxcbr0')).toEqual([
      { name: 'alice', allowed: 2 },
      { name: '@devs', allowed: 1 },
    ]);
    expect(parseUsernet(FILE, 'carol', [], 'veth', 'lxcbr0')).toEqual([{ name: 'carol', allowed: 3 }]);
  });

  it('ignores malformed lines and gives a user with no line nothing', () => {
    expect(parseUsernet(FILE, 'bob', [], 'veth', 'lxcbr0')).toEqual([]);
    expect(parseUsernet(FILE, 'dave', ['ops2'], 'veth', 'lxcbr0')).toEqual([]);
  });

  it('sums by charging the first line with room: alice 2 + @devs 1 = 3 nics, the fourth is refused', () => {
    const allots = parseUsernet(FILE, 'alice', ['devs'], 'veth', 'lxcbr0');
    const used = new Map<string, number>();
    const charged: (string | null)[] = [];
    for (let i = 0; i < 4; i++) {
      const a = pickAllotment(allots, (n) => used.get(n) ?? 0);
      charged.push(a?.name ?? null);
      if (a) used.set(a.name, (used.get(a.name) ?? 0) + 1);
    }
    expect(charged).toEqual(['alice', 'alice', '@devs', null]);
  });

  it('a group line is shared by its members', () => {
    const erin = parseUsernet(FILE, 'erin', ['devs'], 'veth', 'lxcbr0');
    expect(pickAllotment(erin, (n) => (n === '@devs' ? 1 : 0))).toBeNull();
  });

  it('reads groups from /etc/group members and the passwd primary group', () => {
    const passwd = 'root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n';
    const group = 'root:x:0:\nalice:x:1000:\ndevs:x:2000:bob,alice\nops:x:2001:bob\n';
    expect(groupsOf('alice', passwd, group).sort()).toEqual(['alice', 'devs']);
  });
});
