import { parseTemplateArgs, type OptionSpec } from './template-args.parser';
import { TemplateBadArgsError } from './template.errors';

const SPECS: OptionSpec[] = [
  { long: 'help', short: 'h', takesValue: false },
  { long: 'metadata', short: 'm', takesValue: true },
  { long: 'fstree', short: 'f', takesValue: true },
  { long: 'mapped-uid', takesValue: true },
  { long: 'mapped-gid', takesValue: true },
];
const parse = (args: string[]) => Object.fromEntries(parseTemplateArgs(args, SPECS, 'USAGE'));

describe('parseTemplateArgs (getopt semantics)', () => {
  it('accepts the long, long=, short and glued short forms; the last occurrence wins', () => {
    expect(parse(['--metadata', 'a', '--fstree=b'])).toEqual({ metadata: 'a', fstree: 'b' });
    expect(parse(['-m', 'a', '-fb', '-m', 'c'])).toEqual({ metadata: 'c', fstree: 'b' });
    expect(parse(['-hma'])).toEqual({ help: true, metadata: 'a' });
  });

  it('takes unambiguous prefixes of long options and refuses ambiguous ones', () => {
    expect(parse(['--meta', 'a'])).toEqual({ metadata: 'a' });
    expect(() => parse(['--mapped', '1'])).toThrow(/ambiguous/);
  });

  it('ignores non-option words and stops at --', () => {
    expect(parse(['word', '-m', 'a', '--', '--bogus'])).toEqual({ metadata: 'a' });
  });

  it('refuses unknown options, missing values and values on flags with the usage attached', () => {
    for (const bad of [['--bogus'], ['-x'], ['--metadata'], ['-m'], ['--help=1']]) {
      let caught: unknown;
      try {
        parse(bad);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(TemplateBadArgsError);
      expect(caught).toMatchObject({ code: 'TEMPLATE_BAD_ARGS', usage: 'USAGE' });
    }
  });
});
