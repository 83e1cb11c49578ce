/**
 * Which containers lxc-autostart acts on, and in which order, as
 * src/lxc/tools/lxc_autostart.c decides it: sorted by lxc.start.order
 * (ascending; descending for -s and -k) then name, one pass per -g field
 * (a single pass over the NULL group without -g), each container taken in
 * the first pass whose group it is in and never again. Without -A only
 * lxc.start.auto = 1 counts; -a ignores groups.
 */
import { groupListContains } from '../args';

export interface AutostartCandidate {
  name: string;
  running: boolean;
  auto: boolean;
  delay: number;
  order: number;
  /** lxc.group values; null when none is set (LXC's NULL list). */
  groups: string[] | null;
}

export interface AutostartSelection {
  groups?: string[];
  all: boolean;
  ignoreAuto: boolean;
  /** -s and -k walk the order backwards. */
  reverse: boolean;
}

/** cmporder(): order, then strncmp over the first name's length. */
function cmpOrder(a: AutostartCandidate, b: AutostartCandidate): number {
  if (a.order !== b.order) return a.order - b.order;
  const bPrefix = b.name.slice(0, a.name.length);
  return a.name < bPrefix ? -1 : a.name > bPrefix ? 1 : 0;
}

export function planAutostart(candidates: readonly AutostartCandidate[], sel: AutostartSelection): AutostartCandidate[] {
  const sorted = [...candidates].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .sort((a, b) => (sel.reverse ? -cmpOrder(a, b) : cmpOrder(a, b)));
  const pending = sorted.filter((c) => sel.ignoreAuto || c.auto);
  const chosen: AutostartCandidate[] = [];
  for (const group of sel.groups ?? ['']) {
    for (const c of [...pending]) {
      if (!sel.all && !groupListContains(group, c.groups)) continue;
      chosen.push(c);
      pending.splice(pending.indexOf(c), 1);
    }
  }
  return chosen;
}

/** get_config_integer(): lxc_safe_int of the getter's text, 0 when it is not a number. */
export function configInteger(value: string | null | undefined): number {
  const n = Number((value ?? '').trim());
  return Number.isInteger(n) ? n : 0;
}

/** get_config_list(): the getter's lines, empty ones skipped; null when the value is empty. */
export function configList(value: string | null | undefined): string[] | null {
  if (!value) return null;
  return value.split('\n').filter((v) => v !== '');
}
