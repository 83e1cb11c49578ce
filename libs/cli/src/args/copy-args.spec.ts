import { parseCopyArgs } from './copy-args';
import type { ParseOutcome } from './tool-spec';

function args<T>(outcome: ParseOutcome<T>): T {
  if (outcome.kind !== 'run') throw new Error(`expected run, got exit ${outcome.code}: ${outcome.stderr}`);
  return outcome.args;
}

describe('lxc-copy -e with -F/-d (lxc_copy.c: daemonize defaults to 1, -F clears it, -d sets it)', () => {
  it('is daemonized by default; -F (or --foreground) runs the clone in the foreground', () => {
    expect(args(parseCopyArgs(['-n', 'c', '-e']))).toMatchObject({ task: 'ephemeral', foreground: false });
    expect(args(parseCopyArgs(['-n', 'c', '-e', '-F']))).toMatchObject({ task: 'ephemeral', foreground: true });
    expect(args(parseCopyArgs(['-n', 'c', '--foreground', '--ephemeral', '-N', 'x']))).toMatchObject({
      task: 'ephemeral', foreground: true, newName: 'x',
    });
  });

  it('the last of -F and -d wins, and they combine with -D, -q and bundled short options', () => {
    expect(args(parseCopyArgs(['-n', 'c', '-e', '-F', '-d'])).foreground).toBe(false);
    expect(args(parseCopyArgs(['-n', 'c', '-e', '-d', '-F'])).foreground).toBe(true);
    expect(args(parseCopyArgs(['-n', 'c', '--daemon', '-eF'])).foreground).toBe(true);
    expect(args(parseCopyArgs(['-n', 'c', '-eFDq']))).toMatchObject({ task: 'ephemeral', foreground: true, keepData: true, quiet: true });
  });

  it('keeps a command after -- as operands (run in the ephemeral clone)', () => {
    expect(args(parseCopyArgs(['-n', 'c', '-e', '-F', '--', 'echo', 'hi']))).toMatchObject({ foreground: true, argv: ['echo', 'hi'] });
    // Without --, getopt permutes as LXC's: the words are the command wherever they stand.
    expect(args(parseCopyArgs(['-n', 'c', '-e', 'echo', '-N', 'x', 'hi']))).toMatchObject({ newName: 'x', argv: ['echo', 'hi'] });
  });
});
