/**
 * Writing and removing a file in a user's home as that user, never as root:
 * root following a link the user planted (~/.config -> /etc) would write or
 * chown a file of root's choosing. A child node process with the user's uid
 * and gid (libuv drops the supplementary groups) does the file work, so the
 * kernel applies the user's own permissions to every path component.
 */
import { spawnSync } from 'node:child_process';
import type { PasswdEntry } from '@lxcbus/bus-client';

// Creates the directories 0700, the file 0600 without following a final symlink, and reads the content from stdin.
const WRITE = `
const fs = require('fs'), path = require('path');
const file = process.argv[1];
fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
fs.chmodSync(path.dirname(file), 0o700);
const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW, 0o600);
fs.fchmodSync(fd, 0o600);
fs.writeSync(fd, fs.readFileSync(0));
fs.closeSync(fd);
`;

const REMOVE = `
try { require('fs').unlinkSync(process.argv[1]); } catch (e) { if (e.code !== 'ENOENT') throw e; }
`;

export class UserFileError extends Error {}

function runAs(user: PasswdEntry, script: string, file: string, input = ''): void {
  const r = spawnSync(process.execPath, ['-e', script, file], {
    uid: user.uid, gid: user.gid, cwd: '/', input, env: { HOME: user.home, PATH: '/usr/bin:/bin' }, timeout: 15_000,
  });
  if (r.error) throw new UserFileError(`${file}: cannot run as ${user.name}: ${r.error.message}`);
  if (r.status !== 0) {
    const why = r.stderr.toString().split('\n').find((l) => /Error|EACCES|ELOOP|EEXIST|ENOTDIR/.test(l)) ?? `exit ${r.status}`;
    throw new UserFileError(`${file}: as ${user.name}: ${why.trim()}`);
  }
}

export function writeFileAsUser(user: PasswdEntry, file: string, content: string): void {
  runAs(user, WRITE, file, content);
}

export function removeFileAsUser(user: PasswdEntry, file: string): void {
  runAs(user, REMOVE, file);
}
