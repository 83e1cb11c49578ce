import {
  COMMAND_VERBS, EVENT_TYPES, parseCommandSubject, parseEventSubject, SERVICE_NAMES, ServiceVerb, subjects,
} from './subjects';

/** The grammar: lowercase-ish tokens, no empty tokens, no whitespace, versioned root. */
const TOKEN = /^[A-Za-z0-9_{}*-]+$/;

function everySubject(): string[] {
  const out: string[] = [];
  for (const verb of COMMAND_VERBS) {
    out.push(subjects.command('h1', 'root', verb), subjects.commandPattern(verb, 'h1'));
  }
  for (const svc of SERVICE_NAMES) {
    for (const verb of Object.values(ServiceVerb)) out.push(subjects.service('h1', svc, verb));
  }
  for (const type of EVENT_TYPES) out.push(subjects.event('h1', 'root', 'c1', type));
  out.push(subjects.io('h1', 'root', 'abcdef0123', 'in'), subjects.io('h1', 'root', 'abcdef0123', 'out'));
  return out;
}

describe('subject grammar', () => {
  it('every subject starts with lxcbus.v1 and has only valid tokens', () => {
    for (const s of everySubject()) {
      const tokens = s.split('.');
      expect(tokens.slice(0, 2)).toEqual(['lxcbus', 'v1']);
      for (const t of tokens) expect(t).toMatch(TOKEN);
    }
  });

  it('no two distinct intents share a subject', () => {
    const all = everySubject().filter((s) => !s.includes('*'));
    expect(new Set(all).size).toBe(all.length);
  });

  it('puts the owner at the same position in cmd, evt and io subjects', () => {
    expect(subjects.command('h', 'alice', 'start').split('.')[4]).toBe('alice');
    expect(subjects.event('h', 'alice', 'c', 'state').split('.')[4]).toBe('alice');
    expect(subjects.io('h', 'alice', 'abcdefgh', 'in').split('.')[4]).toBe('alice');
  });

  it('parses command and event subjects and rejects others', () => {
    expect(parseCommandSubject('lxcbus.v1.cmd.h1.root.start')).toEqual({ host: 'h1', owner: 'root', verb: 'start' });
    expect(parseCommandSubject('lxcbus.v1.cmd.h1.root')).toBeNull();
    expect(parseCommandSubject('lxcbus.v2.cmd.h1.root.start')).toBeNull();
    expect(parseEventSubject('lxcbus.v1.evt.h1.root.c1.state')).toEqual({ host: 'h1', owner: 'root', container: 'c1', type: 'state' });
    expect(parseEventSubject('lxcbus.v1.cmd.h1.root.c1.state')).toBeNull();
  });

  it('builds event filters with wildcards', () => {
    expect(subjects.eventFilter({ host: 'h1', owner: 'root' })).toBe('lxcbus.v1.evt.h1.root.*.*');
  });
});
