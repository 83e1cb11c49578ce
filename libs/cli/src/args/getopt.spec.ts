import { getoptLong, LongOption } from './getopt';

const OPTIONS: LongOption[] = [
  { name: 'name', hasArg: 'required', val: 'n' },
  { name: 'state', hasArg: 'none', val: 's' },
  { name: 'stats', hasArg: 'none', val: 'S' },
  { name: 'nesting', hasArg: 'optional', val: 5 },
  { name: 'elevated', hasArg: 'optional', val: 'e' },
  { name: 'help', hasArg: 'none', val: 'h' },
  { name: 'help', hasArg: 'none', val: '?' },
  { name: 'kill', hasArg: 'none', val: 'k' },
  { name: 'killall', hasArg: 'none', val: 'k' },
];
const parse = (...args: string[]) => getoptLong(args, OPTIONS, 'prog');

describe('getoptLong (glibc getopt_long semantics)', () => {
  it('reads short values attached or separate', () => {
    expect(parse('-nfoo').events).toEqual([{ val: 'n', arg: 'foo' }]);
    expect(parse('-n', 'foo').events).toEqual([{ val: 'n', arg: 'foo' }]);
    expect(parse('-n', '-s').events).toEqual([{ val: 'n', arg: '-s' }]);
  });

  it('groups flags and lets the last one take the rest of the word', () => {
    expect(parse('-sSnweb').events).toEqual([{ val: 's' }, { val: 'S' }, { val: 'n', arg: 'web' }]);
  });

  it('takes an optional short value only when attached', () => {
    expect(parse('-eCAP').events).toEqual([{ val: 'e', arg: 'CAP' }]);
    expect(parse('-e', 'CAP')).toEqual({ events: [{ val: 'e' }], operands: ['CAP'] });
  });

  it('reads long values with = or as the next word, optional ones only with =', () => {
    expect(parse('--name=web').events).toEqual([{ val: 'n', arg: 'web' }]);
    expect(parse('--name', 'web').events).toEqual([{ val: 'n', arg: 'web' }]);
    expect(parse('--name=').events).toEqual([{ val: 'n', arg: '' }]);
    expect(parse('--nesting', '3')).toEqual({ events: [{ val: 5 }], operands: ['3'] });
    expect(parse('--nesting=3').events).toEqual([{ val: 5, arg: '3' }]);
  });

  it('accepts unambiguous prefixes and exact names that prefix others', () => {
    expect(parse('--na', 'x').events).toEqual([{ val: 'n', arg: 'x' }]);
    expect(parse('--stats').events).toEqual([{ val: 'S' }]);
    expect(parse('--stat').error).toMatch(/ambiguous/);
    expect(parse('--kill').events).toEqual([{ val: 'k' }]);
  });

  it('treats prefix matches with the same val and has_arg as one option', () => {
    expect(parse('--ki').events).toEqual([{ val: 'k' }]);
  });

  it('reports ambiguity listing the differing candidates in table order', () => {
    expect(parse('--sta').error).toBe("prog: option '--sta' is ambiguous; possibilities: '--state' '--stats'");
    expect(parse('--he').error).toBe("prog: option '--he' is ambiguous; possibilities: '--help' '--help'");
    expect(parse('--st=1').error).toBe("prog: option '--st=1' is ambiguous; possibilities: '--state' '--stats'");
  });

  it('permutes operands and stops at --', () => {
    expect(parse('web', '-s', '--', '-n', 'x')).toEqual({ events: [{ val: 's' }], operands: ['web', '-n', 'x'] });
    expect(parse('-', '-s').operands).toEqual(['-']);
  });

  it('stops at the first operand when POSIXLY_CORRECT', () => {
    expect(getoptLong(['web', '-s'], OPTIONS, 'p', { posixlyCorrect: true })).toEqual({ events: [], operands: ['web', '-s'] });
  });

  it('produces glibc diagnostics and keeps the options before the error', () => {
    expect(parse('-sz')).toEqual({ events: [{ val: 's' }], operands: [], error: "prog: invalid option -- 'z'" });
    expect(parse('-n').error).toBe("prog: option requires an argument -- 'n'");
    expect(parse('--name').error).toBe("prog: option '--name' requires an argument");
    expect(parse('--na').error).toBe("prog: option '--name' requires an argument");
    expect(parse('--state=1').error).toBe("prog: option '--state' doesn't allow an argument");
    expect(parse('--bogus=1').error).toBe("prog: unrecognized option '--bogus=1'");
    expect(parse('-:').error).toBe("prog: invalid option -- ':'");
  });

  it('accepts -? when the table has a ? entry', () => {
    expect(parse('-?').events).toEqual([{ val: '?' }]);
  });
});
