/**
 * lxc-ls selection, in the order ls_get() applies it (src/lxc/tools/lxc_ls.c):
 * name regex, --active/--frozen (only containers with a live monitor), --defined,
 * --running (any state but STOPPED, so FROZEN and FREEZING count), --frozen
 * (exactly FROZEN unless --active was also given), --stopped, then -g.
 *
 * The regex is POSIX extended and unanchored; a JS RegExp is close enough for the
 * patterns people pass (`^web`, `db[0-9]`). A pattern that does not compile
 * matches nothing, as when regcomp() fails.
 */
import { isActiveState, LsRow } from './ls-row';

export interface LsFilter {
  running?: boolean;
  stopped?: boolean;
  frozen?: boolean;
  active?: boolean;
  defined?: boolean;
  /** -g: the container must be in every listed group. `[]` (from `-g ''`) still demands at least one group. */
  groups?: string[];
  /** --filter, or the single positional argument. */
  regex?: string;
}

function compile(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern);
  } catch {
    return null;
  }
}

/** ls_has_all_grps(). */
export function hasAllGroups(has: string[], must: string[] | undefined): boolean {
  if (must === undefined) return true;
  if (has.length === 0) return false;
  return must.every((group) => has.includes(group));
}

function keep(row: LsRow, filter: LsFilter, regex: RegExp | null | undefined): boolean {
  if (regex === null) return false;
  if (regex && !regex.test(row.name)) return false;
  const active = isActiveState(row.state);
  if ((filter.active || filter.frozen) && !active) return false;
  if (filter.defined && row.defined === false) return false;
  if (filter.running && !active) return false;
  if (filter.frozen && !filter.active && row.state !== 'FROZEN') return false;
  if (filter.stopped && row.state !== 'STOPPED') return false;
  return hasAllGroups(row.groups, filter.groups);
}

export function filterLsRows(rows: readonly LsRow[], filter: LsFilter): LsRow[] {
  const regex = filter.regex === undefined ? undefined : compile(filter.regex);
  return rows.filter((row) => keep(row, filter, regex));
}
