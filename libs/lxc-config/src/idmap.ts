/**
 * `lxc.idmap = <u|g> <nsid> <hostid> <range>`: a user namespace id mapping.
 * LXC 5.0 accepts only `u` and `g` (`b`, both, is rejected with
 * "Invalid id mapping type"), exactly four fields, unsigned numbers.
 */
export type IdMapKind = 'u' | 'g';

export interface IdMap {
  kind: IdMapKind;
  nsid: number;
  hostid: number;
  range: number;
}

const UINT = /^[0-9]+$/;

/** Parses one idmap value; returns a reason string when LXC would reject it. */
export function parseIdmap(value: string): IdMap | string {
  const fields = value.split(/[ \t]+/).filter((f) => f !== '');
  if (fields.length !== 4) return 'Failed to parse id mappings';
  const [kind, ...nums] = fields;
  if (kind !== 'u' && kind !== 'g') return `Invalid id mapping type: ${kind}`;
  if (!nums.every((n) => UINT.test(n) && Number(n) <= 0xffffffff)) return 'Failed to parse id mappings';
  const [nsid, hostid, range] = nums.map(Number);
  return { kind, nsid, hostid, range };
}

/** The getter form LXC prints (single spaces). */
export function formatIdmap(m: IdMap): string {
  return `${m.kind} ${m.nsid} ${m.hostid} ${m.range}`;
}
