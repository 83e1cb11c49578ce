/**
 * lxc-top: one `top` request per refresh (state-reporter gathers the figures from every
 * host's runtime-executor, so this works against a remote stack), printed as LXC 5.0.2 does.
 * As lxc_top.c: stdin must be a terminal even in batch mode ("stdin is not a tty", rc 1); echo
 * and line buffering are turned off; interactive keys are q (quit), r (reverse) and n/c/b/m/s/k
 * (sort; the same key again reverses); SIGINT/SIGQUIT end it with rc 0 and the terminal is
 * restored with a newline on stderr. Node's raw mode also swallows ^C, so 0x03 counts as SIGINT.
 */
import { DomainError, type TopReply } from '@lxcbus/contracts';
import { sortKey, type TopArgs, type TopSortKey } from '../args';
import type { CliContext } from '../cli-context';
import { BATCH_HEADER, batchRow, screen, sortRows } from '../format/top-format';
import type { ToolIo } from './command';

interface View {
  sortBy: TopSortKey;
  reverse: boolean;
}

/** A key typed at the interactive screen; returns true for quit. */
export function applyKey(view: View, key: string): boolean {
  if (key === 'q') return true;
  if (key === 'r') view.reverse = !view.reverse;
  else if ('ncbmsk'.includes(key) && key.length === 1) {
    view.reverse = view.sortBy === key ? !view.reverse : false;
    view.sortBy = sortKey(key);
  }
  return false;
}

class Terminal {
  private wake?: () => void;
  /** Typed bytes not yet acted on: LXC reads one per wake-up, so a burst is handled in order. */
  private readonly keys: string[] = [];
  quit = false;

  constructor(private readonly io: ToolIo) {}

  setup(): boolean {
    const stdin = this.io.stdin;
    if (!stdin.isTTY) {
      this.io.stderr.write('stdin is not a tty\nFailed to setup terminal\n');
      return false;
    }
    stdin.setRawMode(true);
    stdin.on('data', (d: Buffer) => {
      const s = d.toString('latin1');
      if (s.includes('\x03') || s.includes('\x1c')) this.quit = true;
      this.keys.push(...s);
      this.wake?.();
    });
    stdin.on('end', () => { this.keys.push('q'); this.wake?.(); });
    const stop = () => { this.quit = true; this.wake?.(); };
    process.once('SIGINT', stop);
    process.once('SIGQUIT', stop);
    return true;
  }

  restore(): void {
    this.io.stdin.setRawMode?.(false);
    this.io.stdin.pause();
    this.io.stderr.write('\n');
  }

  rows(): number {
    return this.io.stdout.isTTY && this.io.stdout.rows ? this.io.stdout.rows : 25;
  }

  /** Sleeps `seconds`; interactive mode wakes on a key and returns it. */
  wait(seconds: number, interactive: boolean): Promise<string> {
    if (interactive && this.keys.length) return Promise.resolve(this.keys.shift() ?? '');
    return new Promise((resolve) => {
      const done = () => { clearTimeout(timer); this.wake = undefined; resolve(interactive ? this.keys.shift() ?? '' : ''); };
      // sleep(-1) in LXC is sleep(UINT_MAX): a negative delay never refreshes again.
      const timer = setTimeout(done, seconds < 0 ? 2 ** 31 - 1 : seconds * 1000);
      this.wake = () => { if (interactive || this.quit) done(); };
    });
  }
}

export async function topTool(ctx: CliContext, a: TopArgs, io: ToolIo): Promise<number> {
  const term = new Terminal(io);
  if (!term.setup()) return 1;
  const view: View = { sortBy: a.sortBy, reverse: a.reverse };
  try {
    if (a.batch) io.stdout.write(BATCH_HEADER);
    while (!term.quit) {
      const reply = await ctx.bus.command<TopReply>('top', { lxcpath: a.lxcpaths[0] });
      const rows = sortRows(reply.containers, view.sortBy, view.reverse);
      if (a.batch) {
        const now = Date.now();
        io.stdout.write(rows.map((r) => batchRow(now, r)).join(''));
      } else {
        io.stdout.write(screen(rows, term.rows() - 3));
      }
      if (term.quit) break;
      const key = await term.wait(a.delay, !a.batch);
      if (!a.batch && applyKey(view, key)) break;
    }
    return 0;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    io.stderr.write(`lxc-top: ${err.message} (${err.code})\n`);
    return 1;
  } finally {
    term.restore();
  }
}
