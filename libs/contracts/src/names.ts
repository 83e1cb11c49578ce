/**
 * Identifiers that travel as NATS subject tokens and KV key parts.
 *
 * A subject token may not contain '.', '*', '>' or whitespace, and a KV key only
 * [-/_=.a-zA-Z0-9]. Container names are therefore hostname-like: LXC itself
 * accepts almost anything but '/', yet a name is also the default hostname
 * (lxc.uts.name), so this restriction costs real users little and keeps every
 * name usable as a token without escaping. See docs/decisions/names.md.
 */
import { createHash } from 'node:crypto';

export const CONTAINER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
export const OWNER_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,31}$/;
export const HOST_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
export const SESSION_PATTERN = /^[A-Za-z0-9]{8,64}$/;

export function isContainerName(name: unknown): name is string {
  return typeof name === 'string' && CONTAINER_NAME_PATTERN.test(name);
}

export function isOwner(owner: unknown): owner is string {
  return typeof owner === 'string' && OWNER_PATTERN.test(owner);
}

export function isHostId(host: unknown): host is string {
  return typeof host === 'string' && HOST_PATTERN.test(host);
}

/** Turns an OS hostname into a valid host token ("web-1.example.org" -> "web-1"). */
export function hostIdFromHostname(hostname: string): string {
  const first = hostname.split('.')[0].replace(/[^A-Za-z0-9_-]/g, '-').replace(/^[-_]+/, '');
  return first.length > 0 ? first.slice(0, 63) : 'localhost';
}

/** A short stable id for an lxcpath, so one owner's containers in two lxcpaths never share a key. */
export function lxcpathId(lxcpath: string): string {
  return createHash('sha256').update(lxcpath).digest('hex').slice(0, 12);
}
