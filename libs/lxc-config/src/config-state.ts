/**
 * Folds the ordered entries of a parse into the values LXC ends up with,
 * following how each kind of key combines with earlier ones (KeyMode): the
 * last scalar wins, lists accumulate, an empty value clears, `lxc.cap.keep =
 * none` clears the keep list, family roots (`lxc.net =`, `lxc.cgroup2 =`)
 * clear every member. The result is an ordered list of effective values.
 */
import { invalidValue } from './config-errors';
import { lookupKey, KeySpec } from './config-keys';
import { ConfigEntry } from './config-parser';

export interface EffectiveValue {
  key: string;
  value: string;
  family?: string;
  netIndex?: number;
  entry: ConfigEntry;
}

type Apply = (state: EffectiveValue[], spec: KeySpec, entry: ConfigEntry) => EffectiveValue[];

const without = (state: EffectiveValue[], key: string) => state.filter((v) => v.key !== key);
const record = (spec: KeySpec, entry: ConfigEntry, value = entry.value): EffectiveValue => ({
  key: spec.key, value, family: spec.family, netIndex: spec.netIndex, entry,
});

function replaceInPlace(state: EffectiveValue[], spec: KeySpec, entry: ConfigEntry): EffectiveValue[] {
  if (entry.value === '') return without(state, spec.key);
  const at = state.findIndex((v) => v.key === spec.key);
  if (at < 0) return [...state, record(spec, entry)];
  const next = without(state, spec.key);
  next.splice(at, 0, record(spec, entry));
  return next;
}

function append(state: EffectiveValue[], spec: KeySpec, entry: ConfigEntry): EffectiveValue[] {
  return entry.value === '' ? without(state, spec.key) : [...state, record(spec, entry)];
}

function tokens(state: EffectiveValue[], spec: KeySpec, entry: ConfigEntry): EffectiveValue[] {
  if (entry.value === '' || (spec.key === 'lxc.cap.keep' && entry.value === 'none')) return without(state, spec.key);
  const other = spec.key === 'lxc.cap.drop' ? 'lxc.cap.keep' : spec.key === 'lxc.cap.keep' ? 'lxc.cap.drop' : undefined;
  // LXC keeps one capability list plus a keep/drop flag, so mixing them fails.
  if (other && state.some((v) => v.key === other)) throw invalidValue(entry);
  return [...state, ...entry.value.split(/[ \t]+/).map((t) => record(spec, entry, t))];
}

const mountCategory = (token: string) => token.split(':')[0].replace(/^cgroup-full$/, 'cgroup');

function mountAuto(state: EffectiveValue[], spec: KeySpec, entry: ConfigEntry): EffectiveValue[] {
  if (entry.value === '') return without(state, spec.key);
  let next = state;
  for (const token of entry.value.split(/[ \t]+/)) {
    next = next.filter((v) => v.key !== spec.key || mountCategory(v.value) !== mountCategory(token));
    next = [...next, record(spec, entry, token)];
  }
  return next;
}

function family(state: EffectiveValue[], spec: KeySpec): EffectiveValue[] {
  return state.filter((v) => v.family !== spec.key);
}

const APPLY: Record<KeySpec['mode'], Apply> = {
  scalar: replaceInPlace,
  keyed: replaceInPlace,
  list: append,
  keyedMulti: append,
  tokens,
  mountAuto,
  family: (state, spec) => family(state, spec),
  include: (state) => state,
};

export function foldEntries(entries: readonly ConfigEntry[]): EffectiveValue[] {
  let state: EffectiveValue[] = [];
  for (const entry of entries) {
    const found = lookupKey(entry.key);
    if (!found.ok) continue; // the parser already rejected these
    state = APPLY[found.spec.mode](state, found.spec, entry);
  }
  return state;
}
