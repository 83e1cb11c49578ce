/**
 * Default lxcpath of an owner, as LXC computes it: root's comes from the stack
 * (LXCBUS_LXCPATH, default /var/lib/lxc); a user's is ~/.local/share/lxc.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT_LXCPATH_DEFAULT = '/var/lib/lxc';

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

export function parsePasswd(text: string): PasswdEntry[] {
  return text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(':')).filter((f) => f.length >= 7)
    .map((f) => ({ name: f[0], uid: Number(f[2]), gid: Number(f[3]), home: f[5], shell: f[6] }));
}

export function lookupUser(owner: string, passwdFile = '/etc/passwd'): PasswdEntry | null {
  try {
    return parsePasswd(readFileSync(passwdFile, 'utf8')).find((e) => e.name === owner) ?? null;
  } catch {
    return null;
  }
}

export function ownerLxcpath(owner: string, rootLxcpath: string, passwdFile?: string): string {
  if (owner === 'root') return rootLxcpath;
  const user = lookupUser(owner, passwdFile);
  return join(user?.home ?? join('/home', owner), '.local/share/lxc');
}
