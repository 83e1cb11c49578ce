/**
 * The client half of `lxc-create -t download`: lxc-download lists the index and asks
 * `Distribution: `, `Release: `, `Architecture: ` when -d/-r/-a are missing, and
 * prints the list and fails for `--list`. Questions need the user's terminal, so the
 * CLI asks image-fetcher for the index (`images`), prints what LXC prints, reads the
 * answers and passes them on as `-d/-r/-a` in the create it then sends.
 */
import { createInterface } from 'node:readline';
import type { ImagePromptField, ImagesReply } from '@lxcbus/contracts';
import type { CliContext } from '../cli-context';
import type { ToolIo } from './command';

const QUESTIONS: Record<ImagePromptField, { label: string; flag: string }> = {
  dist: { label: 'Distribution', flag: '-d' },
  release: { label: 'Release', flag: '-r' },
  arch: { label: 'Architecture', flag: '-a' },
};

export type DownloadPlan = { kind: 'create'; templateArgs: string[] } | { kind: 'listed' };

export async function planDownload(ctx: CliContext, templateArgs: string[], io: ToolIo): Promise<DownloadPlan> {
  const reply = await ctx.bus.command<ImagesReply>('images', { templateArgs }, { timeoutMs: 120_000 });
  if (!reply.list && reply.missing.length === 0) return { kind: 'create', templateArgs };
  io.stdout.write(listing(reply));
  if (reply.list) return { kind: 'listed' };
  io.stdout.write('\n');
  const answers = await ask(io, reply.missing);
  io.stdout.write('\n');
  return { kind: 'create', templateArgs: [...templateArgs, ...answers] };
}

/** lxc-download 5.0.2's list: tab-separated, between `---` lines. */
export function listing(reply: ImagesReply): string {
  const rows = reply.images.map((r) => `${r.dist}\t${r.release}\t${r.arch}\t${r.variant}\t${r.build}\n`).join('');
  return `Downloading the image index\n\n---\nDIST\tRELEASE\tARCH\tVARIANT\tBUILD\n---\n${rows}---\n`;
}

/** `echo "Distribution: "; read -r DOWNLOAD_DIST`: the question on its own line, one answer line each. */
async function ask(io: ToolIo, fields: readonly ImagePromptField[]): Promise<string[]> {
  const rl = createInterface({ input: io.stdin, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const args: string[] = [];
  try {
    for (const f of fields) {
      io.stdout.write(`${QUESTIONS[f].label}: \n`);
      const next = await lines.next();
      const answer = next.done ? '' : String(next.value).trim();
      if (answer !== '') args.push(QUESTIONS[f].flag, answer);
    }
  } finally {
    rl.close();
  }
  return args;
}
