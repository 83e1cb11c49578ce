import { subjects } from './subjects';
import { userInboxPrefix, userPermissions } from './permissions';

/** NATS subject matching: `*` one token, `>` the rest. */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}
const allows = (patterns: string[], subject: string) => patterns.some((p) => matches(p, subject));

describe('userPermissions', () => {
  const alice = userPermissions('alice');

  it("lets alice publish her commands and attach input, on any host", () => {
    expect(allows(alice.publish, subjects.command('h1', 'alice', 'ls'))).toBe(true);
    expect(allows(alice.publish, subjects.io('h2', 'alice', 's1', 'in'))).toBe(true);
  });

  it("lets alice read her events, attach output and her own replies", () => {
    expect(allows(alice.subscribe, subjects.eventFilter({ owner: 'alice' }).replace(/^lxcbus\.v1\.evt\.\*/, 'lxcbus.v1.evt.h1'))).toBe(true);
    expect(allows(alice.subscribe, subjects.io('h1', 'alice', 's1', 'out'))).toBe(true);
    expect(allows(alice.subscribe, `${userInboxPrefix('alice')}.abc.1`)).toBe(true);
  });

  it("denies other owners, service calls, JetStream's API and other inboxes", () => {
    for (const s of [subjects.command('h1', 'bob', 'ls'), subjects.command('h1', 'root', 'start'), 'lxcbus.v1.svc.h1.runtime-executor.ping', '$JS.API.INFO']) {
      expect(allows(alice.publish, s)).toBe(false);
    }
    for (const s of [subjects.event('h1', 'bob', 'c1', 'state'), subjects.io('h1', 'bob', 's1', 'out'), '_INBOX.x.y', '_INBOX_bob.x.y', '_INBOX_alicex.y']) {
      expect(allows(alice.subscribe, s)).toBe(false);
    }
  });
});
