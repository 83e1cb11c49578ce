/**
 * /etc/lxc/lxc-usernet as lxc-user-nic reads it (LXC-REFERENCE 5): `user type bridge count` or
 * `@group type bridge count`, whitespace separated; comments and malformed lines are ignored.
 * Every line matching the user (by name or by one of their groups), the type and the bridge
 * counts, in file order; a new nic is charged to the first line whose own count still has room.
 * Charges are kept per line name, so members of a group share that line's count.
 */
import { readFileSync } from 'node:fs';

export interface Allotment {
  /** `alice` or `@devs`: the name charges are recorded under. */
  name: string;
  allowed: number;
}

export function parseUsernet(text: string, user: string, groups: readonly string[], type: string, bridge: string): Allotment[] {
  const out: Allotment[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const f = line.split(/\s+/);
    if (f.length !== 4 || !/^\d+$/.test(f[3])) continue;
    const [name, t, br] = f;
    const matches = name.startsWith('@') ? groups.includes(name.slice(1)) : name === user;
    if (matches && t === type && br === bridge) out.push({ name, allowed: Number(f[3]) });
  }
  return out;
}

/** The first allotment with room, given how many nics are charged to each name; null = "Quota reached". */
export function pickAllotment(allots: readonly Allotment[], used: (name: string) => number): Allotment | null {
  return allots.find((a) => used(a.name) < a.allowed) ?? null;
}

/** The user's groups: primary (from passwd) plus every group listing them as a member. */
export function groupsOf(user: string, passwdText: string, groupText: string): string[] {
  const pw = passwdText.split('\n').map((l) => l.split(':')).find((f) => f[0] === user);
  const out = new Set<string>();
  for (const f of groupText.split('\n').map((l) => l.split(':'))) {
    if (f.length < 4) continue;
    if ((pw && f[2] === pw[3]) || f[3].split(',').map((m) => m.trim()).includes(user)) out.add(f[0]);
  }
  return [...out];
}

export function readOrEmpty(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
