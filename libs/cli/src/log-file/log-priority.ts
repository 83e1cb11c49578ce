/**
 * liblxc's log priorities (log.h, 5.0.2) and how `-l` names one: the name must
 * match exactly, case aside (observed: `crit` filters, `critical`, `cr` and `6`
 * do not); anything else leaves the level NOTSET, which falls back to ERROR.
 */
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'NOTICE', 'WARN', 'ERROR', 'CRIT', 'ALERT', 'FATAL'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const ERROR_RANK = LOG_LEVELS.indexOf('ERROR');

/** The lowest rank a line needs to be logged, from `-l` (undefined: the default ERROR). */
export function thresholdOf(priority: string | undefined): number {
  if (priority === undefined) return ERROR_RANK;
  const rank = LOG_LEVELS.indexOf(priority.toUpperCase() as LogLevel);
  return rank < 0 ? ERROR_RANK : rank;
}

export function passes(level: LogLevel, threshold: number): boolean {
  return LOG_LEVELS.indexOf(level) >= threshold;
}
