import { parseInfoArgs } from '../args/info-args';
import { captured, CAPTURED, shellWords } from './fixtures/captured';
import { formatInfo, humanizeCpu, humanizeSize, InfoView } from './info-format';

/** The containers of fixtures/info.json, with the values those captures show. */
const CONFIG: Record<string, Record<string, string>> = {
  net1: { 'lxc.uts.name': 'net1', 'lxc.group': 'web\nonboot\n', 'lxc.start.auto': '1', 'lxc.apparmor.profile': '' },
  a: { 'lxc.uts.name': 'a', 'lxc.group': '', 'lxc.start.auto': '0', 'lxc.apparmor.profile': '' },
  'longer-name': { 'lxc.uts.name': 'longer-name', 'lxc.group': '', 'lxc.start.auto': '0', 'lxc.apparmor.profile': '' },
};
const VIEWS: Record<string, InfoView> = {
  net1: {
    name: 'net1', state: 'RUNNING', pid: 9522, ips: ['10.213.0.2', '10.213.0.3', 'fd42::2'],
    stats: { cpuNs: 3486273, blkioBytes: 0, memBytes: 208896, kmemBytes: 143360 },
    links: [{ name: 'vethHLq4L5', txBytes: 1172, rxBytes: 1006 }],
  },
  a: {
    name: 'a', state: 'RUNNING', pid: 6659, ips: [],
    stats: { cpuNs: 8148261, blkioBytes: 0, memBytes: 577536, kmemBytes: 356352 }, links: [],
  },
  'longer-name': { name: 'longer-name', state: 'STOPPED', ips: [], links: [] },
};

function render(cmd: string) {
  const outcome = parseInfoArgs(shellWords(cmd));
  if (outcome.kind !== 'run') throw new Error(`unexpected exit for ${cmd}`);
  const { args } = outcome;
  const values = CONFIG[args.name];
  const config = args.configKeys.map((key) => ({ key, value: key in values ? values[key] : null }));
  return formatInfo({ ...VIEWS[args.name], config }, args);
}

describe('lxc-info side by side with real LXC 5.0.2 (fixtures/info.json)', () => {
  const cases = CAPTURED.info.filter((e) => / -n (net1|a|longer-name) ?/.test(e.cmd)).map((e) => e.cmd);

  it('has the captures it relies on', () => {
    expect(cases).toHaveLength(66);
  });

  it.each(cases)('%s', (cmd) => {
    const real = captured('info', cmd);
    expect(render(cmd)).toEqual({ stdout: real.stdout, stderr: real.stderr });
  });
});

describe('lxc-info rules', () => {
  it('humanizes sizes with strict thresholds and truncated fractions', () => {
    expect(humanizeSize(0)).toBe('0 bytes');
    expect(humanizeSize(1024)).toBe('1024 bytes');
    expect(humanizeSize(1025)).toBe('1.00 KiB');
    expect(humanizeSize(1006 + 1172)).toBe('2.13 KiB');
    expect(humanizeSize(2 ** 20)).toBe('1024.00 KiB');
    expect(humanizeSize(2 ** 20 + 1)).toBe('1.00 MiB');
    expect(humanizeSize(1.5 * 2 ** 20)).toBe('1.50 MiB');
    expect(humanizeSize(2 ** 30)).toBe('1024.00 MiB');
    // (bytes % GiB) / 10737419 truncates: exactly 1.5 GiB prints as 1.49 in real LXC.
    expect(humanizeSize(2 ** 30 + 2 ** 29)).toBe('1.49 GiB');
    expect(humanizeSize(5 * 2 ** 30 + 10737418)).toBe('5.00 GiB');
    expect(humanizeSize(5 * 2 ** 30 + 10737419)).toBe('5.01 GiB');
  });

  it('prints CPU as a C float in seconds with glibc rounding', () => {
    expect(humanizeCpu(3486273)).toBe('0.00 seconds');
    expect(humanizeCpu(8148261)).toBe('0.01 seconds');
    expect(humanizeCpu(125000000)).toBe('0.12 seconds');
    expect(humanizeCpu(1234567890123)).toBe('1234.57 seconds');
  });

  it('keeps labels with -H when more than one filter counted, drops them at exactly one', () => {
    const view = VIEWS.net1;
    expect(formatInfo(view, { state: true, noHumanize: true }).stdout).toBe('RUNNING\n');
    expect(formatInfo(view, { state: true, noHumanize: true, filterCount: 2 }).stdout).toBe('State:          RUNNING\n');
    expect(formatInfo(view, { stats: true, noHumanize: true }).stdout).toMatch(/^CPU use:        3486273\n/);
  });

  it('prints the stopped view as Name and State only, and nothing for -p', () => {
    expect(formatInfo(VIEWS['longer-name']).stdout).toBe('Name:           longer-name\nState:          STOPPED\n');
    expect(formatInfo(VIEWS['longer-name'], { pid: true }).stdout).toBe('');
  });

  it('prints FROZEN containers in full', () => {
    expect(formatInfo({ ...VIEWS.a, state: 'FROZEN' }).stdout).toContain('PID:            6659\n');
  });

  it('omits stats lines whose value is unknown (cgroup file missing)', () => {
    const out = formatInfo({ ...VIEWS.a, stats: { memBytes: 2048 } }, { stats: true }).stdout;
    expect(out).toBe('Memory use:     2.00 KiB\n');
  });
});
