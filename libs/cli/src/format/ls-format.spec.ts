import { parseLsArgs } from '../args/ls-args';
import { captured, CAPTURED, shellWords } from './fixtures/captured';
import { filterLsRows } from './ls-filter';
import { formatLs, formatLsNames, formatLsTable } from './ls-format';
import type { LsRow } from './ls-row';

const MIB = 1024 * 1024;
const base = { autostart: false, groups: [], ipv4: [], ipv6: [], interfaces: [], unprivileged: false };

/** The five containers of fixtures/ls.json as the captures show them. */
const ROWS: LsRow[] = [
  { ...base, name: 'a', state: 'RUNNING', pid: 6659, interfaces: ['lo'], ramBytes: 0.54 * MIB, swapBytes: 0 },
  { ...base, name: 'fz', state: 'FREEZING', pid: 9526, interfaces: ['lo'], ramBytes: 0.34 * MIB, swapBytes: 0 },
  { ...base, name: 'longer-name', state: 'STOPPED' },
  {
    ...base, name: 'net1', state: 'RUNNING', pid: 9522, autostart: true, groups: ['web', 'onboot'],
    ipv4: ['10.213.0.2', '10.213.0.3'], ipv6: ['fd42::2'], interfaces: ['eth0', 'lo'], ramBytes: 0.19 * MIB, swapBytes: 0,
  },
  { ...base, name: 'unpriv', state: 'STOPPED', groups: ['web'], unprivileged: true },
];

function render(cmd: string, termWidth: number) {
  const outcome = parseLsArgs(shellWords(cmd));
  if (outcome.kind !== 'run') return { stdout: outcome.stdout, stderr: outcome.stderr };
  const { args } = outcome;
  return formatLs(filterLsRows(ROWS, args.filter), { ...args, termWidth });
}

describe('lxc-ls side by side with real LXC 5.0.2 (fixtures/ls.json, not a tty)', () => {
  it('has the captures it relies on', () => {
    expect(CAPTURED.ls).toHaveLength(34);
  });

  it.each(CAPTURED.ls.map((e) => e.cmd))('%s', (cmd) => {
    const real = captured('ls', cmd);
    expect(render(cmd, 0)).toEqual({ stdout: real.stdout, stderr: real.stderr });
  });
});

describe('lxc-ls on a terminal (fixtures/tty.json)', () => {
  it.each(CAPTURED.tty.map((e) => e.cmd))('%s', (cmd) => {
    const cols = Number(/stty cols (\d+)/.exec(cmd)?.[1]);
    const inner = /; (lxc-ls [^']*)'/.exec(cmd)?.[1] ?? '';
    expect(render(inner, cols).stdout).toBe(captured('tty', cmd).stdout);
  });
});

describe('lxc-ls rules', () => {
  it('pads plain names to at least 4 columns (the NAME header width)', () => {
    expect(formatLsNames([ROWS[0]], false, 0)).toBe('a   \n');
    expect(formatLsNames([ROWS[0]], true, 0)).toBe('a\n');
  });

  it('prints nothing at all for an empty list', () => {
    expect(formatLs([], { fancy: true })).toEqual({ stdout: '', stderr: '' });
    expect(formatLs([], { fancy: true, fancyFormat: 'BOGUS' })).toEqual({ stdout: '', stderr: '' });
    expect(formatLsNames([], false, 80)).toBe('');
  });

  it('indents nested names with a backslash in the table', () => {
    const nested = { ...ROWS[2], name: 'inner', nestLevel: 1 };
    expect(formatLsTable([ROWS[2], nested]).split('\n')[2]).toBe('\\inner      STOPPED 0         -      -    -    false        ');
  });

  it('an empty -F list prints empty lines', () => {
    expect(formatLs(ROWS.slice(0, 2), { fancy: true, fancyFormat: '' }).stdout).toBe('\n\n\n');
  });

  it('--frozen keeps FROZEN only; --running and --active include it', () => {
    const rows = [{ ...ROWS[0], state: 'FROZEN' }, ROWS[1], ROWS[2]];
    expect(filterLsRows(rows, { frozen: true }).map((r) => r.name)).toEqual(['a']);
    expect(filterLsRows(rows, { running: true }).map((r) => r.name)).toEqual(['a', 'fz']);
    expect(filterLsRows(rows, { active: true }).map((r) => r.name)).toEqual(['a', 'fz']);
  });

  it('--defined hides containers without a config', () => {
    expect(filterLsRows([{ ...ROWS[0], defined: false }, ROWS[1]], { defined: true }).map((r) => r.name)).toEqual(['fz']);
  });
});
