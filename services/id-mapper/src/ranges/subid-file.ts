/**
 * shadow's /etc/subuid and /etc/subgid: `<user name or uid>:<first id>:<count>` per line.
 * A line names its owner either by name or by numeric uid, in both files (shadow
 * compares uids for subgid too). Lines that do not parse are ignored, as shadow
 * ignores them for lookups.
 */
import type { IdRange } from '@lxcbus/contracts';

/** The highest id the kernel accepts in a map is 2^32-2; (uid_t)-1 means "no id". */
export const ID_LIMIT = 0xffff_ffff;

export interface SubidEntry {
  readonly owner: string;
  readonly start: number;
  readonly count: number;
}

export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

const DECIMAL = /^\d{1,10}$/;

export function parseSubidFile(text: string): SubidEntry[] {
  const out: SubidEntry[] = [];
  for (const raw of text.split('\n')) {
    const fields = raw.replace(/\r$/, '').split(':');
    if (fields.length !== 3) continue;
    const [owner, first, count] = fields;
    if (owner === '' || !DECIMAL.test(first) || !DECIMAL.test(count)) continue;
    const start = Number(first);
    const n = Number(count);
    if (n === 0 || start + n > ID_LIMIT) continue;
    out.push({ owner, start, count: n });
  }
  return out;
}

/** `/etc/passwd` name, uid and gid; other fields and malformed lines are ignored. */
export function parsePasswd(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const raw of text.split('\n')) {
    const f = raw.replace(/\r$/, '').split(':');
    if (f.length < 4 || f[0] === '' || !DECIMAL.test(f[2]) || !DECIMAL.test(f[3])) continue;
    out.push({ name: f[0], uid: Number(f[2]), gid: Number(f[3]) });
  }
  return out;
}

/**
 * The ranges delegated to `owner`, in file order: lines naming the owner, lines giving
 * the owner's uid as a number, and lines naming another account with the same uid.
 */
export function rangesOf(owner: string, entries: readonly SubidEntry[], passwd: readonly PasswdEntry[]): IdRange[] {
  const uid = passwd.find((p) => p.name === owner)?.uid;
  const matches = (lineOwner: string): boolean => {
    if (lineOwner === owner) return true;
    if (uid === undefined) return false;
    if (DECIMAL.test(lineOwner)) return Number(lineOwner) === uid;
    return passwd.find((p) => p.name === lineOwner)?.uid === uid;
  };
  return entries.filter((e) => matches(e.owner)).map((e) => ({ start: e.start, count: e.count }));
}
