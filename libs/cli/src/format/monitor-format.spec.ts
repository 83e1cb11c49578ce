import { captured, CAPTURED } from './fixtures/captured';
import { formatExitStatus, formatStateChange, monitorNameMatcher } from './monitor-format';

describe('lxc-monitor', () => {
  it('prints the captured start/kill sequence byte for byte (fixtures/monitor.json)', () => {
    const out = formatStateChange('longer-name', 'STARTING') + formatStateChange('longer-name', 'RUNNING')
      + formatExitStatus('longer-name', 0) + formatStateChange('longer-name', 'STOPPING')
      + formatStateChange('longer-name', 'STOPPED');
    expect(out).toBe(captured('monitor', CAPTURED.monitor[0].cmd).stdout);
  });

  it('anchors the -n pattern: longer-.* matches, longer alone does not', () => {
    const wide = monitorNameMatcher('longer-.*');
    const exact = monitorNameMatcher('longer');
    expect(wide?.('longer-name')).toBe(true);
    expect(exact?.('longer-name')).toBe(false);
    expect(exact?.('longer')).toBe(true);
    expect(monitorNameMatcher()?.('anything')).toBe(true);
  });

  it('alternation stays anchored on both ends only as a whole, as ^a|b$ does in POSIX', () => {
    const alt = monitorNameMatcher('a|b');
    expect(alt?.('a')).toBe(true);
    expect(alt?.('ab')).toBe(true);
  });

  it('reports a pattern that does not compile', () => {
    expect(monitorNameMatcher('(')).toBeNull();
  });
});
