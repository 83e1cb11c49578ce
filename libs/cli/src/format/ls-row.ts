import type { LsRow as WireLsRow } from '@lxcbus/contracts';

/**
 * One container as lxc-ls sees it. Lists are kept as arrays here; lxc-ls joins them
 * with ", " and treats an empty list like a missing value (printed as `-`).
 */
export interface LsRow extends Omit<WireLsRow, 'state'> {
  /** Any state name: the formatter also renders rows captured from real LXC. */
  state: string;
  /** False for a running container whose config is gone (`--defined` hides it). Default true. */
  defined?: boolean;
  /** Nesting depth from --nesting; 0 for containers of the given lxcpath. */
  nestLevel?: number;
}

/** lxc_string_split_and_trim(): split on commas, trim blanks, drop empty tokens. */
export function splitCommaList(text: string): string[] {
  return text
    .split(',')
    .filter((token) => token !== '')
    .map((token) => token.trim());
}

/** is_running() in liblxc: every state except STOPPED. */
export function isActiveState(state: string): boolean {
  return state !== 'STOPPED';
}
