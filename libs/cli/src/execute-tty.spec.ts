import { callerTty, enterTerminal, windowSize } from './execute-tty';
import type { AttachIo } from './attach-client';

function io(tty: { stdin?: boolean; stdout?: boolean; stderr?: boolean }, size = { rows: 30, columns: 100 }) {
  const raw: boolean[] = [];
  const stream = (isTTY?: boolean) => ({ isTTY, ...size });
  const stdin = { isTTY: tty.stdin, setRawMode: (on: boolean) => raw.push(on) };
  return { io: { stdin, stdout: stream(tty.stdout), stderr: stream(tty.stderr) } as unknown as AttachIo, raw };
}

describe('execute-tty', () => {
  it('asks for the console for the terminal fds, with the terminal\'s size', () => {
    expect(callerTty(io({ stdin: true, stdout: true, stderr: true }).io)).toEqual({ stdin: true, stdout: true, stderr: true, rows: 30, cols: 100 });
    expect(callerTty(io({ stderr: true }).io)).toEqual({ stdin: false, stdout: false, stderr: true, rows: 30, cols: 100 });
  });

  it('gives pipes when no output is a terminal (stdin alone, or none)', () => {
    expect(callerTty(io({ stdin: true }).io)).toBeUndefined();
    expect(callerTty(io({}).io)).toBeUndefined();
  });

  it('falls back to 24x80 when the terminal reports no size', () => {
    expect(windowSize(io({ stdout: true }, { rows: 0, columns: 0 }).io, true)).toEqual({ rows: 24, cols: 80 });
  });

  it('raw mode only on a terminal stdin, restored; SIGWINCH sends the size until undone', () => {
    const t = io({ stdin: true, stdout: true });
    const sizes: unknown[] = [];
    const leave = enterTerminal(t.io, { stdin: true, stdout: true, stderr: false, rows: 30, cols: 100 }, (s) => sizes.push(s));
    process.emit('SIGWINCH');
    leave();
    process.emit('SIGWINCH');
    expect(t.raw).toEqual([true, false]);
    expect(sizes).toEqual([{ rows: 30, cols: 100 }]);
    const p = io({ stdout: true });
    enterTerminal(p.io, { stdin: false, stdout: true, stderr: false, rows: 30, cols: 100 }, () => undefined)();
    expect(p.raw).toEqual([]);
  });
});
