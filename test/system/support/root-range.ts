/**
 * Root's own subordinate range (root:100000:65536) in /etc/subuid and /etc/subgid, which LXC
 * (and newuidmap) require for root-run unprivileged containers and which makes useradd hand a
 * test user the next range. Added for a test where missing, and removed after it only from the
 * files it was added to.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

export const ROOT_RANGE = 'root:100000:65536';

/** Adds the range where it is missing; returns the files it was added to, for dropRootRange. */
export function ensureRootRange(): string[] {
  const added: string[] = [];
  for (const f of ['/etc/subuid', '/etc/subgid']) {
    const text = existsSync(f) ? readFileSync(f, 'utf8') : '';
    if (text.split('\n').includes(ROOT_RANGE)) continue;
    appendFileSync(f, `${text && !text.endsWith('\n') ? '\n' : ''}${ROOT_RANGE}\n`);
    added.push(f);
  }
  return added;
}

export function dropRootRange(files: string[]): void {
  for (const f of files) {
    writeFileSync(f, readFileSync(f, 'utf8').split('\n').filter((l) => l !== ROOT_RANGE).join('\n'));
  }
}
