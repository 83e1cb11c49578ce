/**
 * The `console` verb (lxc-console, lxc-start -F): a session on a container's
 * /dev/console or one of its lxc.tty.max ttys, carried like an attach session
 * on lxcbus.v1.io.<host>.<owner>.<session>.<in|out> (see attach-io.ts):
 * stdin and resize in, stdout out, one `exit` frame when the container stopped
 * or the session was dropped. One client per terminal: a second gets BUSY.
 * decisions/console.md explains the choices.
 */
import { z } from 'zod';
import { CONTAINER_NAME_PATTERN } from './names';

const name = z.string().regex(CONTAINER_NAME_PATTERN);
const absPath = z.string().min(1).max(4096).refine((p) => p.startsWith('/') && !p.split('/').includes('..'), {
  message: 'must be an absolute path without ".."',
});

/** A bound for validation only; the shim refuses a tty that lxc.tty.max did not make. */
export const CONSOLE_TTY_MAX = 1024;

export const ConsoleRequest = z.object({
  name,
  lxcpath: absPath.optional(),
  /** Client-chosen session id, as for attach. */
  session: z.string().regex(/^[A-Za-z0-9]{8,64}$/),
  /** 0 = /dev/console, 1..lxc.tty.max, -1 = the first free tty (lxc-console without -t). */
  tty: z.number().int().min(-1).max(CONSOLE_TTY_MAX).default(-1),
  /**
   * lxc-start -F: first send what the console wrote since the start (console.log), so
   * no boot output is lost; if the container already stopped, that is all the session carries.
   */
  replay: z.boolean().default(false),
  rows: z.number().int().min(1).max(65535).optional(),
  cols: z.number().int().min(1).max(65535).optional(),
}).strict();
export type ConsoleRequest = z.infer<typeof ConsoleRequest>;

export interface ConsoleReply {
  session: string;
  /** The terminal the session got: 0 for the console, else the tty number. */
  tty: number;
}
