/**
 * What `lxc-create` shows while the template runs: the template's lines (LXC prints
 * them on stdout; `-q` silences them) and, only when stderr is a terminal, a progress
 * bar for byte counts (the rootfs download). Both come from the container's `progress`
 * events, subscribed before the create is sent.
 */
import { parseEvent, subjects, type EventDataOf } from '@lxcbus/contracts';
import type { CliContext } from '../cli-context';
import type { ToolIo } from './command';

const BAR_WIDTH = 30;

export interface ProgressView {
  /** Waits for events already on the wire, then stops and clears the bar. */
  stop(): Promise<void>;
}

export function watchProgress(ctx: CliContext, name: string, lxcpath: string, io: ToolIo, quiet: boolean): ProgressView {
  const tty = Boolean((io.stderr as { isTTY?: boolean }).isTTY);
  let barShown = false;
  const clearBar = () => {
    if (barShown) io.stderr.write('\r\x1b[K');
    barShown = false;
  };
  const sub = ctx.nc.subscribe(subjects.event(ctx.settings.host, ctx.owner, name, 'progress'), {
    callback: (_err, msg) => {
      let parsed;
      try {
        parsed = parseEvent(msg.json());
      } catch {
        return;
      }
      const d = parsed?.event.data as EventDataOf<'progress'> | undefined;
      if (!d || d.lxcpath !== lxcpath) return;
      if (d.message !== undefined) {
        clearBar();
        if (!quiet) io.stdout.write(`${d.message}\n`);
      } else if (tty && d.bytesDone !== undefined) {
        io.stderr.write(`\r${bar(d.phase, d.bytesDone, d.bytesTotal)}`);
        barShown = true;
      }
    },
  });
  return {
    stop: async () => {
      await ctx.nc.flush().catch(() => undefined);
      sub.unsubscribe();
      clearBar();
    },
  };
}

export function bar(phase: string, done: number, total: number | undefined): string {
  const mib = (n: number) => (n / (1 << 20)).toFixed(1);
  if (!total) return `${phase} ${mib(done)} MiB`;
  const frac = Math.min(1, done / total);
  const filled = Math.round(frac * BAR_WIDTH);
  return `${phase} [${'#'.repeat(filled)}${' '.repeat(BAR_WIDTH - filled)}] ${String(Math.round(frac * 100)).padStart(3)}% ${mib(done)}/${mib(total)} MiB`;
}
