/**
 * Pure formatters that reproduce the text of the LXC 5.0.2 tools byte for byte:
 * lxc-info, lxc-ls (with its filters), lxc-monitor lines and the error/exit table.
 */
export { fixed, padLeft, padRight } from './c-printf';
export { formatInfo, humanizeCpu, humanizeSize } from './info-format';
export type { InfoConfigItem, InfoFlags, InfoLink, InfoOutput, InfoStats, InfoView } from './info-format';
export { isActiveState, splitCommaList } from './ls-row';
export type { LsRow } from './ls-row';
export { filterLsRows, hasAllGroups } from './ls-filter';
export type { LsFilter } from './ls-filter';
export { formatLs, formatLsFancy, formatLsNames, formatLsTable, lsColumnWidth } from './ls-format';
export type { LsFormatOptions, LsOutput } from './ls-format';
export { formatExitStatus, formatStateChange, MONITOR_DEFAULT_PATTERN, monitorNameMatcher } from './monitor-format';
export { LXC_SITUATIONS, logLine, lxcError } from './lxc-error';
export type { LxcErrorText, LxcSituation, LxcTool } from './lxc-error';
