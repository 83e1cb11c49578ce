/**
 * What a unix user's NATS identity may do (docs/decisions/bus-identity.md):
 * publish their own commands and attach input, read their own events, attach
 * output and replies. Everything else (other owners, `lxcbus.v1.svc.>`,
 * `$JS.API.>`, other inboxes) is denied by omission. The services' identity has
 * no such list: it may do anything.
 */
import { SUBJECT_ROOT } from './subjects';

export interface SubjectPermissions {
  publish: string[];
  subscribe: string[];
}

/** Replies to a user's requests arrive under this prefix only (nats.js `inboxPrefix`). */
export function userInboxPrefix(owner: string): string {
  return `_INBOX_${owner}`;
}

export function userPermissions(owner: string): SubjectPermissions {
  return {
    publish: [`${SUBJECT_ROOT}.cmd.*.${owner}.>`, `${SUBJECT_ROOT}.io.*.${owner}.>`],
    subscribe: [`${SUBJECT_ROOT}.evt.*.${owner}.>`, `${SUBJECT_ROOT}.io.*.${owner}.>`, `${userInboxPrefix(owner)}.>`],
  };
}
