import { ERROR_RANK, LOG_LEVELS, passes, thresholdOf } from './log-priority';

describe('-l/--logpriority as liblxc reads it (5.0.2)', () => {
  it('defaults to ERROR', () => {
    expect(LOG_LEVELS[thresholdOf(undefined)]).toBe('ERROR');
  });

  it('takes the exact level names, in any case', () => {
    expect(LOG_LEVELS[thresholdOf('crit')]).toBe('CRIT');
    expect(LOG_LEVELS[thresholdOf('Debug')]).toBe('DEBUG');
    expect(LOG_LEVELS[thresholdOf('FATAL')]).toBe('FATAL');
    expect(LOG_LEVELS[thresholdOf('trace')]).toBe('TRACE');
  });

  it('falls back to ERROR for anything else (observed: critical, cr, 6, FATALx, empty all log ERROR lines)', () => {
    for (const odd of ['critical', 'cr', '6', '8', 'FATALx', '', 'warning']) expect(thresholdOf(odd)).toBe(ERROR_RANK);
  });

  it('lets a line through at or above the threshold only', () => {
    expect(passes('ERROR', thresholdOf('ERROR'))).toBe(true);
    expect(passes('WARN', thresholdOf('ERROR'))).toBe(false);
    expect(passes('WARN', thresholdOf('debug'))).toBe(true);
    expect(passes('ERROR', thresholdOf('CRIT'))).toBe(false);
    expect(passes('FATAL', thresholdOf('ALERT'))).toBe(true);
  });
});
